/** Dtypes on load: exact half-precision decoding, widening of small integers, refusals. */
import '@typetorch/backend-cpu';
import { memory, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { deserialize, parseHeader, type SafetensorsTensorInfo, serialize } from './index.js';

import { concat, entry, f32le, file, values } from './testing/files.js';

describe('deserialize: half precision', () => {
  it('decodes F16 exactly into float16 and BF16 exactly into float32', async () => {
    // 0, -0, 1, -2, 65504 (max), 2^-14 (min normal), 2^-24 (min subnormal), inf, -inf, nan, 0.333251953125
    const halves = [0x0000, 0x8000, 0x3c00, 0xc000, 0x7bff, 0x0400, 0x0001, 0x7c00, 0xfc00, 0x7e00, 0x3555];
    const f16 = new Uint8Array(new Uint16Array(halves).buffer);
    // 1, -2.5, 3.140625, 2^-133 (subnormal), inf, nan, -0, max (0x7f7f)
    const brains = [0x3f80, 0xc020, 0x4049, 0x0001, 0x7f80, 0x7fc0, 0x8000, 0x7f7f];
    const bf16 = new Uint8Array(new Uint16Array(brains).buffer);
    const loaded = deserialize(
      file({ h: entry('F16', [11], [0, 22]), b: entry('BF16', [8], [22, 38]) }, concat(f16, bf16)),
    );
    expect(loaded.h.dtype).toBe('float16');
    expect(loaded.b.dtype).toBe('float32');
    expect(await values(loaded.h)).toEqual([
      0,
      -0,
      1,
      -2,
      65504,
      2 ** -14,
      2 ** -24,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      0.333251953125,
    ]);
    expect(Object.is((await values(loaded.h))[1], -0)).toBe(true);
    expect(await values(loaded.b)).toEqual([
      1,
      -2.5,
      3.140625,
      2 ** -133,
      Number.POSITIVE_INFINITY,
      Number.NaN,
      -0,
      Math.fround(3.3895313892515355e38),
    ]);
  });

  it('saves float16 as F16 bit patterns and loads them back bit-exactly', async () => {
    // Every half value but NaNs (whose payloads a JS number need not keep): F16 -> float16 -> F16.
    const halves = new Uint16Array(0x10000 - 2 * 1023);
    let n = 0;
    for (let h = 0; h < 0x10000; h++) if ((h & 0x7c00) !== 0x7c00 || (h & 0x3ff) === 0) halves[n++] = h;
    const bytes = new Uint8Array(halves.buffer);
    const loaded = deserialize(file({ h: entry('F16', [n], [0, 2 * n]) }, bytes));
    expect(loaded.h.dtype).toBe('float16');
    const saved = await serialize(loaded);
    const header = parseHeader(saved);
    expect(header.tensors[0].dtype).toBe('F16');
    expect(saved.subarray(header.dataStart)).toEqual(bytes);
    // A float16 tensor made on the host writes the halves its values round to.
    const made = await serialize({ x: tensor([1, -2.5, 0.1, 70000], { dtype: 'float16' }) });
    expect(Array.from(new Uint16Array(made.slice(parseHeader(made).dataStart).buffer))).toEqual([
      0x3c00, 0xc100, 0x2e66, 0x7c00,
    ]);
  });
});

describe('deserialize: integers, BOOL and dtypes it cannot load', () => {
  it('widens I8, U8, I16, U16 to int32 and checks the range of I64', async () => {
    const i64 = new Uint8Array(new BigInt64Array([-2147483648n, 2147483647n, -1n, 5n]).buffer);
    const loaded = deserialize(
      file(
        {
          a: entry('I8', [2], [0, 2]),
          b: entry('U8', [2], [2, 4]),
          c: entry('I16', [2], [4, 8]),
          d: entry('U16', [2], [8, 12]),
          e: entry('I64', [2, 2], [12, 44]),
        },
        concat(
          new Uint8Array([0x80, 0x7f, 0x80, 0xff]),
          new Uint8Array(new Int16Array([-32768, 32767]).buffer),
          new Uint8Array(new Uint16Array([65535, 1]).buffer),
          i64,
        ),
      ),
    );
    expect(Object.values(loaded).map((t) => t.dtype)).toEqual(['int32', 'int32', 'int32', 'int32', 'int64']);
    expect(await values(loaded.a)).toEqual([-128, 127]);
    expect(await values(loaded.b)).toEqual([128, 255]);
    expect(await values(loaded.c)).toEqual([-32768, 32767]);
    expect(await values(loaded.d)).toEqual([65535, 1]);
    expect(await values(loaded.e)).toEqual([-2147483648, 2147483647, -1, 5]);
    expect(loaded.e.shape).toEqual([2, 2]);
  });

  it('fails on an I64 value outside int32, naming the tensor, and creates no tensor', () => {
    for (const [value, shown] of [
      [2147483648n, '2147483648'],
      [-2147483649n, '-2147483649'],
      [-(2n ** 63n), '-9223372036854775808'],
    ] as const) {
      const bytes = file(
        { ok: entry('F32', [1], [0, 4]), big: entry('I64', [2], [4, 20]) },
        concat(f32le([1]), new Uint8Array(new BigInt64Array([1n, value]).buffer)),
      );
      const before = memory('cpu').numTensors;
      expect(() => deserialize(bytes)).toThrow(
        `safetensors: tensor 'big' (I64) holds ${shown} at element 1, outside the range typetorch stores int64 in (32 bits: -2147483648..2147483647)`,
      );
      expect(memory('cpu').numTensors).toBe(before);
    }
  });

  it('refuses dtypes typetorch cannot load by name, and loads the rest when asked to', async () => {
    for (const [dtype, size] of [
      ['C64', 8],
      ['U32', 4],
      ['U64', 8],
      ['F8_E4M3', 1],
      ['F8_E5M2', 1],
    ] as const) {
      const bytes = file(
        { w: entry('F32', [1], [0, 4]), x: entry(dtype, [2], [4, 4 + 2 * size]) },
        4 + 2 * size,
      );
      expect(() => deserialize(bytes)).toThrow(
        `safetensors: tensor 'x' has dtype ${dtype}, which typetorch cannot load`,
      );
      expect(parseHeader(bytes).tensors[1].dtype).toBe(dtype);
      const some = deserialize(bytes, { filter: (t: SafetensorsTensorInfo) => t.name !== 'x' });
      expect(Object.keys(some)).toEqual(['w']);
    }
    // Sub-byte types: two F4 values take one byte.
    expect(parseHeader(file({ q: entry('F4', [2, 3], [0, 3]) }, 3)).tensors[0].dtype).toBe('F4');
  });

  it('rejects BOOL bytes other than 0 and 1', () => {
    expect(() => deserialize(file({ m: entry('BOOL', [3], [0, 3]) }, new Uint8Array([1, 0, 2])))).toThrow(
      "safetensors: tensor 'm' (BOOL) holds byte 2 at element 2; BOOL elements must be 0 or 1",
    );
  });
});
