/**
 * Property-based tests of the safetensors reader (issue 18): whatever the bytes (valid files, files
 * with flipped, cut or inserted bytes, random JSON headers, deep nesting, random bytes), `parseHeader`
 * and `deserialize` either load the file or throw a SafetensorsError: never another error (no
 * RangeError from a stack overflow, no TypeError), never a tensor left behind after a failure, and never
 * more memory than 4 bytes per byte of the file (U8 widened to int32 is the largest growth).
 */
import '@typetorch/backend-cpu';
import { memory, type Tensor } from '@typetorch/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deserialize, parseHeader, SAFETENSORS_DTYPES, SafetensorsError } from './index.js';
import { concat, encoder, u64 } from './testing/files.js';

const NAMES = ['weight', 'a.b', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ''];
const nameArb = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.string({ maxLength: 6 }).filter((n) => n !== '__metadata__'),
);
const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });
const BYTES: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  F32: 4,
};
const loadable = fc.constantFrom(...Object.keys(BYTES));
const anyDType = fc.oneof(loadable, fc.constantFrom(...SAFETENSORS_DTYPES));

/** A file from entries and random data bytes: well-formed where the dtype's size is in BYTES. */
const fileOf = (dtypeArb: fc.Arbitrary<string>) =>
  fc
    .tuple(
      fc.uniqueArray(fc.tuple(nameArb, dtypeArb, shapeArb), { maxLength: 4, selector: (e) => e[0] }),
      fc.nat(),
    )
    .map(([entries, seed]) => {
      const header: Record<string, unknown> = {};
      const parts: Uint8Array[] = [];
      let offset = 0;
      for (const [name, dtype, shape] of entries) {
        const size = (BYTES[dtype] ?? 8) * shape.reduce((a, b) => a * b, 1);
        const entry = { dtype, shape, data_offsets: [offset, offset + size] };
        Object.defineProperty(header, name, {
          value: entry,
          enumerable: true,
          configurable: true,
          writable: true,
        });
        // BOOL bytes must be 0 or 1; any other bytes are some value of their dtype.
        const mask = dtype === 'BOOL' ? 1 : 0xff;
        parts.push(Uint8Array.from({ length: size }, (_, i) => ((seed + offset + i) * 2654435761) & mask));
        offset += size;
      }
      return { text: JSON.stringify(header), data: concat(...parts) };
    });
const validFile = fileOf(anyDType);

const withHeader = (text: string, data: Uint8Array) => {
  const json = encoder.encode(text);
  return concat(u64(json.length), json, data);
};

/** Damage: bytes flipped, the file cut, text inserted into the header, or a wrong header length. */
const mutated = fc.oneof(
  fc
    .tuple(validFile, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }))
    .map(([f, flips]) => {
      const bytes = withHeader(f.text, f.data);
      for (const [at, v] of flips) if (bytes.length > 0) bytes[at % bytes.length] = v;
      return bytes;
    }),
  fc.tuple(validFile, fc.nat()).map(([f, cut]) => {
    const bytes = withHeader(f.text, f.data);
    return bytes.subarray(0, cut % (bytes.length + 1));
  }),
  fc
    .tuple(
      validFile,
      fc.nat(),
      fc.constantFrom('[', ']', '{', '}', ',', '"', ':', '-1', '1e400', '\\u0000', 'null'),
    )
    .map(([f, at, piece]) => {
      const i = at % (f.text.length + 1);
      return withHeader(f.text.slice(0, i) + piece + f.text.slice(i), f.data);
    }),
  fc
    .tuple(validFile, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }))
    .map(([f, n]) => concat(u64(n), encoder.encode(f.text), f.data)),
);

/** Random JSON values as headers; deep or broken nesting; random bytes after a small header length. */
const hostile = fc.oneof(
  fc.tuple(fc.json({ maxDepth: 5 }), fc.uint8Array({ maxLength: 64 })).map(([t, d]) => withHeader(t, d)),
  fc
    .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":', '{"a":{"shape":'), fc.boolean())
    .map(([n, open, closed]) => {
      const close = open === '[' ? ']' : '}';
      return withHeader(`{"x":${open.repeat(n)}${closed ? `1${close.repeat(n)}` : ''}}`, new Uint8Array(0));
    }),
  fc
    .tuple(fc.integer({ min: 0, max: 64 }), fc.uint8Array({ maxLength: 96 }))
    .map(([n, rest]) => concat(u64(n), rest)),
);

/**
 * Loads `bytes`; passes if it loads within the memory bound or (unless `mustLoad`) fails with a
 * SafetensorsError and no leak.
 */
function loadsOrNamedError(bytes: Uint8Array, mustLoad = false): void {
  const before = memory('cpu').numTensors;
  let dict: Record<string, Tensor>;
  try {
    parseHeader(bytes);
    dict = deserialize(bytes);
  } catch (error) {
    if (mustLoad || !(error instanceof SafetensorsError)) throw error;
    expect(memory('cpu').numTensors).toBe(before);
    return;
  }
  const tensors = Object.values(dict);
  const allocated = tensors.reduce((n, t) => n + t.numel() * t.elementSize(), 0);
  expect(allocated).toBeLessThanOrEqual(4 * bytes.length);
  for (const t of tensors) t.dispose();
}

describe('safetensors reader, fuzzed', () => {
  it('valid files of loadable dtypes load, whatever their names', () => {
    fc.assert(
      fc.property(fileOf(loadable), (f) => loadsOrNamedError(withHeader(f.text, f.data), true)),
      { seed: 42, numRuns: 300 },
    );
  });
  it('damaged files load or fail with a SafetensorsError', () => {
    fc.assert(
      fc.property(mutated, (bytes) => loadsOrNamedError(bytes)),
      { seed: 42, numRuns: 600 },
    );
  });
  it('random headers, deep nesting and random bytes fail with a SafetensorsError', () => {
    fc.assert(
      fc.property(hostile, (bytes) => loadsOrNamedError(bytes)),
      { seed: 42, numRuns: 400 },
    );
  });
});
