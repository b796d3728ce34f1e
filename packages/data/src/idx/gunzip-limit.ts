/**
 * Bounds on decompression: a gzip stream is inflated only up to a known size, so a small "bomb" (1 MB
 * that inflates to 1 GiB) costs at most that size, never the bomb's. Browser-safe.
 */

import { GzipError } from './gzip-error.js';

/**
 * The most bytes a decompression may produce: a number, or a function of the first output bytes (e.g.
 * an IDX header) returning the size they announce, or `undefined` while it needs more of them (PyTorch has
 * none).
 */
export type OutputLimit = number | ((head: Uint8Array) => number | undefined);

/** The gzip trailer's ISIZE: the decompressed size modulo 2^32 (for a single-member stream), or null. */
export function gzipDeclaredSize(bytes: Uint8Array): number | null {
  if (bytes.length < 18) return null;
  const n = bytes.length;
  return (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
}

/** Header bytes looked at by a function limit before it must decide (an IDX header is at most 1024). */
const MAX_HEAD = 1024;

/**
 * Collects decompressed chunks, failing with a {@link GzipError} as soon as their total passes the
 * limit, so no more than `limit` bytes (plus one chunk) are ever held.
 */
export class BoundedOutput {
  private readonly chunks: Uint8Array[] = [];
  private total = 0;
  private max: number | undefined;

  constructor(private readonly limit: OutputLimit | undefined) {
    this.max = typeof limit === 'function' ? undefined : (limit ?? Number.POSITIVE_INFINITY);
  }

  /** Adds a chunk; throws a {@link GzipError} when the output passes the limit. */
  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.total += chunk.length;
    if (this.max === undefined && typeof this.limit === 'function') {
      const head = this.concat(Math.min(this.total, MAX_HEAD));
      this.max = this.limit(head);
      if (this.max === undefined && this.total >= MAX_HEAD) this.max = MAX_HEAD;
    }
    if (this.max !== undefined && this.total > this.max) {
      throw new GzipError(`inflates to more than the expected ${this.max} bytes`);
    }
  }

  /** Everything collected, as one array. */
  result(): Uint8Array {
    return this.concat(this.total);
  }

  private concat(length: number): Uint8Array {
    if (this.chunks.length === 1 && this.chunks[0].length === length) return this.chunks[0];
    const out = new Uint8Array(length);
    let at = 0;
    for (const c of this.chunks) {
      if (at >= length) break;
      const part = c.subarray(0, length - at);
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

/**
 * The size an IDX file announces in its header (4 + 4 * ndim header bytes, then the product of the
 * sizes), for use as an {@link OutputLimit}; `elementSizes` overrides the header's trailing sizes
 * (e.g. [28, 28] so a header lying about its rows cannot raise the limit). Never more than `ceiling`
 * (PyTorch has none).
 */
export function idxSizeLimit(
  elementSizes: readonly number[] = [],
  ceiling = 2 ** 31,
): (head: Uint8Array) => number | undefined {
  return (head) => {
    if (head.length < 4) return undefined;
    const ndim = head[3];
    const header = 4 + 4 * ndim;
    if (head.length < header) return undefined;
    let numel = ndim === 0 ? 0 : 1;
    for (let d = 0; d < ndim; d++) {
      const o = 4 + 4 * d;
      const fromHeader = ((head[o] << 24) | (head[o + 1] << 16) | (head[o + 2] << 8) | head[o + 3]) >>> 0;
      const fixed = elementSizes[d - (ndim - elementSizes.length)];
      numel *= d >= ndim - elementSizes.length && fixed !== undefined ? fixed : fromHeader;
    }
    return Math.min(header + numel, ceiling);
  };
}
