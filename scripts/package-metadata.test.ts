/**
 * What makes the packages publishable (issue 19), held true for every package.json of the workspace:
 * the metadata npm shows, one copy of `@typetorch/tensor` and `@typetorch/autograd` per process
 * (peer dependencies, which every consumer in the repo lists itself), tarballs built by `prepack` that
 * ship neither build info nor source maps, side effects declared where importing registers something,
 * and a `test` script per package that runs that package's tests and no others.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  [field: string]: unknown;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every workspace package directory (pnpm-workspace.yaml: packages/*, apps/*, examples/*, tools/*, bench). */
const workspaceDirs = ['packages', 'apps', 'examples', 'tools']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => `${group}/${name}`))
  .concat('bench')
  .filter((dir) => existsSync(join(root, dir, 'package.json')));
const manifests = new Map(workspaceDirs.map((dir) => [dir, readManifest(dir)]));
const byName = new Map([...manifests.values()].map((m) => [m.name, m]));
const published = workspaceDirs.filter(
  (dir) => dir.startsWith('packages/') && manifests.get(dir)?.private !== true,
);

/** The peers each package extends: one tensor per process, and one autograd (it installs itself into tensor). */
const expectedPeers: Record<string, string[]> = {
  '@typetorch/tensor': [],
  '@typetorch/autograd': ['@typetorch/tensor'],
  '@typetorch/backend-cpu': ['@typetorch/tensor'],
  '@typetorch/backend-webgpu': ['@typetorch/tensor'],
  '@typetorch/nn': ['@typetorch/autograd', '@typetorch/tensor'],
  '@typetorch/optim': ['@typetorch/autograd', '@typetorch/tensor'],
  '@typetorch/data': ['@typetorch/tensor'],
  '@typetorch/conformance': ['@typetorch/tensor'],
};

const field = <T>(m: Manifest, name: string) => (m[name] ?? {}) as T;
const internal = (deps: Record<string, string>) =>
  Object.keys(deps).filter((d) => d.startsWith('@typetorch/'));

/** Drops the `@typetorch/source` condition, which points at TypeScript sources that are not published. */
function withoutSourceCondition(exports: unknown): unknown {
  if (typeof exports !== 'object' || exports === null) return exports;
  return Object.fromEntries(
    Object.entries(exports)
      .filter(([key]) => key !== '@typetorch/source')
      .map(([key, value]) => [key, withoutSourceCondition(value)]),
  );
}

describe.each(published)('%s: publishable', (dir) => {
  const m = manifests.get(dir)!;

  it('carries the metadata npm shows: version, licence, repository, homepage, bugs, author, keywords', () => {
    expect(m.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(m.license).toBe('MIT');
    expect(m.author).toBe('the typetorch authors');
    expect(m.repository).toEqual({
      type: 'git',
      url: 'git+https://github.com/typetorch/typetorch.git',
      directory: dir,
    });
    expect(m.homepage).toBe(`https://github.com/typetorch/typetorch/tree/main/${dir}#readme`);
    expect(m.bugs).toEqual({ url: 'https://github.com/typetorch/typetorch/issues' });
    expect((m.keywords as string[]).length).toBeGreaterThan(2);
    expect(String(m.description).length).toBeGreaterThan(20);
  });

  it('states Node >= 20.16 (process.getBuiltinModule, for the worker threads) and public access', () => {
    expect(m.engines).toEqual({ node: '>=20.16' });
    expect(m.type).toBe('module');
    const publishConfig = field<{ access?: string; exports?: unknown }>(m, 'publishConfig');
    expect(publishConfig.access).toBe('public');
    // The published exports are the workspace's, minus the condition that reaches into src/.
    expect(publishConfig.exports).toEqual(withoutSourceCondition(m.exports));
  });

  it('builds its tarball in prepack, without build info or source maps', () => {
    const scripts = field<Record<string, string>>(m, 'scripts');
    expect(scripts.prepack).toBe('tsc -b');
    expect(m.files).toEqual(['dist', '!dist/.tsbuildinfo', '!dist/**/*.map']);
  });

  it('takes the packages it extends as peers (workspace:^), linked in the workspace as dev dependencies', () => {
    const peers = field<Record<string, string>>(m, 'peerDependencies');
    const dev = field<Record<string, string>>(m, 'devDependencies');
    expect(internal(field(m, 'dependencies'))).toEqual([]);
    expect(internal(peers).sort()).toEqual(expectedPeers[m.name]);
    for (const peer of expectedPeers[m.name] ?? []) {
      expect(peers[peer]).toBe('workspace:^');
      expect(dev[peer]).toBe('workspace:*');
    }
  });

  it('declares side effects exactly where importing the entry point registers something', () => {
    const entry = readFileSync(join(root, dir, 'src/index.ts'), 'utf8');
    // A top-level call in the entry point (registerBackend, installAutograd...) runs on import.
    const registers = /^[A-Za-z_$][\w$.]*\(/m.test(entry);
    const sideEffects = m.sideEffects;
    if (registers) expect(sideEffects).toEqual(expect.arrayContaining(['./dist/index.js', './src/index.ts']));
    else expect(sideEffects).toBe(false);
  });
});

describe('the workspace consumers', () => {
  it.each(workspaceDirs)('%s lists the peers of every typetorch package it lists', (dir) => {
    const m = manifests.get(dir)!;
    const listed = new Set(
      ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((f) => internal(field(m, f))),
    );
    const missing = [...listed].flatMap((dep) =>
      internal(field(byName.get(dep)!, 'peerDependencies'))
        .filter((peer) => !listed.has(peer) && peer !== m.name)
        .map((peer) => `${dep} needs ${peer}`),
    );
    expect(missing).toEqual([]);
  });
});

/** Whether `dir` holds test files under src/ (vitest's root config includes `<dir>/src/**\/*.test.ts`). */
function hasTests(dir: string): boolean {
  const walk = (d: string): boolean =>
    existsSync(d) &&
    readdirSync(d, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.test.ts'),
    );
  return walk(join(root, dir, 'src'));
}

describe('per-package test scripts', () => {
  it.each(workspaceDirs)('%s: `test` runs the root vitest config on this package only', (dir) => {
    const test = field<Record<string, string>>(manifests.get(dir)!, 'scripts').test;
    if (!hasTests(dir)) {
      // vitest exits 1 when no file matches, so a package without tests has no test script.
      expect(test).toBeUndefined();
      return;
    }
    const back = relative(join(root, dir), root);
    // The filter is this package's directory (or its src/), so the run picks no other package's files.
    expect([`${dir}`, `${dir}/`, `${dir}/src/`].map((f) => `vitest run --root ${back} ${f}`)).toContain(test);
  });

  it('the nn script selects exactly the test files under packages/nn', async () => {
    const vitest = join(root, 'node_modules/.bin/vitest');
    const args = ['list', '--filesOnly', '--root', '../..', 'packages/nn/'];
    const out = await new Promise<string>((resolve, reject) => {
      execFile(vitest, args, { cwd: join(root, 'packages/nn'), maxBuffer: 16 << 20 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
    });
    const files = out
      .split('\n')
      .filter((line) => line.includes('.test.ts'))
      .map((line) => line.replace(/^\[\w+\]\s*/, '').trim());
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter((f) => !f.startsWith('packages/nn/src/'))).toEqual([]);
  });
});
