/**
 * Rewrites `packages/tensor/src/version.ts`'s `VERSION` from `packages/tensor/package.json`'s
 * `version`. `pnpm release` runs it right after `changeset version`, which bumps package.json only: the
 * constant is what `version` (PyTorch: `torch.__version__`) reports at run time, and
 * `packages/tensor/src/version.test.ts` fails when the two differ.
 *
 *   node scripts/sync-version.mjs          # this repository
 *   node scripts/sync-version.mjs ROOT     # another checkout (the tests use a temporary copy)
 *
 * Plain JavaScript so that it runs with bare Node (no tsx) in a release job.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const packageJson = join(root, 'packages/tensor/package.json');
const versionFile = join(root, 'packages/tensor/src/version.ts');

const { version } = JSON.parse(readFileSync(packageJson, 'utf8'));
// A plain semver string only: anything else would be written into source code.
if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error(`sync-version: ${packageJson} has no valid "version" (${JSON.stringify(version)})`);
  process.exit(1);
}

const source = readFileSync(versionFile, 'utf8');
const declaration = /export const VERSION = '[^']*';/;
if (!declaration.test(source)) {
  console.error(`sync-version: ${versionFile} has no "export const VERSION = '...';" line to rewrite`);
  process.exit(1);
}
const next = source.replace(declaration, `export const VERSION = '${version}';`);
if (next !== source) writeFileSync(versionFile, next);
console.log(`sync-version: @typetorch/tensor VERSION = '${version}'${next === source ? ' (unchanged)' : ''}`);
