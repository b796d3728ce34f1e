import '@typetorch/backend-cpu';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MNIST as BrowserMNIST } from '../datasets/mnist.js';
import { MNIST_SPEC } from '../datasets/resources.js';
import { DownloadError, type DownloadProgress } from '../download/fetch.js';
import { downloadResource, md5Node } from './download.js';
import { FashionMNIST, MNIST } from './mnist.js';

// Every request in this file goes to a server on 127.0.0.1 started here; nothing touches the network.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const MNIST_DIR = resolve(repoRoot, '../shared/datasets/mnist');
const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * URL paths are /<dataset>/<mode>/<file>: `good` serves the file, `404` nothing, `truncated` its first
 * half (with a matching Content-Length, as a mirror holding a partial file), `corrupt` the file with one
 * byte changed, `drop` announces the full length and destroys the socket after half the bytes, `stall`
 * sends the headers and then nothing, `rawonly` serves decompressed files under their raw names only.
 */
interface TestServer {
  base: string;
  requests: string[];
  close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const requests: string[] = [];
  const dirs: Record<string, string> = { mnist: MNIST_DIR, fashion: FASHION_DIR };
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    const [, dataset, mode, file] = url.split('/');
    const dir = dirs[dataset];
    const notFound = () => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    };
    if (dir === undefined || mode === '404' || file === undefined || file.includes('..')) return notFound();
    let body: Buffer;
    if (mode === 'rawonly') {
      if (file.endsWith('.gz') || !existsSync(join(dir, `${file}.gz`))) return notFound();
      readFile(join(dir, `${file}.gz`)).then((gz) => {
        const raw = gunzipSync(gz);
        res.writeHead(200, { 'content-length': raw.length });
        res.end(raw);
      });
      return;
    }
    if (!existsSync(join(dir, file))) return notFound();
    readFile(join(dir, file)).then((bytes) => {
      body = bytes;
      const half = Math.floor(body.length / 2);
      switch (mode) {
        case 'good':
          res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/x-gzip' });
          res.end(body);
          return;
        case 'truncated':
          res.writeHead(200, { 'content-length': half });
          res.end(body.subarray(0, half));
          return;
        case 'corrupt': {
          const copy = Buffer.from(body);
          copy[half] ^= 0xff;
          res.writeHead(200, { 'content-length': copy.length });
          res.end(copy);
          return;
        }
        case 'drop':
          res.writeHead(200, { 'content-length': body.length });
          res.write(body.subarray(0, half), () => res.socket?.destroy());
          return;
        case 'stall':
          res.writeHead(200, { 'content-length': body.length });
          res.flushHeaders();
          return;
        default:
          notFound();
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Every file under `dir`, relative, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const TEST_FILES = ['MNIST/raw/t10k-images-idx3-ubyte.gz', 'MNIST/raw/t10k-labels-idx1-ubyte.gz'];
const TEST_HISTOGRAM = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function histogram(labels: Uint8Array): number[] {
  const h = new Array<number>(10).fill(0);
  for (const l of labels) h[l]++;
  return h;
}

let server: TestServer;
let scratch: string;
let n = 0;
/** A fresh, empty cache directory. */
const newCache = () => join(scratch, `cache-${n++}`);

beforeAll(async () => {
  for (const f of ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-labels-idx1-ubyte.gz']) {
    if (!existsSync(join(MNIST_DIR, f))) {
      throw new Error(
        `download tests serve ${join(MNIST_DIR, f)}, which is missing (see ../shared/datasets/README.md)`,
      );
    }
  }
  scratch = await mkdtemp(join(tmpdir(), 'typetorch-download-'));
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('download into the cache', () => {
  it('downloads and verifies on the first run; the second run uses the cache without the network', async () => {
    const cacheDir = newCache();
    const own = await startServer();
    const progress: DownloadProgress[] = [];
    const first = await MNIST.load(undefined, {
      train: false,
      download: true,
      cacheDir,
      mirrors: [`${own.base}/mnist/good/`],
      onProgress: (p) => progress.push(p),
    });
    expect(first.length).toBe(10000);
    expect(histogram(first.labels)).toEqual(TEST_HISTOGRAM);
    expect(own.requests.sort()).toEqual([
      '/mnist/good/t10k-images-idx3-ubyte.gz',
      '/mnist/good/t10k-labels-idx1-ubyte.gz',
    ]);
    expect(await listFiles(cacheDir)).toEqual(TEST_FILES);
    for (const f of TEST_FILES) {
      const name = f.split('/').pop() ?? '';
      const expected =
        MNIST_SPEC.test.images.file === name ? MNIST_SPEC.test.images.md5 : MNIST_SPEC.test.labels.md5;
      expect(expected).toContain(md5Node(await readFile(join(cacheDir, f))));
    }

    // Progress: from 0 to the full size, never decreasing.
    const images = progress.filter((p) => p.file === 't10k-images-idx3-ubyte.gz');
    expect(images[0]).toEqual({
      file: 't10k-images-idx3-ubyte.gz',
      url: `${own.base}/mnist/good/t10k-images-idx3-ubyte.gz`,
      received: 0,
      total: 1648877,
    });
    expect(images[images.length - 1].received).toBe(1648877);
    for (let i = 1; i < images.length; i++)
      expect(images[i].received).toBeGreaterThanOrEqual(images[i - 1].received);

    await own.close();
    const second = await MNIST.load(undefined, {
      train: false,
      download: true,
      cacheDir,
      mirrors: [`${own.base}/mnist/good/`],
    });
    expect(second.length).toBe(10000);
    expect(Array.from(second.labels)).toEqual(Array.from(first.labels));
    expect(second.root).toBe(join(cacheDir, 'MNIST', 'raw'));
    expect(own.requests).toHaveLength(2);
  });

  it('uses TYPETORCH_CACHE when no cacheDir is given', async () => {
    const cacheDir = newCache();
    vi.stubEnv('TYPETORCH_CACHE', cacheDir);
    vi.stubEnv('TYPETORCH_MNIST_DIR', '');
    vi.stubEnv('TYPETORCH_DATA', '');
    const ds = await MNIST.load(undefined, {
      train: false,
      download: true,
      mirrors: [`${server.base}/mnist/good/`],
    });
    expect(ds.length).toBe(10000);
    expect(await listFiles(cacheDir)).toEqual(TEST_FILES);
  });

  it("downloads into root/MNIST/raw when a root is given, as torchvision's", async () => {
    const root = newCache();
    const ds = await MNIST.load(root, {
      train: false,
      download: true,
      mirrors: [`${server.base}/mnist/good/`],
    });
    expect(ds.root).toBe(join(root, 'MNIST', 'raw'));
    expect(await listFiles(root)).toEqual(TEST_FILES);
  });

  for (const mode of ['404', 'truncated', 'corrupt', 'drop']) {
    it(`falls through to the next mirror when one serves ${mode}`, async () => {
      const cacheDir = newCache();
      const before = server.requests.length;
      const ds = await MNIST.load(undefined, {
        train: false,
        download: true,
        cacheDir,
        mirrors: [`${server.base}/mnist/${mode}/`, `${server.base}/mnist/good/`],
      });
      expect(histogram(ds.labels)).toEqual(TEST_HISTOGRAM);
      expect(server.requests.slice(before).sort()).toEqual(
        [
          `/mnist/${mode}/t10k-images-idx3-ubyte.gz`,
          `/mnist/${mode}/t10k-labels-idx1-ubyte.gz`,
          '/mnist/good/t10k-images-idx3-ubyte.gz',
          '/mnist/good/t10k-labels-idx1-ubyte.gz',
        ].sort(),
      );
      expect(await listFiles(cacheDir)).toEqual(TEST_FILES);
    });
  }
});

describe('download failures', () => {
  it('lists every mirror when all fail, and leaves nothing in the cache', async () => {
    const cacheDir = newCache();
    const closed = await startServer();
    await closed.close(); // a port that refuses connections
    const url = (mode: string) => `${server.base}/mnist/${mode}/t10k-images-idx3-ubyte.gz`;
    const error = await MNIST.load(undefined, {
      train: false,
      download: true,
      cacheDir,
      mirrors: ['404', 'truncated', 'corrupt', 'drop']
        .map((m) => `${server.base}/mnist/${m}/`)
        .concat(`${closed.base}/`),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    const message = (error as Error).message;
    const lines = message.split('\n');
    // Both files fail; the images' error is reported.
    expect(lines[0]).toBe('MNIST: could not download t10k-images-idx3-ubyte.gz from any mirror:');
    expect((error as DownloadError).failures).toHaveLength(5);
    expect(lines.slice(1, 4)).toEqual([
      `  ${url('404')}: HTTP 404 Not Found`,
      `  ${url('truncated')}: checksum mismatch: md5 ${md5Node((await readFile(join(MNIST_DIR, 't10k-images-idx3-ubyte.gz'))).subarray(0, 824438))}, expected 9fb629c4189551a2d022fa330f9573f3 (or 2646ac647ad5339dbf082846283269ea decompressed)`,
      expect.stringMatching(
        /^ {2}\S+\/corrupt\/t10k-images-idx3-ubyte\.gz: checksum mismatch: md5 [0-9a-f]{32}, expected 9fb629c4189551a2d022fa330f9573f3/,
      ),
    ]);
    expect(lines[4]).toMatch(/^ {2}\S+\/drop\/t10k-images-idx3-ubyte\.gz: terminated/);
    expect(lines[5]).toMatch(
      new RegExp(`^  ${closed.base}/t10k-images-idx3-ubyte\\.gz: fetch failed: connect ECONNREFUSED`),
    );
    expect(await listFiles(cacheDir)).toEqual([]);
  });

  it('gives up on a mirror that stops sending data', async () => {
    const cacheDir = join(newCache(), 'raw');
    const error = await downloadResource(MNIST_SPEC.test.labels, cacheDir, {
      mirrors: [`${server.base}/mnist/stall/`],
      timeoutMs: 200,
      dataset: 'MNIST',
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `MNIST: could not download t10k-labels-idx1-ubyte.gz from any mirror:\n  ${server.base}/mnist/stall/t10k-labels-idx1-ubyte.gz: no data for 200 ms`,
    );
    expect(await listFiles(cacheDir)).toEqual([]);
  });

  it('stops at once when aborted, leaving nothing', async () => {
    const cacheDir = newCache();
    const controller = new AbortController();
    const pending = MNIST.load(undefined, {
      train: false,
      download: true,
      cacheDir,
      mirrors: [`${server.base}/mnist/stall/`, `${server.base}/mnist/good/`],
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('cancelled by the user')), 50);
    await expect(pending).rejects.toThrow('cancelled by the user');
    expect(await listFiles(cacheDir)).toEqual([]);
  });
});

describe('download: recompressed files and partial caches', () => {
  it("accepts Debian's recompressed Fashion-MNIST by its decompressed md5", async () => {
    if (!existsSync(join(FASHION_DIR, 't10k-labels-idx1-ubyte.gz'))) {
      throw new Error(`${FASHION_DIR} is missing: apt-get install -y dataset-fashion-mnist`);
    }
    const cacheDir = newCache();
    const ds = await FashionMNIST.load(undefined, {
      train: false,
      download: true,
      cacheDir,
      mirrors: [`${server.base}/fashion/good/`],
    });
    expect(histogram(ds.labels)).toEqual(new Array(10).fill(1000));
    expect(await listFiles(cacheDir)).toEqual([
      'FashionMNIST/raw/t10k-images-idx3-ubyte.gz',
      'FashionMNIST/raw/t10k-labels-idx1-ubyte.gz',
    ]);
    // MNIST's files served as Fashion-MNIST match neither checksum.
    await expect(
      FashionMNIST.load(undefined, {
        train: false,
        download: true,
        cacheDir: newCache(),
        mirrors: [`${server.base}/mnist/good/`],
      }),
    ).rejects.toThrow(
      /^FashionMNIST: could not download t10k-images-idx3-ubyte.gz from any mirror:\n.*: checksum mismatch: md5 9fb629c4189551a2d022fa330f9573f3, expected bef4ecab320f06d8554ea6380940ec79 \(or 8181f5470baa50b63fa0f6fddb340f0a decompressed\)$/,
    );
  });

  it('downloads only the missing file of a split', async () => {
    const cacheDir = newCache();
    await MNIST.load(undefined, {
      train: false,
      download: true,
      cacheDir,
      mirrors: [`${server.base}/mnist/good/`],
    });
    await rm(join(cacheDir, TEST_FILES[1]));
    const before = server.requests.length;
    const mtime = (await stat(join(cacheDir, TEST_FILES[0]))).mtimeMs;
    await MNIST.load(undefined, {
      train: false,
      download: true,
      cacheDir,
      mirrors: [`${server.base}/mnist/good/`],
    });
    expect(server.requests.slice(before)).toEqual(['/mnist/good/t10k-labels-idx1-ubyte.gz']);
    expect((await stat(join(cacheDir, TEST_FILES[0]))).mtimeMs).toBe(mtime);
  });
});

describe('the browser-safe loader (fetch)', () => {
  it('loads from a base URL, gzip or raw', async () => {
    const gz = await BrowserMNIST.load(`${server.base}/mnist/good`, { train: false });
    expect(histogram(gz.labels)).toEqual(TEST_HISTOGRAM);
    expect(gz.root).toBe(`${server.base}/mnist/good`);
    const raw = await BrowserMNIST.load(new URL(`${server.base}/mnist/rawonly/`), { train: false });
    expect(Array.from(raw.pixels.subarray(0, 784 * 3))).toEqual(Array.from(gz.pixels.subarray(0, 784 * 3)));
  });

  it('reports a missing file and other HTTP errors with the URL', async () => {
    await expect(BrowserMNIST.load(`${server.base}/mnist/404/`, { train: false })).rejects.toThrow(
      `t10k-images-idx3-ubyte.gz was not found: ${server.base}/mnist/404/t10k-images-idx3-ubyte.gz (HTTP 404), ${server.base}/mnist/404/t10k-images-idx3-ubyte (HTTP 404)`,
    );
    await expect(BrowserMNIST.load(`${server.base}/mnist/truncated/`, { train: false })).rejects.toThrow(
      `${server.base}/mnist/truncated/t10k-images-idx3-ubyte.gz: the gzip data is corrupt or truncated`,
    );
  });

  it('downloads from mirrors with the pure TypeScript md5 and DecompressionStream', async () => {
    const ds = await BrowserMNIST.load(undefined, {
      train: false,
      download: true,
      mirrors: [`${server.base}/mnist/corrupt/`, `${server.base}/mnist/good/`],
    });
    expect(histogram(ds.labels)).toEqual(TEST_HISTOGRAM);
    await expect(BrowserMNIST.load(undefined, { train: false })).rejects.toThrow(
      "MNIST.load(): pass the base URL of the files as root (e.g. '/data/mnist/'), or { download: true } to fetch them from https://ossci-datasets.s3.amazonaws.com/mnist/, https://storage.googleapis.com/cvdf-datasets/mnist/",
    );
  });

  it('loads from an http root in Node too', async () => {
    const ds = await MNIST.load(`${server.base}/mnist/good/`, { train: false });
    expect(ds).toBeInstanceOf(MNIST);
    expect(ds.length).toBe(10000);
  });
});
