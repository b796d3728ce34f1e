/// <reference types="node" />
/**
 * Node side of downloads: node:zlib and node:crypto, the cache directory, and atomic writes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Resource } from '../datasets/resources.js';
import { type FetchOptions, fetchResource, type MirrorFailure } from '../download/fetch.js';
import { BoundedOutput } from '../idx/gunzip-limit.js';
import type { Gunzip } from '../idx/gzip.js';

/**
 * gzip decoding with node:zlib, on libuv's thread pool, streamed so that a `limit` stops the inflation
 * as soon as the output passes it (a GzipError), holding at most about `limit` bytes (torchvision:
 * `_extract_gzip`).
 */
export const gunzipNode: Gunzip = async (bytes, limit) => {
  const out = new BoundedOutput(limit);
  const gz = createGunzip();
  gz.end(bytes);
  try {
    for await (const chunk of gz) {
      const c = chunk as Buffer;
      out.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
    }
  } finally {
    gz.destroy();
  }
  return out.result();
};

/** MD5 with node:crypto, as 32 lowercase hex digits (torchvision: `calculate_md5`). */
export function md5Node(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/**
 * The cache directory: `TYPETORCH_CACHE` if set, else `$XDG_CACHE_HOME/typetorch`, else
 * `~/.cache/typetorch`. Datasets go to `<cache>/MNIST/raw/`, `<cache>/FashionMNIST/raw/` (torchvision's
 * layout, so the cache directory is also a valid `root`).
 */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  if (env.TYPETORCH_CACHE) return env.TYPETORCH_CACHE;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'typetorch');
  return join(homedir(), '.cache', 'typetorch');
}

/**
 * Writes `bytes` to `path` atomically: to a temporary file in the same directory (`.NAME.RANDOM.tmp`,
 * which never looks like a dataset file), flushed to disk, then
 * renamed over `path`. On any failure the temporary file is removed and `path` is untouched, so a
 * reader sees the old file or the complete new one, never part of one (PyTorch has none).
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx');
  let closed = false;
  let renamed = false;
  try {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
      done += bytesWritten;
    }
    await handle.sync();
    closed = true;
    await handle.close();
    await rename(temp, path);
    renamed = true;
  } finally {
    if (!closed) await handle.close().catch(() => {});
    if (!renamed) await unlink(temp).catch(() => {});
  }
  try {
    const dir = await open(dirname(path), 'r');
    await dir.sync().finally(() => dir.close());
  } catch {}
}

/** Options of {@link downloadResource} (torchvision: the arguments of `download_url`). */
export interface DownloadOptions extends FetchOptions {
  /** Base URLs tried in turn (torchvision: `MNIST.mirrors`). */
  mirrors: readonly string[];
  /** Dataset name for messages (PyTorch has none). */
  dataset?: string;
}

/**
 * Downloads a resource into `dir` (created if needed) from the first mirror that serves it intact,
 * checking its md5, and writes it atomically as `dir/<resource.file>`. A failed download leaves
 * nothing in `dir`; when every mirror fails, the `DownloadError` lists each one's failure. Returns the
 * file's path and the failures of the mirrors tried before the one that worked (torchvision:
 * `download_url`).
 */
export async function downloadResource(
  resource: Resource,
  dir: string,
  options: DownloadOptions,
): Promise<{ path: string; url: string; failures: MirrorFailure[] }> {
  await mkdir(dir, { recursive: true });
  const { bytes, url, failures } = await fetchResource(resource, {
    ...options,
    md5: md5Node,
    gunzip: gunzipNode,
  });
  const path = join(dir, resource.file);
  await writeFileAtomic(path, bytes);
  return { path, url, failures };
}
