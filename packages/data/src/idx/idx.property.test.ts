import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idxSizeLimit } from './gunzip-limit.js';
import { encodeIdx, IdxError, parseIdxImages, parseIdxLabels } from './idx.js';

// Hostile IDX input: any bytes, cut anywhere, any header byte changed. The parsers either return a
// view consistent with the header or throw an IdxError; they never copy the input.

/** Runs `parse`, returning its result, or null if it threw an IdxError (anything else fails the test). */
function parseOrIdxError<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch (err) {
    if (err instanceof IdxError) return null;
    throw err;
  }
}

const images = fc
  .record({
    count: fc.integer({ min: 0, max: 6 }),
    rows: fc.integer({ min: 0, max: 5 }),
    cols: fc.integer({ min: 0, max: 5 }),
  })
  .chain(({ count, rows, cols }) =>
    fc
      .uint8Array({ minLength: count * rows * cols, maxLength: count * rows * cols })
      .map((data) => encodeIdx([count, rows, cols], data)),
  );

function checkParsed(bytes: Uint8Array, out: { shape: number[]; data: Uint8Array } | null): void {
  if (out === null) return;
  const numel = out.shape.reduce((a, b) => a * b, 1);
  expect(out.data.length).toBe(numel);
  expect(out.data.buffer).toBe(bytes.buffer); // a view: no allocation at all
  expect(4 + 4 * out.shape.length + numel).toBe(bytes.length);
}

describe('IDX parser properties', () => {
  it('never throws anything but an IdxError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        checkParsed(
          bytes,
          parseOrIdxError(() => parseIdxImages(bytes, 'x')),
        );
        checkParsed(
          bytes,
          parseOrIdxError(() => parseIdxLabels(bytes, 'x', { numClasses: 10 })),
        );
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('refuses every truncation of a valid file with an IdxError naming it', () => {
    fc.assert(
      fc.property(images, fc.nat(), (file, cut) => {
        const end = cut % file.length;
        expect(() => parseIdxImages(file.subarray(0, end), 'f.idx')).toThrow(IdxError);
        expect(() => parseIdxImages(file.subarray(0, end), 'f.idx')).toThrow(/^f\.idx: /);
      }),
      { seed: 42, numRuns: 1000 },
    );
  });

  it('with a mutated header, either parses consistently or throws an IdxError', () => {
    fc.assert(
      fc.property(
        images,
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 1, max: 255 }),
        (file, at, xor) => {
          const bytes = file.slice();
          bytes[at] ^= xor;
          checkParsed(
            bytes,
            parseOrIdxError(() => parseIdxImages(bytes, 'x', { rows: 5 })),
          );
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('derives an inflation limit from any header that never exceeds its ceiling', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 1100 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (head, ceiling) => {
          const limit = idxSizeLimit([28, 28], ceiling)(head);
          if (limit === undefined) expect(head.length < 4 || head.length < 4 + 4 * head[3]).toBe(true);
          else expect(limit).toBeLessThanOrEqual(ceiling);
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });
});
