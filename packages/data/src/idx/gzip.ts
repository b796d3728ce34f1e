/**
 * gzip decoding with the platform's own decoder: `DecompressionStream('gzip')`, which browsers and
 * Node >= 18 provide. The Node entry uses node:zlib instead (faster, off the main thread).
 */

/** Decompresses gzip bytes. Implementations reject on corrupt or truncated input. */
export type Gunzip = (bytes: Uint8Array) => Promise<Uint8Array>;

/** A gzip stream that could not be decoded. The message starts with the file's name. */
export class GzipError extends Error {
  override name = 'GzipError';
}

/** Whether `bytes` start with the gzip magic bytes 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Decompresses gzip bytes with the web platform's `DecompressionStream` (browsers, Node >= 18, Deno, Bun). */
export const gunzipWeb: Gunzip = async (bytes) => {
  if (typeof DecompressionStream === 'undefined') {
    throw new Error('gzip: DecompressionStream is not available on this platform');
  }
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // Written without awaiting: the readable side must be drained concurrently (backpressure). Errors
  // surface on the reader.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  return concat(chunks, total);
};

/**
 * Returns `bytes` decompressed if they start with the gzip magic bytes, else `bytes` itself, so both
 * `train-images-idx3-ubyte.gz` and the raw `train-images-idx3-ubyte` load. A corrupt or truncated gzip
 * stream fails with a {@link GzipError} naming `name`.
 */
export async function maybeGunzip(
  bytes: Uint8Array,
  name: string,
  gunzip: Gunzip = gunzipWeb,
): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzip(bytes);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new GzipError(`${name}: the gzip data is corrupt or truncated (${reason})`, { cause: err });
  }
}
