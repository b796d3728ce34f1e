/**
 * A throwaway copy of the workspace, released to the local registry the way a maintainer releases:
 * the root `release` script (build, `changeset version`, the version sync, `changeset publish`). The
 * copy is what makes this safe: `changeset version` consumes `.changeset/*.md` and bumps versions,
 * which must never happen in the checkout the test runs from.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Registry } from './registry.js';
import { childEnv, run } from './run.js';

/** Files a clean clone would not have, or that the check does not need (the API reference). */
const excluded = /(^|\/)(node_modules|dist|\.git|\.turbo)(\/|$)|^docs\/api\//;

/**
 * Copies the files git tracks plus the uncommitted new ones (not ignored), so the check sees the
 * working tree as it is, and makes the copy a git repository of one commit (changesets reads git).
 */
export async function copyWorkspace(root: string, dest: string): Promise<number> {
  const env = childEnv();
  const listed = await run('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, env });
  // ls-files -c also lists tracked files deleted in the working tree: skip what is not there.
  const files = listed.stdout
    .split('\0')
    .filter((f) => f !== '' && !excluded.test(f) && existsSync(join(root, f)));
  for (const file of files) {
    await mkdir(dirname(join(dest, file)), { recursive: true });
    await copyFile(join(root, file), join(dest, file));
  }
  const git = ['-c', 'user.name=registry-check', '-c', 'user.email=registry-check@localhost'];
  await run('git', ['init', '-q', '-b', 'main'], { cwd: dest, env });
  await run('git', ['add', '-A'], { cwd: dest, env });
  await run('git', [...git, 'commit', '-q', '-m', 'snapshot for the registry check'], { cwd: dest, env });
  return files.length;
}

/**
 * Installs the copy's dependencies from pnpm's store without the network, as the lockfile says; if
 * the store lacks something (a dependency added without `pnpm install` here), from the network.
 */
export async function installWorkspace(dir: string): Promise<string> {
  const env = childEnv({ CI: 'true' });
  const offline = await run('pnpm', ['install', '--offline', '--frozen-lockfile'], {
    cwd: dir,
    env,
    allowFailure: true,
  });
  if (offline.code === 0) return 'offline';
  await run('pnpm', ['install', '--prefer-offline', '--frozen-lockfile'], { cwd: dir, env });
  return 'prefer-offline';
}

/**
 * The environment of a release against `registry`: its address for changesets (which reads
 * `npm_config_registry` to decide where to look up and publish) and a user config that holds the
 * token, so ~/.npmrc is neither read nor written.
 */
async function releaseEnv(dir: string, registry: Registry): Promise<NodeJS.ProcessEnv> {
  const host = registry.url.replace(/^http:/, '');
  const npmrc = join(dir, '.registry-check.npmrc');
  await writeFile(npmrc, `registry=${registry.url}\n${host}:_authToken=${registry.token}\n`);
  return childEnv({
    CI: 'true',
    npm_config_userconfig: npmrc,
    npm_config_registry: registry.url,
    'npm_config_@typetorch:registry': registry.url,
  });
}

/**
 * Releases the copy with the root `release` script (`release:version`: `changeset version` and the
 * version sync; `release:publish`: build and `changeset publish`), or its steps one by one where the
 * repo has no such script. Returns what ran.
 *
 * `fullBuild: false` skips the workspace-wide build and relies on each package's `prepack`, which
 * `pnpm publish` runs for the packages being published: the second release of the drift scenario
 * publishes tensor alone, and a full turbo build would rebuild every package that depends on it.
 */
export async function release(dir: string, registry: Registry, fullBuild = true): Promise<string> {
  const env = await releaseEnv(dir, registry);
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const scripts = pkg.scripts ?? {};
  const opts = { cwd: dir, env };
  if (fullBuild && scripts.release !== undefined) {
    await run('pnpm', ['run', 'release'], opts);
    return `pnpm run release (${scripts.release})`;
  }
  if (scripts['release:version'] !== undefined) {
    await run('pnpm', ['run', 'release:version'], opts);
  } else {
    await run('pnpm', ['exec', 'changeset', 'version'], opts);
    if (existsSync(join(dir, 'scripts/sync-version.mjs'))) {
      await run(process.execPath, ['scripts/sync-version.mjs'], opts);
    }
  }
  if (fullBuild) await run('pnpm', ['run', 'build'], opts);
  await run('pnpm', ['exec', 'changeset', 'publish'], opts);
  const how =
    scripts['release:version'] !== undefined ? 'pnpm run release:version' : 'changeset version + sync';
  return `${how}, ${fullBuild ? 'pnpm run build, ' : ''}changeset publish (prepack builds what it publishes)`;
}

/** Adds a changeset that bumps `name` alone by a patch, as a maintainer's fix to one package would. */
export async function addPatchChangeset(dir: string, name: string): Promise<void> {
  const text = `---\n'${name}': patch\n---\n\nA fix released alone (registry check: drifted versions).\n`;
  await writeFile(join(dir, '.changeset/registry-check-drift.md'), text);
}

/** The public packages of `dir/packages/*` (every one not marked private) and their versions, by name. */
export async function packageVersions(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of (await readdir(join(dir, 'packages'))).sort()) {
    const file = join(dir, 'packages', entry, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(await readFile(file, 'utf8')) as {
      name: string;
      version: string;
      private?: boolean;
    };
    if (pkg.private !== true) out[pkg.name] = pkg.version;
  }
  return out;
}
