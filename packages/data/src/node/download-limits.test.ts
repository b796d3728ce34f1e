import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_SPEC } from '../datasets/resources.js';
import { type DownloadProgress, fetchResource } from '../download/fetch.js';
import { maxDownloadBytes } from '../download/limits.js';
import type { Gunzip } from '../idx/gzip.js';
import { downloadResource, gunzipNode, md5Node } from './download.js';

// Hostile mirrors on 127.0.0.1 (nothing touches the network): a gzip bomb, an endless body, a drip.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const MNIST_DIR = resolve(repoRoot, '../shared/datasets/mnist');
const IMAGES = MNIST_SPEC.test.images; // 1648877 bytes, 7840016 decompressed
const LABELS = MNIST_SPEC.test.labels; // 4542 bytes, 10008 decompressed

/** gzip of `mib` MiB of zeros, made by streaming (never holding the zeros). */
async function gzipBomb(mib: number): Promise<Buffer> {
  const gz = createGzip();
  const chunks: Buffer[] = [];
  gz.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((done) => gz.on('end', done));
  const zero = Buffer.alloc(1 << 20);
  for (let i = 0; i < mib; i++) {
    if (!gz.write(zero)) await new Promise((done) => gz.once('drain', done));
  }
  gz.end();
  await ended;
  return Buffer.concat(chunks);
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const routes = new Map<string, Handler>();
/** Bytes each route managed to hand to the socket before the client went away. */
const sent = new Map<string, number>();
let server: Server;
let base: string;
let scratch: string;
const notThrown = () => new Error('no error was thrown');
let bomb: Buffer;

/** Writes `total` bytes of zeros in 64 KiB chunks, honouring backpressure, until done or the client leaves. */
function endless(route: string, total: number): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = Buffer.alloc(65536);
    let written = 0;
    const pump = () => {
      while (written < total && !res.destroyed) {
        written += chunk.length;
        sent.set(route, written);
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  };
}

beforeAll(async () => {
  if (!existsSync(join(MNIST_DIR, LABELS.file))) throw new Error(`${MNIST_DIR} is missing its MNIST files`);
  scratch = await mkdtemp(join(tmpdir(), 'typetorch-limits-'));
  bomb = await gzipBomb(64);
  const forged = Buffer.from(bomb);
  forged.writeUInt32LE(IMAGES.rawSize, forged.length - 4); // the trailer claims the expected size
  const good =
    (file: string): Handler =>
    (_req, res) => {
      readFile(join(MNIST_DIR, file)).then((b) => res.writeHead(200, { 'content-length': b.length }).end(b));
    };
  routes.set(`/good/${IMAGES.file}`, good(IMAGES.file));
  routes.set(`/good/${LABELS.file}`, good(LABELS.file));
  routes.set(`/bomb/${IMAGES.file}`, (_req, res) => res.writeHead(200).end(bomb));
  routes.set(`/forged/${IMAGES.file}`, (_req, res) => res.writeHead(200).end(forged));
  routes.set(`/huge/${LABELS.file}`, endless('huge', 128 << 20));
  routes.set(`/liar/${LABELS.file}`, (_req, res) => {
    res.writeHead(200, { 'content-length': 512 << 20 });
    res.flushHeaders();
  });
  routes.set(`/drip/${LABELS.file}`, (_req, res) => {
    // 64 bytes every 250 ms: never idle long enough for the idle timeout, and never done.
    res.writeHead(200, { 'content-length': LABELS.size });
    let left = LABELS.size;
    const tick = setInterval(() => {
      if (res.destroyed || left <= 0) return void clearInterval(tick);
      const n = Math.min(64, left);
      left -= n;
      res.write(Buffer.alloc(n));
      if (left === 0) res.end();
    }, 250);
  });
  server = createServer((req, res) => {
    const handler = routes.get(req.url ?? '');
    if (handler === undefined) return void res.writeHead(404).end('not found');
    handler(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done));
  await rm(scratch, { recursive: true, force: true });
});

/** A gunzip that records the limit it was given and how many bytes it produced. */
function spyGunzip() {
  const calls: { limit: unknown; produced: number | 'refused' }[] = [];
  const gunzip: Gunzip = async (bytes, limit) => {
    const call: (typeof calls)[number] = { limit, produced: 'refused' };
    calls.push(call);
    const out = await gunzipNode(bytes, limit);
    call.produced = out.length;
    return out;
  };
  return { calls, gunzip };
}

describe('a gzip bomb on a mirror', () => {
  it('is refused by its checksum without being inflated, and the next mirror is used', async () => {
    const { calls, gunzip } = spyGunzip();
    const { url, failures } = await fetchResource(IMAGES, {
      mirrors: [`${base}/bomb/`, `${base}/good/`],
      md5: md5Node,
      gunzip,
    });
    expect(url).toBe(`${base}/good/${IMAGES.file}`);
    expect(failures).toHaveLength(1);
    expect(failures[0].reason).toMatch(/^checksum mismatch: md5 [0-9a-f]{32}, expected 9fb629c4/);
    expect(calls).toEqual([]); // the trailer announces 64 MiB, not 7840016 bytes: never inflated
  });

  it('with a forged size in its trailer, is inflated no further than the expected size', async () => {
    const { calls, gunzip } = spyGunzip();
    const error = await fetchResource(IMAGES, { mirrors: [`${base}/forged/`], md5: md5Node, gunzip }).catch(
      (e: unknown) => e as Error,
    );
    expect(String(error)).toContain(`${base}/forged/${IMAGES.file}: checksum mismatch`);
    expect(calls).toEqual([{ limit: IMAGES.rawSize, produced: 'refused' }]);
  });
});

describe('the size cap', () => {
  it('aborts a body as soon as it passes the largest size the file can have', async () => {
    const progress: DownloadProgress[] = [];
    const error = await downloadResource(LABELS, join(scratch, 'huge'), {
      mirrors: [`${base}/huge/`],
      onProgress: (p) => progress.push(p),
    }).then(notThrown, (e: unknown) => e as Error);
    const cap = maxDownloadBytes(LABELS);
    expect(error.message).toBe(
      `could not download ${LABELS.file} from any mirror:\n  ${base}/huge/${LABELS.file}: too large: more than ${cap} bytes sent, the most expected`,
    );
    expect(Math.max(...progress.map((p) => p.received))).toBeLessThanOrEqual(cap);
    // The server stopped long before the 128 MiB it would send (socket buffers hold a few MiB at most).
    await new Promise((done) => setTimeout(done, 100));
    expect(sent.get('huge')).toBeLessThan(32 << 20);
    expect(await readdir(join(scratch, 'huge'))).toEqual([]);
  });

  it('refuses a Content-Length above the cap before reading the body', async () => {
    const error = await downloadResource(LABELS, join(scratch, 'liar'), { mirrors: [`${base}/liar/`] }).then(
      notThrown,
      (e: unknown) => e as Error,
    );
    expect(error.message).toContain(
      `${base}/liar/${LABELS.file}: too large: Content-Length ${512 << 20} bytes, expected at most ${maxDownloadBytes(LABELS)}`,
    );
  });
});

describe('the overall deadline', () => {
  it('gives up on a mirror that drips, naming the URL, and falls through to the next', async () => {
    const { path, url, failures } = await downloadResource(LABELS, join(scratch, 'drip'), {
      mirrors: [`${base}/drip/`, `${base}/good/`],
      deadlineMs: 2000,
    });
    expect(url).toBe(`${base}/good/${LABELS.file}`);
    expect(failures).toEqual([
      { url: `${base}/drip/${LABELS.file}`, reason: 'not complete after 2000 ms (the deadline)' },
    ]);
    expect(md5Node(await readFile(path))).toBe(LABELS.md5[0]);
  });
});
