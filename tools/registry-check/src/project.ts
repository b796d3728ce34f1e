/**
 * An empty npm project, as a new user starts one: a package.json of an ES module package, an `.npmrc`
 * that sends the `@typetorch` scope to the local registry (everything else goes to npmjs.org), then
 * `npm install` of the pieces it wants and `node` of a script from `projects/`.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Registry } from './registry.js';
import { childEnv, type RunResult, run } from './run.js';

export interface Project {
  dir: string;
  env: NodeJS.ProcessEnv;
}

/** Creates the project in `dir`, with its own npm user config so ~/.npmrc plays no part. */
export async function createProject(dir: string, registry: Registry): Promise<Project> {
  await mkdir(dir, { recursive: true });
  const pkg = { name: 'registry-check-project', version: '1.0.0', private: true, type: 'module' };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  await writeFile(join(dir, '.npmrc'), `@typetorch:registry=${registry.url}\nfund=false\naudit=false\n`);
  const userconfig = join(dir, '.user.npmrc');
  await writeFile(userconfig, '');
  return { dir, env: childEnv({ npm_config_userconfig: userconfig }) };
}

/** `npm install specs...` in the project. */
export function npmInstall(project: Project, specs: string[], dev = false): Promise<RunResult> {
  const args = ['install', '--no-audit', '--no-fund', ...(dev ? ['--save-dev'] : []), ...specs];
  return run('npm', args, { cwd: project.dir, env: project.env });
}

/** `npm ls --all --long --json`, parsed: the installed tree as npm sees it (errors included). */
export async function npmLs(project: Project): Promise<NpmTree> {
  const result = await run('npm', ['ls', '--all', '--long', '--json'], {
    cwd: project.dir,
    env: project.env,
    allowFailure: true,
  });
  return JSON.parse(result.stdout) as NpmTree;
}

export interface NpmTree {
  version?: string;
  /** Where the copy is installed (with `--long`). */
  path?: string;
  dependencies?: Record<string, NpmTree>;
  problems?: string[];
}

/**
 * Every installed copy of `name` in an `npm ls --all --long --json` tree, as versions. A copy is one
 * directory: npm lists a shared one under every package that uses it (peers are not marked deduped).
 */
export function copiesOf(tree: NpmTree, name: string): string[] {
  const found = new Map<string, string>();
  const walk = (node: NpmTree) => {
    for (const [dep, child] of Object.entries(node.dependencies ?? {})) {
      if (dep === name && child.path !== undefined && child.version !== undefined)
        found.set(child.path, child.version);
      walk(child);
    }
  };
  walk(tree);
  return [...found.values()];
}

/** Copies `projects/<script>` into the project as main.mjs and runs it with node. */
export async function runScript(
  project: Project,
  scriptFile: string,
  env: NodeJS.ProcessEnv = {},
): Promise<RunResult> {
  await copyFile(scriptFile, join(project.dir, 'main.mjs'));
  return run(process.execPath, ['main.mjs'], { cwd: project.dir, env: { ...project.env, ...env } });
}
