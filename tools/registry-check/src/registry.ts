/**
 * A real npm registry for the check: Verdaccio 6.8.0 (the last line that runs on Node 20), started as a
 * child process on 127.0.0.1 at a free port, with its storage, users and config in a temp directory.
 *
 * Only the `@typetorch` scope is served, and nothing is proxied (no uplinks): the installing projects'
 * `.npmrc` sends that scope here and everything else (webgpu, typescript, @types/node) to the public
 * registry directly. So a name that also exists on npmjs.org can never be served from there by mistake,
 * and third-party tarballs do not pass through, and slow down, the local registry.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { childEnv } from './run.js';

export interface Registry {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** A publish token of a user created through the registry's API. */
  token: string;
  /** The Verdaccio process: stop it with {@link stopRegistry}. */
  process: ChildProcess;
  /** Everything Verdaccio printed, for the failure message. */
  log: () => string;
}

const config = `storage: ./storage
auth:
  htpasswd:
    file: ./htpasswd
    max_users: 10
uplinks: {}
packages:
  '@typetorch/*':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
  '**':
    access: $all
server:
  keepAliveTimeout: 60
max_body_size: 100mb
log: { type: stdout, format: pretty, level: warn }
`;

/** A port nothing listens on now: the OS picks one for a throwaway server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(),
      );
    });
  });
}

/** Polls `url` until it answers (Verdaccio takes a few seconds to start on a busy machine). */
async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}-/ping`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Verdaccio did not answer at ${url} within 120 s:\n${log()}`);
}

/** Creates a user through the CouchDB-style API npm's `adduser` uses, and returns its token. */
async function createUser(url: string): Promise<string> {
  const name = 'registry-check';
  const res = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'registry-check-password', type: 'user', roles: [] }),
  });
  const body = (await res.json()) as { token?: string };
  if (!res.ok || body.token === undefined) throw new Error(`creating a user failed: ${JSON.stringify(body)}`);
  return body.token;
}

/** Starts Verdaccio with `dir` as its home (config, storage, users) and a publishing user. */
export async function startRegistry(dir: string, verdaccioBin: string): Promise<Registry> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.yaml'), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(
    process.execPath,
    [verdaccioBin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    { cwd: dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const log = () => output.slice(-4000);
  // If this process dies before the test's cleanup runs, do not leave the registry behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  try {
    await waitUntilUp(url, child, log);
    return { url, token: await createUser(url), process: child, log };
  } catch (error) {
    await stopRegistry({ process: child });
    throw error;
  }
}

/** Stops Verdaccio: SIGTERM, then SIGKILL if it has not exited within 5 s. */
export async function stopRegistry(registry: Pick<Registry, 'process'>): Promise<void> {
  const child = registry.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** What the registry holds for a package: its versions and dist-tags (404: undefined). */
export async function packument(
  registry: Pick<Registry, 'url'>,
  name: string,
): Promise<{ versions: Record<string, unknown>; 'dist-tags': Record<string, string> } | undefined> {
  const res = await fetch(`${registry.url}${name.replace('/', '%2f')}`);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`GET ${name}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { versions: Record<string, unknown>; 'dist-tags': Record<string, string> };
}
