import '@typetorch/backend-cpu';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_SPEC } from '../datasets/resources.js';
import { GzipError } from '../idx/gzip.js';
import { IdxError } from '../idx/idx.js';
import { md5Node } from './download.js';
import { MNIST } from './mnist.js';

// A cache or data directory holding bad files. Downloads come from a server on 127.0.0.1.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const MNIST_DIR = resolve(repoRoot, '../shared/datasets/mnist');
const { images: IMAGES, labels: LABELS } = MNIST_SPEC.test;

let server: Server;
let base: string;
let scratch: string;
const notThrown = () => new Error('no error was thrown');
let n = 0;
const requests: string[] = [];
const fresh = () => join(scratch, `dir-${n++}`);

beforeAll(async () => {
  if (!existsSync(join(MNIST_DIR, LABELS.file))) throw new Error(`${MNIST_DIR} is missing its MNIST files`);
  scratch = await mkdtemp(join(tmpdir(), 'typetorch-cache-'));
  server = createServer((req, res) => {
    const file = (req.url ?? '').split('/').pop() ?? '';
    requests.push(file);
    if (![IMAGES.file, LABELS.file].includes(file)) return void res.writeHead(404).end();
    readFile(join(MNIST_DIR, file)).then((b) => res.writeHead(200, { 'content-length': b.length }).end(b));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done));
  await rm(scratch, { recursive: true, force: true });
});

/** A cache directory whose MNIST/raw holds the good test images and `labels` under `labelsName`. */
async function cacheWith(labels: Uint8Array, labelsName = LABELS.file): Promise<string> {
  const cacheDir = fresh();
  const raw = join(cacheDir, 'MNIST', 'raw');
  await mkdir(raw, { recursive: true });
  await copyFile(join(MNIST_DIR, IMAGES.file), join(raw, IMAGES.file));
  await writeFile(join(raw, labelsName), labels);
  return cacheDir;
}

describe('a bad file in the cache, with download: true', () => {
  it('is checked and downloaded again (a corrupt gzip)', async () => {
    const gz = await readFile(join(MNIST_DIR, LABELS.file));
    gz[gz.length >> 1] ^= 0xff;
    const cacheDir = await cacheWith(gz);
    requests.length = 0;
    const ds = await MNIST.load(undefined, { train: false, download: true, cacheDir, mirrors: [base] });
    expect(ds.labels.length).toBe(10000);
    expect(requests).toEqual([LABELS.file]); // the good images file is kept
    expect(md5Node(await readFile(join(cacheDir, 'MNIST', 'raw', LABELS.file)))).toBe(LABELS.md5[0]);
  });

  it('is checked and replaced (a well-formed raw file with one wrong label)', async () => {
    const raw = gunzipSync(await readFile(join(MNIST_DIR, LABELS.file)));
    const want = raw[8];
    raw[8] = (want + 1) % 10; // still a valid IDX file: only the checksum can tell
    const cacheDir = await cacheWith(raw, 't10k-labels-idx1-ubyte');
    const ds = await MNIST.load(undefined, { train: false, download: true, cacheDir, mirrors: [base] });
    expect(ds.labels[0]).toBe(want);
    expect((await readdir(join(cacheDir, 'MNIST', 'raw'))).sort()).toEqual([IMAGES.file, LABELS.file]);
  });

  it('is used as is without download (as torchvision does)', async () => {
    const raw = gunzipSync(await readFile(join(MNIST_DIR, LABELS.file)));
    const want = raw[8];
    raw[8] = (want + 1) % 10;
    const cacheDir = await cacheWith(raw, 't10k-labels-idx1-ubyte');
    const ds = await MNIST.load(undefined, { train: false, cacheDir });
    expect(ds.labels[0]).toBe((want + 1) % 10);
  });
});

describe('a bomb in a data directory', () => {
  it('is inflated no further than the expected size', async () => {
    const dir = fresh();
    await mkdir(dir);
    const gz = createGzip();
    const chunks: Buffer[] = [];
    gz.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((done) => gz.on('end', done));
    for (let i = 0; i < 64; i++) gz.write(Buffer.alloc(1 << 20));
    gz.end();
    await ended;
    await writeFile(join(dir, IMAGES.file), Buffer.concat(chunks)); // 64 MiB of zeros, 65 KB
    await copyFile(join(MNIST_DIR, LABELS.file), join(dir, LABELS.file));
    const error = await MNIST.load(dir, { train: false }).then(notThrown, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(GzipError);
    expect(error.message).toBe(
      `${join(dir, IMAGES.file)}: the gzip data inflates to more than the expected ${IMAGES.rawSize} bytes`,
    );
  });

  it('is refused unread when larger than the file can be', async () => {
    const dir = fresh();
    await mkdir(dir);
    const path = join(dir, 't10k-images-idx3-ubyte');
    await writeFile(path, new Uint8Array(0));
    await truncate(path, 512 << 20); // sparse: 512 MiB long, nothing on disk
    await copyFile(join(MNIST_DIR, LABELS.file), join(dir, LABELS.file));
    const error = await MNIST.load(dir, { train: false }).then(notThrown, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(IdxError);
    expect(error.message).toMatch(
      /^.*t10k-images-idx3-ubyte: 536870912 bytes, more than the \d+ this file can be/,
    );
  });
});
