/**
 * gzip decoding with the platform's own decoder: `DecompressionStream('gzip')`, which browsers and
 * Node >= 18 provide. The Node entry uses node:zlib instead (faster, off the main thread).
 */
import { BoundedOutput, type OutputLimit } from './gunzip-limit.js';
import { GzipError } from './gzip-error.js';

export type { OutputLimit };

/**
 * Decompresses gzip bytes. Implementations reject on corrupt or truncated input, and, given a `limit`,
 * with a {@link GzipError} as soon as the output passes it (never holding more than about the limit;
 * torchvision: `_extract_gzip`).
 */
export type Gunzip = (bytes: Uint8Array, limit?: OutputLimit) => Promise<Uint8Array>;

/** A gzip stream that could not be decoded, or inflates past its limit. The message starts with the file's name. */
export { GzipError };

/** Whether `bytes` start with the gzip magic bytes 0x1f 0x8b (PyTorch has none). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const FEED_SLICE = 16384;

/**
 * Decompresses gzip bytes with the web platform's `DecompressionStream` (browsers, Node >= 18, Deno, Bun;
 * torchvision: `_extract_gzip`).
 */
export const gunzipWeb: Gunzip = async (bytes, limit) => {
  if (typeof DecompressionStream === 'undefined') {
    throw new Error('gzip: DecompressionStream is not available on this platform');
  }
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // Written in slices without awaiting: the readable side is drained concurrently (backpressure), so a
  // decoder that inflates a whole written chunk at once holds one slice's output, not the bomb's.
  // Errors surface on the reader.
  const feed = async () => {
    for (let at = 0; at < bytes.length; at += FEED_SLICE) {
      await writer.ready;
      await writer.write(bytes.subarray(at, at + FEED_SLICE) as Uint8Array<ArrayBuffer>);
    }
    await writer.close();
  };
  feed().catch(() => {});
  const reader = stream.readable.getReader();
  const out = new BoundedOutput(limit);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    try {
      out.push(value);
    } catch (err) {
      await reader.cancel().catch(() => {});
      throw err;
    }
  }
  return out.result();
};

/**
 * Returns `bytes` decompressed if they start with the gzip magic bytes, else `bytes` itself, so both
 * `train-images-idx3-ubyte.gz` and the raw `train-images-idx3-ubyte` load. A corrupt or truncated gzip
 * stream fails with a {@link GzipError} naming `name`, and so does one inflating past `limit` (the
 * expected size, e.g. from the IDX header: see `idxSizeLimit`) (torchvision: `extract_archive`).
 */
export async function maybeGunzip(
  bytes: Uint8Array,
  name: string,
  gunzip: Gunzip = gunzipWeb,
  limit?: OutputLimit,
): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzip(bytes, limit);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof GzipError) throw new GzipError(`${name}: the gzip data ${reason}`, { cause: err });
    throw new GzipError(`${name}: the gzip data is corrupt or truncated (${reason})`, { cause: err });
  }
}
