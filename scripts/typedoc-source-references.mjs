// TypeDoc plugin (typedoc.json "plugin"): convert each package against the other packages' TypeScript
// sources instead of their built .d.ts. A package's tsconfig references the packages it imports, and
// through project references TypeScript reads their dist/*.d.ts: absent in a fresh checkout, stale after
// an edit, and a different declaration than the one the other package's page documents (so links
// across packages would depend on declaration maps). Without the references, imports resolve through
// the "@typetorch/source" export condition to src/, as the tests and `tsconfig.tests.json` do.

/** Runs after TypeDoc's tsconfig reader (order 200), for the root and for every package. */
const dropProjectReferences = {
  name: 'typetorch-source-references',
  order: 250,
  supportsPackages: true,
  read(options, logger) {
    const compilerOptions = { ...options.getCompilerOptions(logger) };
    // Settings of a `tsc -b` build that reject another package's sources in the program.
    delete compilerOptions.rootDir;
    delete compilerOptions.tsBuildInfoFile;
    compilerOptions.composite = false;
    compilerOptions.incremental = false;
    options.setCompilerOptions(options.getFileNames(), compilerOptions, []);
  },
};

/** TypeDoc's plugin entry point. */
export function load(app) {
  app.options.addReader(dropProjectReferences);
}
