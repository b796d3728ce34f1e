import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gunzipNode } from '../node/download.js';
import { type Gunzip, GzipError, gunzipWeb, maybeGunzip } from './gzip.js';

// Hostile gzip input for both decoders (node:zlib and DecompressionStream): random bytes behind the
// gzip magic, truncations, flipped bytes, small bombs. A decode returns at most `limit` bytes or
// throws a GzipError naming the file; nothing else escapes.

const decoders: [string, Gunzip][] = [
  ['node:zlib', gunzipNode],
  ['DecompressionStream', gunzipWeb],
];

/** Decodes, returning the output, or null on a GzipError naming the file (anything else fails). */
async function decodeOrGzipError(
  gunzip: Gunzip,
  bytes: Uint8Array,
  limit: number,
): Promise<Uint8Array | null> {
  try {
    const out = await maybeGunzip(bytes, 'f.gz', gunzip, limit);
    expect(out.length).toBeLessThanOrEqual(limit);
    return out;
  } catch (err) {
    if (!(err instanceof GzipError)) throw err;
    expect(err.message.startsWith('f.gz: ')).toBe(true);
    return null;
  }
}

const payload = fc.uint8Array({ maxLength: 2000 });

describe.each(decoders)('gzip reader properties (%s)', (_name, gunzip) => {
  it('returns at most the limit or throws a GzipError on arbitrary bytes after the magic', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.nat({ max: 4096 }), async (tail, limit) => {
        await decodeOrGzipError(gunzip, Uint8Array.of(0x1f, 0x8b, ...tail), limit);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('decodes valid data within its limit, and refuses it with a GzipError under its size', async () => {
    await fc.assert(
      fc.asyncProperty(payload, fc.nat({ max: 2000 }), async (data, limit) => {
        const out = await decodeOrGzipError(gunzip, gzipSync(data), limit);
        if (limit >= data.length) expect(out).toEqual(data);
        else expect(out).toBeNull();
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('refuses every truncation with a GzipError', async () => {
    await fc.assert(
      fc.asyncProperty(payload, fc.nat(), async (data, cut) => {
        const gz = gzipSync(data);
        expect(await decodeOrGzipError(gunzip, gz.subarray(0, 2 + (cut % (gz.length - 2))), 4096)).toBeNull();
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('with a flipped byte, returns at most the limit or throws a GzipError', async () => {
    await fc.assert(
      fc.asyncProperty(payload, fc.nat(), fc.integer({ min: 1, max: 255 }), async (data, at, xor) => {
        const gz = Uint8Array.from(gzipSync(data));
        gz[2 + (at % (gz.length - 2))] ^= xor;
        await decodeOrGzipError(gunzip, gz, 2000);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('stops a bomb at the limit', async () => {
    const size = 1 << 20;
    const bomb = gzipSync(new Uint8Array(size));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 * size }), async (limit) => {
        const out = await decodeOrGzipError(gunzip, bomb, limit);
        expect(out?.length ?? null).toBe(limit >= size ? size : null);
      }),
      { seed: 42, numRuns: 20 },
    );
  });
});
