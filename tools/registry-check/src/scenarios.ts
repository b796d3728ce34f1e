/**
 * The empty projects of the registry check, each a function that installs from the registry, runs
 * what a user would run, and returns what the test asserts on. They run concurrently (npm installs
 * mostly wait on the network and the disk), so each installs exact versions: the drift scenario
 * publishes a newer tensor meanwhile.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BundleSize, bundleSize } from './bundle.js';
import { nestCopy } from './duplicate.js';
import { copiesOf, createProject, npmInstall, npmLs, type Project, runScript } from './project.js';
import type { Registry } from './registry.js';
import type { RunResult } from './run.js';
import { consumerConfigs, copyConsumer, typeCheck } from './typecheck.js';
import { addPatchChangeset, packageVersions, release } from './workspace.js';

export interface Context {
  /** The repository (for tools/consumer, the pinned versions, TypeScript). */
  root: string;
  /** tools/registry-check/projects: the scripts and bundle entries. */
  projects: string;
  /** Where the projects go. */
  temp: string;
  workspace: string;
  registry: Registry;
  /** What the first release published, by package name. */
  versions: Record<string, string>;
}

const at = (ctx: Context, pkg: string) => `@typetorch/${pkg}@${ctx.versions[`@typetorch/${pkg}`]}`;

async function rootPin(ctx: Context, file: string, field: string, name: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(ctx.root, file), 'utf8')) as Record<
    string,
    Record<string, string>
  >;
  return `${name}@${pkg[field]![name]}`;
}

/** Dawn's Node bindings at the version the repo tests backend-webgpu with. */
const webgpuSpec = (ctx: Context) =>
  rootPin(ctx, 'packages/backend-webgpu/package.json', 'devDependencies', 'webgpu');

/** tensor + backend-cpu alone: the tree, the compute script on the CPU, and the browser bundle. */
export async function cpuAlone(ctx: Context) {
  const project = await createProject(join(ctx.temp, 'cpu-alone'), ctx.registry);
  await npmInstall(project, [at(ctx, 'tensor'), at(ctx, 'backend-cpu')]);
  const tree = await npmLs(project);
  const run = await runScript(project, join(ctx.projects, 'compute.mjs'));
  const size = await bundleSize(project, 'tensor + backend-cpu', join(ctx.projects, 'bundle-cpu.mjs'));
  return { tree, run, size };
}

/** The training set: the SGD script, the browser bundle, then the consumer's type checks. */
export async function trainingSet(ctx: Context) {
  const project = await createProject(join(ctx.temp, 'training'), ctx.registry);
  await npmInstall(
    project,
    ['tensor', 'backend-cpu', 'autograd', 'nn', 'optim', 'data'].map((p) => at(ctx, p)),
  );
  const run = await runScript(project, join(ctx.projects, 'train.mjs'));
  const size: BundleSize = await bundleSize(project, 'training set', join(ctx.projects, 'bundle-train.mjs'));
  const typeErrors = await consumerTypeCheck(ctx, project);
  return { run, size, typeErrors };
}

/**
 * tools/consumer's type checks: it uses every package, so the other published ones (backend-webgpu,
 * with `webgpu`) join the training set, with @types/node as the repo pins it. Resolves to each config's diagnostics.
 */
async function consumerTypeCheck(ctx: Context, project: Project): Promise<Record<string, string>> {
  const installed = ['tensor', 'backend-cpu', 'autograd', 'nn', 'optim', 'data'].map(
    (p) => `@typetorch/${p}`,
  );
  const rest = Object.keys(ctx.versions).filter((name) => !installed.includes(name));
  await npmInstall(project, [...rest.map((name) => `${name}@${ctx.versions[name]}`), await webgpuSpec(ctx)]);
  await npmInstall(project, [await rootPin(ctx, 'package.json', 'devDependencies', '@types/node')], true);
  const consumer = join(ctx.root, 'tools/consumer');
  await copyConsumer(consumer, project);
  const tsc = join(ctx.root, 'node_modules/typescript/bin/tsc');
  const out: Record<string, string> = {};
  // One at a time: each tsc reads every declaration, and the machine is shared.
  for (const config of await consumerConfigs(consumer)) out[config] = await typeCheck(project, tsc, config);
  return out;
}

/** The WebGPU backend: the compute script on device 'webgpu' (VK_DRIVER_FILES passes through). */
export async function webgpu(ctx: Context): Promise<RunResult> {
  const project = await createProject(join(ctx.temp, 'webgpu'), ctx.registry);
  await npmInstall(project, [at(ctx, 'tensor'), at(ctx, 'backend-webgpu'), await webgpuSpec(ctx)]);
  return runScript(project, join(ctx.projects, 'compute.mjs'), { DEVICE: 'webgpu' });
}

/**
 * Drifted versions: a patch of tensor released alone, installed beside the first release's
 * backend-cpu, autograd and nn (one copy expected: tensor is their peer dependency); then an older
 * tensor forced under backend-cpu (two copies: the script must still work, and warn).
 */
export async function drift(ctx: Context) {
  const name = '@typetorch/tensor';
  await addPatchChangeset(ctx.workspace, name);
  const how = await release(ctx.workspace, ctx.registry, false);
  const next = await packageVersions(ctx.workspace);
  const project = await createProject(join(ctx.temp, 'drift'), ctx.registry);
  await npmInstall(project, [
    `${name}@${next[name]}`,
    at(ctx, 'backend-cpu'),
    at(ctx, 'autograd'),
    at(ctx, 'nn'),
  ]);
  const single = {
    copies: copiesOf(await npmLs(project), name),
    run: await runScript(project, join(ctx.projects, 'drift.mjs')),
  };
  await nestCopy(project, '@typetorch/backend-cpu', name, ctx.versions[name]!);
  const forced = {
    copies: copiesOf(await npmLs(project), name),
    run: await runScript(project, join(ctx.projects, 'drift.mjs')),
  };
  return { how, next, single, forced };
}
