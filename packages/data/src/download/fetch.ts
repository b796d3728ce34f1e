/**
 * Downloading with `fetch` (browsers and Node's built-in undici): progress, an idle timeout, truncation
 * detection, checksum verification, and mirrors tried in turn as torchvision does. Browser-safe; the
 * Node entry adds the cache directory and atomic writes on top.
 */
import type { Resource } from '../datasets/resources.js';
import { gzipDeclaredSize } from '../idx/gunzip-limit.js';
import { type Gunzip, gunzipWeb, isGzip } from '../idx/gzip.js';
import { DEFAULT_DEADLINE_MS, DEFAULT_IDLE_TIMEOUT_MS, maxDownloadBytes } from './limits.js';
import { md5Hex } from './md5.js';

/**
 * Reported while a file downloads: after the response headers (`received` 0), then after every chunk
 * (torchvision: the progress bar of `download_url`).
 */
export interface DownloadProgress {
  /** File name, e.g. `train-images-idx3-ubyte.gz` (PyTorch has none). */
  file: string;
  /** The URL being read (PyTorch has none). */
  url: string;
  /** Bytes received so far (PyTorch has none). */
  received: number;
  /**
   * Expected size from the `Content-Length` header, or `undefined` if the server did not send one (PyTorch
   * has none).
   */
  total: number | undefined;
}

/** Options shared by everything that fetches (torchvision: `download_url` takes none of them). */
export interface FetchOptions {
  /** The fetch implementation (default: the global `fetch`) (PyTorch has none). */
  fetch?: typeof fetch;
  /** Called as bytes arrive (PyTorch has none: torchvision shows a progress bar). */
  onProgress?: (progress: DownloadProgress) => void;
  /**
   * Cancels the download; the promise then rejects with the signal's reason, without trying other mirrors
   * (PyTorch has none).
   */
  signal?: AbortSignal;
  /**
   * A URL that sends no data for this long fails (and the next mirror is tried). Default 60000 ms (PyTorch
   * has none).
   */
  timeoutMs?: number;
  /**
   * A file not completely received this long after its request started fails (and the next mirror is
   * tried), however steadily it trickles in. Default 900000 ms (15 minutes) (PyTorch has none).
   */
  deadlineMs?: number;
  /**
   * The most bytes accepted for one file: a larger `Content-Length` fails at once, and a body passing
   * it is aborted as soon as it does (never buffered). Default: the file's known size where it is
   * known (MNIST's are), else no limit (PyTorch has none).
   */
  maxBytes?: number;
}

/**
 * An HTTP response that was not a success (PyTorch: Python's `urllib.error.HTTPError`, which torchvision's
 * downloads raise).
 */
export class HttpError extends Error {
  /** The error's class name (PyTorch: Python's `type(e).__name__`). */
  override name = 'HttpError';
  constructor(
    /** The URL requested (PyTorch: Python's `HTTPError.url`). */
    readonly url: string,
    /** The HTTP status code (PyTorch: Python's `HTTPError.code`). */
    readonly status: number,
    statusText: string,
  ) {
    super(`HTTP ${status}${statusText ? ` ${statusText}` : ''}`);
  }
}

/** One mirror's failure, as listed by a {@link DownloadError} (PyTorch has none). */
export interface MirrorFailure {
  /** The mirror's URL for the file (PyTorch has none). */
  url: string;
  /** Why it failed, e.g. `HTTP 404` or a checksum mismatch (PyTorch has none). */
  reason: string;
}

/**
 * Every mirror failed. `failures` lists them in the order they were tried. torchvision raises
 * `RuntimeError("Error downloading ...")`
 */
export class DownloadError extends Error {
  /** The error's class name (PyTorch: Python's `type(e).__name__`). */
  override name = 'DownloadError';
  constructor(
    /** The file that could not be downloaded (PyTorch has none). */
    readonly file: string,
    /** Every mirror's failure, in the order tried (PyTorch has none). */
    readonly failures: readonly MirrorFailure[],
    dataset?: string,
  ) {
    super(
      `${dataset ? `${dataset}: ` : ''}could not download ${file} from any mirror:\n${failures
        .map((f) => `  ${f.url}: ${f.reason}`)
        .join('\n')}`,
    );
  }
}

/** A readable reason for a failed fetch, including undici's causes ("fetch failed: connect ECONNREFUSED"). */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    if (e instanceof Error) {
      const code = (e as { code?: unknown }).code;
      const text = e.message || (typeof code === 'string' ? code : e.name);
      if (!parts.includes(text)) parts.push(text);
      e = e.cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join(': ');
}

function joinUrl(base: string, file: string): string {
  return base.endsWith('/') ? `${base}${file}` : `${base}/${file}`;
}

/**
 * Fetches `url` into memory. Fails on a non-2xx status ({@link HttpError}), a connection error, a body
 * shorter than its `Content-Length`, a body longer than `maxBytes` (aborted there), `timeoutMs` without
 * data, and `deadlineMs` without the whole body.
 */
export async function fetchBytes(url: string, file: string, options: FetchOptions = {}): Promise<Uint8Array> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const controller = new AbortController();
  const outer = options.signal;
  outer?.throwIfAborted();
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timeout: Error | undefined;
  const fail = (reason: string) => {
    timeout = new Error(reason);
    controller.abort(timeout);
  };
  const deadline = setTimeout(() => fail(`not complete after ${deadlineMs} ms (the deadline)`), deadlineMs);
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => fail(`no data for ${timeoutMs} ms`), timeoutMs);
  };
  try {
    arm();
    const res = await doFetch(url, { signal: controller.signal });
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new HttpError(url, res.status, res.statusText);
    }
    const length = res.headers.get('content-length');
    const encoded = res.headers.get('content-encoding');
    const parsed = length === null ? Number.NaN : Number(length);
    // With a Content-Encoding, fetch decodes the body and Content-Length counts the encoded bytes.
    const total = Number.isSafeInteger(parsed) && parsed >= 0 && !encoded ? parsed : undefined;
    if (total !== undefined && total > maxBytes) {
      await res.body?.cancel().catch(() => {});
      throw new Error(`too large: Content-Length ${total} bytes, expected at most ${maxBytes}`);
    }
    const chunks: Uint8Array[] = [];
    let received = 0;
    options.onProgress?.({ file, url, received, total });
    if (res.body !== null) {
      const reader = res.body.getReader();
      for (;;) {
        arm();
        const { done, value } = await reader.read();
        if (done) break;
        received += value.length;
        if (received > maxBytes) {
          await reader.cancel().catch(() => {});
          throw new Error(`too large: more than ${maxBytes} bytes sent, the most expected`);
        }
        chunks.push(value);
        options.onProgress?.({ file, url, received, total });
      }
    }
    if (total !== undefined && received !== total) {
      throw new Error(`truncated: received ${received} of ${total} bytes`);
    }
    const out = new Uint8Array(received);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } catch (err) {
    if (outer?.aborted) throw outer.reason;
    if (timeout !== undefined) throw new Error(timeout.message, { cause: err });
    throw err;
  } finally {
    clearTimeout(timer);
    clearTimeout(deadline);
    outer?.removeEventListener('abort', onAbort);
  }
}

/** Options of {@link fetchResource} (torchvision: the arguments of `download_url`). */
export interface FetchResourceOptions extends FetchOptions {
  /** Base URLs tried in turn (torchvision: `MNIST.mirrors`). */
  mirrors: readonly string[];
  /** MD5 implementation (default: the pure TypeScript one; Node passes node:crypto's; PyTorch has none). */
  md5?: (bytes: Uint8Array) => string | Promise<string>;
  /** gzip decoder, for checking the decompressed md5 of a recompressed file (PyTorch has none). */
  gunzip?: Gunzip;
  /** Dataset name for messages, e.g. `MNIST` (PyTorch has none). */
  dataset?: string;
}

/**
 * Checks `bytes` against a resource's checksums: the md5 of the file as published, or the md5 of its
 * decompressed contents (a recompressed or already decompressed copy). A gzip copy is inflated only
 * when its trailer announces the expected decompressed size, and at most to that size. Returns `null`
 * when it matches, else the reason (torchvision: `check_integrity`).
 */
export async function verifyResource(
  bytes: Uint8Array,
  resource: Resource,
  md5: (bytes: Uint8Array) => string | Promise<string> = md5Hex,
  gunzip: Gunzip = gunzipWeb,
): Promise<string | null> {
  const digest = await md5(bytes);
  if (resource.md5.includes(digest)) return null;
  let rawDigest: string | undefined;
  if (resource.rawMd5.length > 0) {
    if (isGzip(bytes)) {
      // Inflated only if the gzip trailer announces the expected size, and never past that size: a
      // bomb costs nothing, and a forged trailer at most the size of the real file.
      if (gzipDeclaredSize(bytes) === resource.rawSize % 2 ** 32) {
        try {
          rawDigest = await md5(await gunzip(bytes, resource.rawSize));
        } catch {
          rawDigest = undefined;
        }
      }
    } else if (bytes.length === resource.rawSize) {
      rawDigest = digest;
    }
    if (rawDigest !== undefined && resource.rawMd5.includes(rawDigest)) return null;
  }
  const alternatives = resource.rawMd5.length > 0 ? ` (or ${resource.rawMd5.join(' or ')} decompressed)` : '';
  return `checksum mismatch: md5 ${digest}, expected ${resource.md5.join(' or ')}${alternatives}`;
}

/**
 * Downloads a resource from the first mirror that serves it intact: a 404, a connection error, a
 * truncated body or a checksum mismatch moves on to the next mirror; when all fail, a
 * {@link DownloadError} lists every mirror's failure. Returns the verified bytes (as served, usually
 * gzip) and the URL they came from (torchvision: `download_url` over `MNIST.mirrors`).
 */
export async function fetchResource(
  resource: Resource,
  options: FetchResourceOptions,
): Promise<{ bytes: Uint8Array; url: string; failures: MirrorFailure[] }> {
  const failures: MirrorFailure[] = [];
  if (options.mirrors.length === 0) {
    throw new DownloadError(
      resource.file,
      [{ url: '(none)', reason: 'the mirror list is empty' }],
      options.dataset,
    );
  }
  for (const mirror of options.mirrors) {
    const url = joinUrl(mirror, resource.file);
    try {
      const bytes = await fetchBytes(url, resource.file, {
        ...options,
        maxBytes: options.maxBytes ?? maxDownloadBytes(resource),
      });
      const problem = await verifyResource(bytes, resource, options.md5, options.gunzip);
      if (problem === null) return { bytes, url, failures };
      failures.push({ url, reason: problem });
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason;
      failures.push({ url, reason: describeError(err) });
    }
  }
  throw new DownloadError(resource.file, failures, options.dataset);
}

/**
 * Fetches the first of `urls` that exists: a 404 moves on to the next (used to try `NAME.gz`, then
 * `NAME`); any other failure is thrown. Returns the bytes and the URL.
 */
export async function fetchFirst(
  urls: readonly string[],
  file: string,
  options: FetchOptions = {},
): Promise<{ bytes: Uint8Array; url: string }> {
  const missing: string[] = [];
  for (const url of urls) {
    try {
      return { bytes: await fetchBytes(url, file, options), url };
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (err instanceof HttpError && (err.status === 404 || err.status === 410)) {
        missing.push(url);
        continue;
      }
      throw new Error(`${url}: ${describeError(err)}`, { cause: err });
    }
  }
  throw new Error(`${file} was not found: ${missing.map((u) => `${u} (HTTP 404)`).join(', ')}`);
}

export { joinUrl };
