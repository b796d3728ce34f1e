// The repo's layering, checked by dependency-cruiser (`pnpm lint:deps`; scripts/architecture.test.ts runs
// it in `pnpm test`). Dependencies point one way: backends -> tensor <- autograd <- nn (CONTRIBUTING.md).
//
// A "unit" is a workspace package's directory (pnpm-workspace.yaml) or scripts/ (the root package).
// Rules by kind of file:
// - shipped source (packages/*/src minus what each package's tsconfig.json excludes from its build:
//   tests and test support) imports only the repo packages that `layers` below allows;
// - every file, tests and benchmarks included, imports another unit only by package name, only through
//   a declared export (package.json "exports"), and only if its package.json declares that package
//   (devDependencies count: tests and benchmarks may use them).
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

/** Which repo packages each package's shipped source may import (besides itself). */
const layers = {
  tensor: [],
  'backend-cpu': ['tensor'],
  'backend-webgpu': ['tensor'],
  autograd: ['tensor'],
  nn: ['tensor', 'autograd'],
  optim: ['tensor', 'autograd'],
  data: ['tensor'],
  // The conformance suite (tests for backend authors): nothing shipped imports it.
  conformance: ['tensor'],
};

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A tsconfig "exclude" glob (`*`, `**` and plain paths) as a path regex. */
const globToRegExp = (glob) =>
  `^${escapeRegExp(glob)
    .replace(/\\\*\\\*\//g, '(|.*/)')
    .replace(/\\\*/g, '[^/]*')}(/|$)`;

/** What `tsc -b` leaves out of the packages' builds: tests and test support (tsconfig.json "exclude"). */
const notShipped = Object.keys(layers).flatMap((pkg) => {
  const dir = `packages/${pkg}`;
  const { config } = ts.readConfigFile(join(__dirname, dir, 'tsconfig.json'), ts.sys.readFile);
  return (config?.exclude ?? []).map((glob) => globToRegExp(`${dir}/${glob}`));
});

/** The directories pnpm-workspace.yaml lists (`packages/*`, `bench`...). */
const workspaceDirs = readFileSync(join(__dirname, 'pnpm-workspace.yaml'), 'utf8')
  .split('\n')
  .map((line) => /^ {2}- (.+)$/.exec(line)?.[1].replace(/^['"]|['"]$/g, ''))
  .filter((glob) => glob !== undefined)
  .flatMap((glob) => {
    if (!glob.endsWith('/*')) return [glob];
    const parent = glob.slice(0, -2);
    return readdirSync(join(__dirname, parent)).map((name) => `${parent}/${name}`);
  })
  .filter((dir) => existsSync(join(__dirname, dir, 'package.json')));

/** Units: directory -> its package.json. scripts/ belongs to the root package. */
const readManifest = (dir) => JSON.parse(readFileSync(join(__dirname, dir, 'package.json'), 'utf8'));
const units = new Map([
  ...workspaceDirs.map((dir) => [dir, readManifest(dir)]),
  ['scripts', readManifest('.')],
]);

for (const dir of units.keys()) {
  if (dir.startsWith('packages/') && !(dir.slice('packages/'.length) in layers)) {
    throw new Error(`.dependency-cruiser.cjs: give ${dir} its place in \`layers\``);
  }
}

const dirOf = new Map([...units].map(([dir, manifest]) => [manifest.name, dir]));

/** The files a package's declared exports lead to (under the `@typetorch/source` condition). */
const exportedFiles = [...units].flatMap(([dir, manifest]) =>
  Object.values(manifest.exports ?? {}).map((target) => {
    const file = typeof target === 'string' ? target : (target['@typetorch/source'] ?? target.default);
    return `^${escapeRegExp(join(dir, file))}$`;
  }),
);

/** Directories of the repo packages a manifest declares, devDependencies included. */
function declaredDirs(manifest) {
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  return names.filter((n) => dirOf.has(n)).map((n) => dirOf.get(n));
}

/** Any unit's directory, as group $1. */
const anyUnit = `^(${[...units.keys()].map(escapeRegExp).join('|')})/`;

const layeringRules = Object.entries(layers).map(([pkg, allowed]) => ({
  name: `layering-${pkg}`,
  comment: allowed.length
    ? `@typetorch/${pkg} imports only ${allowed.map((a) => `@typetorch/${a}`).join(' and ')} of this repo`
    : `@typetorch/${pkg} imports no other package of this repo`,
  severity: 'error',
  from: { path: `^packages/${pkg}/src/`, pathNot: notShipped },
  to: { path: anyUnit, pathNot: `^packages/(${[pkg, ...allowed].join('|')})/` },
}));

const declaredRules = [...units].map(([dir, manifest]) => ({
  name: `undeclared-repo-package-${dir.replace('/', '-')}`,
  comment: `${dir} imports a repo package its package.json does not declare`,
  severity: 'error',
  from: { path: `^${dir}/` },
  to: { path: anyUnit, pathNot: [dir, ...declaredDirs(manifest)].map((d) => `^${d}/`) },
}));

module.exports = {
  forbidden: [
    ...layeringRules,
    ...declaredRules,
    {
      name: 'no-relative-import-across-packages',
      comment: 'import another package by its name (e.g. @typetorch/tensor), never by a relative path',
      severity: 'error',
      from: { path: anyUnit },
      to: { pathNot: '^$1/', dependencyTypes: ['local', 'localmodule'] },
    },
    {
      name: 'no-deep-import',
      comment: "import another package only through its package.json exports ('.', './node'...)",
      severity: 'error',
      from: { path: anyUnit },
      to: {
        path: anyUnit,
        pathNot: ['^$1/', ...exportedFiles],
        dependencyTypesNot: ['local', 'localmodule'],
      },
    },
    {
      name: 'no-dev-dependency-in-shipped-source',
      comment: 'shipped source may not import a devDependency (tests and benchmarks may)',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/', pathNot: notShipped },
      // `/// <reference types="node" />` in the Node entry points names the root's @types/node.
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['npm-peer', 'triple-slash-type-reference'] },
    },
    {
      name: 'no-undeclared-npm-dependency',
      comment: 'every npm import is declared in the closest package.json',
      severity: 'error',
      from: {},
      to: {
        dependencyTypes: ['npm-no-pkg', 'npm-unknown'],
        // A package named in peerDependenciesMeta also counts as npm-no-pkg, hence the declared types.
        dependencyTypesNot: ['npm', 'npm-dev', 'npm-peer', 'npm-optional'],
      },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves (a deep import past package.json "exports" does not)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    // No `no-circular` rule: tensor (tensor.ts <-> ops/*, dispatch <-> memory/*) and autograd
    // (graph.ts <-> node.ts) have import cycles today.
  ],
  options: {
    // The units' build output (not an npm package's dist/: that would drop the dependency on it), and
    // the consumer projects that tools/consumer and tools/registry-check copy into empty directories:
    // they import the packages as installed from a registry, which the workspace does not resolve.
    exclude: { path: [`${anyUnit}dist/`, '^tools/consumer/', '^tools/registry-check/projects/'] },
    doNotFollow: { path: 'node_modules' },
    // A package may use the root package.json's devDependencies (vitest, fast-check, @types/node).
    combinedDependencies: true,
    // `import type` is a dependency too.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // Workspace packages resolve to their TypeScript sources, as in vitest.config.ts.
      conditionNames: ['@typetorch/source', 'import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
