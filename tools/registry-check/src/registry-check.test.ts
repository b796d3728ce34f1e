/**
 * Issue 19's proof that the packages work as published: a real local registry (Verdaccio), every
 * package published to it by the release script from a copy of this workspace, then empty npm projects
 * that install pieces of it and run them in plain Node, type-check them without skipLibCheck, and
 * bundle them for the browser against a size budget. README.md says what each step proves.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sizeTable } from './bundle.js';
import { copiesOf } from './project.js';
import { packument, type Registry, startRegistry, stopRegistry } from './registry.js';
import { type Context, cpuAlone, drift, trainingSet, webgpu } from './scenarios.js';
import { copyWorkspace, installWorkspace, packageVersions, release } from './workspace.js';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(pkgDir, '../..');
/** The packages issue 19 names and the conformance suite; any other public package in packages/ is published and checked too. */
const required = [
  'tensor',
  'autograd',
  'backend-cpu',
  'backend-webgpu',
  'nn',
  'optim',
  'data',
  'conformance',
].map((p) => `@typetorch/${p}`);
const budgets = JSON.parse(await readFile(join(pkgDir, 'budgets.json'), 'utf8')) as Record<
  string,
  { gzipKB: number }
>;
const TENSOR = '@typetorch/tensor';

/** The RESULT line a project script prints, parsed. */
const resultOf = (stdout: string) => JSON.parse(/^RESULT (.*)$/m.exec(stdout)?.[1] ?? 'null');

const started = Date.now();
const log = (what: string) =>
  console.log(`[registry-check ${((Date.now() - started) / 1000).toFixed(0)} s] ${what}`);
/** Logs when a scenario ends; the promise is marked handled, and each test awaits and asserts it. */
function track<T>(name: string, promise: Promise<T>): Promise<T> {
  promise.then(
    () => log(`${name} done`),
    () => log(`${name} failed`),
  );
  return promise;
}

let temp = '';
let registry: Registry | undefined;
let ctx: Context;
let scenarios: {
  cpu: ReturnType<typeof cpuAlone>;
  training: ReturnType<typeof trainingSet>;
  webgpu: ReturnType<typeof webgpu>;
  drift: ReturnType<typeof drift>;
};

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'typetorch-registry-check-'));
  registry = await startRegistry(
    join(temp, 'verdaccio'),
    join(pkgDir, 'node_modules/verdaccio/bin/verdaccio'),
  );
  log(`Verdaccio at ${registry.url}`);
  const workspace = join(temp, 'workspace');
  log(`copied ${await copyWorkspace(root, workspace)} files`);
  log(`pnpm install (${await installWorkspace(workspace)})`);
  log(`released: ${await release(workspace, registry)}`);
  const versions = await packageVersions(workspace);
  log(`versions ${JSON.stringify(versions)}`);
  ctx = { root, projects: join(pkgDir, 'projects'), temp, workspace, registry, versions };
  scenarios = {
    cpu: track('tensor + backend-cpu', cpuAlone(ctx)),
    training: track('training set', trainingSet(ctx)),
    webgpu: track('webgpu', webgpu(ctx)),
    drift: track('drift', drift(ctx)),
  };
}, 1_200_000);

afterAll(async () => {
  // Let every scenario finish before the registry and its files go (failed ones included).
  if (scenarios !== undefined) await Promise.allSettled(Object.values(scenarios));
  if (registry !== undefined) await stopRegistry(registry);
  if (temp !== '') await rm(temp, { recursive: true, force: true });
  log('registry stopped, temp files removed');
}, 1_200_000);

describe('packages installed from a local registry (issue 19)', { timeout: 900_000 }, () => {
  it('the release published every package at the version changeset version gave it', async () => {
    expect(Object.keys(ctx.versions)).toEqual(expect.arrayContaining(required));
    for (const name of Object.keys(ctx.versions)) {
      const doc = await packument(registry!, name);
      expect(doc, name).toBeDefined();
      expect(Object.keys(doc!.versions), name).toContain(ctx.versions[name]);
    }
  });

  it('tensor + backend-cpu alone: plain Node ESM, and nothing else of ours installed', async () => {
    const { tree, run } = await scenarios.cpu;
    const ours = Object.keys(tree.dependencies ?? {}).filter((n) => n.startsWith('@typetorch/'));
    expect(ours.sort()).toEqual(['@typetorch/backend-cpu', TENSOR]);
    expect(copiesOf(tree, TENSOR)).toEqual([ctx.versions[TENSOR]]);
    expect(resultOf(run.stdout)).toMatchObject({
      version: ctx.versions[TENSOR],
      device: 'cpu',
      bigSum: 262144,
    });
    expect(run.stderr).not.toMatch(/two copies/);
  });

  it('the training set: a few SGD epochs on a Linear model lower the loss tenfold', async () => {
    const { first, last } = resultOf((await scenarios.training).run.stdout);
    expect(last).toBeLessThan(first / 10);
  });

  it('tools/consumer type-checks without skipLibCheck (node16, node16 + WebGPU, bundler)', async () => {
    const { typeErrors } = await scenarios.training;
    expect(Object.keys(typeErrors).length).toBeGreaterThanOrEqual(2);
    for (const [config, errors] of Object.entries(typeErrors)) expect(errors, config).toBe('');
  });

  it('the browser bundles stay within their gzip budgets (figures in README.md)', async () => {
    const sizes = [(await scenarios.cpu).size, (await scenarios.training).size];
    console.log(sizeTable(sizes, budgets));
    expect(sizes.map((s) => s.name).sort()).toEqual(Object.keys(budgets).sort());
    for (const s of sizes) expect(s.gzip / 1024, s.name).toBeLessThanOrEqual(budgets[s.name]!.gzipKB);
  });

  it('the WebGPU backend: the same script on device webgpu', async () => {
    const run = await scenarios.webgpu;
    expect(resultOf(run.stdout)).toMatchObject({ device: 'webgpu', bigSum: 262144 });
  });

  it('drifted versions: a newer tensor alone dedupes; a forced older duplicate works and warns', async () => {
    const { how, next, single, forced } = await scenarios.drift;
    log(`released again: ${how}`);
    const old = ctx.versions[TENSOR]!;
    expect(next[TENSOR]).not.toBe(old);
    // tensor is their peer dependency, in range: a patch of tensor releases none of them again.
    for (const name of ['backend-cpu', 'autograd', 'nn'].map((p) => `@typetorch/${p}`)) {
      expect(next[name], name).toBe(ctx.versions[name]);
    }
    expect(Object.keys((await packument(registry!, TENSOR))!.versions)).toContain(next[TENSOR]);
    expect(single.copies).toEqual([next[TENSOR]]);
    expect(resultOf(single.run.stdout).version).toBe(next[TENSOR]);
    expect(single.run.stderr).not.toMatch(/two copies/);
    expect(forced.copies.sort()).toEqual([old, next[TENSOR]!].sort());
    expect(resultOf(forced.run.stdout).version).toBe(next[TENSOR]);
    expect(forced.run.stderr).toMatch(/two copies/);
    expect(forced.run.stderr).toContain(old);
    expect(forced.run.stderr).toContain(next[TENSOR]);
  });
});
