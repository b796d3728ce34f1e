import '@typetorch/backend-cpu';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuBackend } from '@typetorch/backend-cpu';
import {
  type Backend,
  memory,
  ones,
  registerBackend,
  type Tensor,
  tensor,
  unregisterBackend,
  zeros,
} from '@typetorch/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { parseHeaderPrefix } from './header.js';
import {
  deserialize,
  loadBytes,
  parseHeader,
  SafetensorsError,
  type SafetensorsTensorInfo,
  serialize,
  toBytes,
} from './index.js';

const encoder = new TextEncoder();

function u64(n: number | bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

function f32le(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  return out;
}

/** A file from a header (object or raw text) and a data buffer (bytes, or a count of zero bytes). */
function file(header: object | string, data: Uint8Array | number = 0): Uint8Array {
  const json = encoder.encode(typeof header === 'string' ? header : JSON.stringify(header));
  const buffer = typeof data === 'number' ? new Uint8Array(data) : data;
  return concat(u64(json.length), json, buffer);
}

function entry(dtype: string, shape: number[], offsets: [number, number]) {
  return { dtype, shape, data_offsets: offsets };
}

async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

class Affine extends Module {
  weight = new Parameter(ones([2, 3]));
  bias = new Parameter(zeros([2]));
  constructor() {
    super();
    this.registerBuffer('steps', tensor(0, { dtype: 'int32' }));
    this.registerBuffer('scratch', zeros([4]), { persistent: false });
  }
  forward(x: Tensor): Tensor {
    return x.matmul(this.weight.t()).add(this.bias);
  }
}

describe('serialize', () => {
  it('writes what the reference implementation writes (its own test vectors)', async () => {
    // safetensors/src/tensor.rs, test_serialization: 64-byte header, no padding needed.
    const data = tensor(new Float32Array([0, 1, 2, 3, 4, 5])).reshape([1, 2, 3]);
    expect(await serialize({ 'attn.0': data })).toEqual(
      concat(
        u64(64),
        encoder.encode('{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}'),
        f32le([0, 1, 2, 3, 4, 5]),
      ),
    );
    // test_serialization_forced_alignement: a 65-byte header padded with 7 spaces to 72.
    expect(await serialize({ attn0: data.reshape([1, 1, 2, 3]) })).toEqual(
      concat(
        u64(72),
        encoder.encode('{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       '),
        f32le([0, 1, 2, 3, 4, 5]),
      ),
    );
    // test_empty, without and with metadata.
    expect(await serialize({})).toEqual(concat(u64(8), encoder.encode('{}      ')));
    expect(await serialize({}, { framework: 'pt' })).toEqual(
      concat(u64(40), encoder.encode('{"__metadata__":{"framework":"pt"}}     ')),
    );
  });

  it('orders tensors as the reference writer: dtype alignment descending, then name by UTF-8 bytes', async () => {
    const bytes = await serialize({
      z: tensor([true, false]),
      b: tensor([1, 2]),
      '\u{1d465}': tensor([1]),
      '\uff58': tensor([2]),
      a: tensor([1, 2], { dtype: 'int32' }),
      y: tensor([1], { dtype: 'float64' }),
      B: tensor([3]),
    });
    const header = parseHeader(bytes);
    expect(header.tensors.map((t) => [t.name, t.dtype])).toEqual([
      ['y', 'F64'],
      ['B', 'F32'],
      ['b', 'F32'],
      ['\uff58', 'F32'], // U+FF58 < U+1D465 in UTF-8, though not in UTF-16 code units
      ['\u{1d465}', 'F32'],
      ['a', 'I32'],
      ['z', 'BOOL'],
    ]);
    expect(header.headerLength % 8).toBe(0);
    expect(header.dataStart % 8).toBe(0);
  });

  it('rejects what the format cannot hold', async () => {
    await expect(serialize({ __metadata__: zeros([1]) })).rejects.toThrow("'__metadata__' is reserved");
    await expect(serialize({ x: [1, 2] as unknown as Tensor })).rejects.toThrow(
      "state dict entry 'x' is not a Tensor",
    );
    await expect(serialize({ x: zeros([1]) }, { n: 1 as unknown as string })).rejects.toThrow(
      "metadata value of 'n' must be a string",
    );
    await expect(serialize({ '\ud800': zeros([1]) })).rejects.toThrow('lone surrogate');
    const gone = zeros([1]);
    gone.dispose();
    await expect(serialize({ gone })).rejects.toThrow("safetensors: tensor 'gone' was already disposed");
  });
});

describe('deserialize', () => {
  it('round-trips every dtype typetorch writes, shapes incl. 0-dim and empty, and metadata', async () => {
    const dict = {
      'layer.weight': tensor([
        [1.5, -2],
        [3.25, Number.NaN],
      ]),
      'layer.double': tensor([Math.PI, -1e300, 5e-324], { dtype: 'float64' }),
      count: tensor(7, { dtype: 'int32' }),
      ints: tensor([-2147483648, 2147483647, 0], { dtype: 'int32' }),
      mask: tensor([
        [true, false, true],
        [false, false, true],
      ]),
      empty: zeros([0, 3]),
      inf: tensor([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]),
    };
    const bytes = await serialize(dict, { format: 'pt', epoch: '3' });
    const header = parseHeader(bytes);
    expect(header.metadata).toEqual({ format: 'pt', epoch: '3' });
    const loaded = deserialize(bytes);
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(dict).sort());
    for (const [name, t] of Object.entries(dict)) {
      expect(loaded[name].dtype, name).toBe(t.dtype);
      expect(loaded[name].shape, name).toEqual(t.shape);
      expect(await values(loaded[name]), name).toEqual(await values(t));
    }
    expect(Object.is((await loaded.inf.data())[2], -0)).toBe(true);
    // The same tensors give the same bytes again.
    expect(await serialize(loaded, header.metadata)).toEqual(bytes);
  });

  it('returns tensors in file order, with names that are not identifiers', async () => {
    const bytes = await serialize({ __proto__x: zeros([1]), 'a b': zeros([2]), '': ones([1]) });
    const loaded = deserialize(bytes);
    expect(Object.keys(loaded)).toEqual(parseHeader(bytes).tensors.map((t) => t.name));
  });

  it('keeps names and metadata with JSON punctuation intact', async () => {
    const names = ['a"b', '{', '}', ',', '[x]', 'back\\slash', 'nl\n', ':', ''];
    const dict = Object.fromEntries(names.map((n, i) => [n, tensor([i])]));
    const bytes = await serialize(dict, { '"},{': '","a":{', '\\': '' });
    expect(parseHeader(bytes).metadata).toEqual({ '"},{': '","a":{', '\\': '' });
    const loaded = deserialize(bytes);
    expect(Object.keys(loaded).sort()).toEqual([...names].sort());
    for (const [i, n] of names.entries()) expect(await values(loaded[n])).toEqual([i]);
  });

  it("keeps a tensor named '__proto__' an entry", async () => {
    const bytes = file('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32le([2]));
    const loaded = deserialize(bytes);
    expect(Object.getPrototypeOf(loaded)).toBe(Object.prototype);
    expect(Object.keys(loaded)).toEqual(['__proto__']);
    expect(await values(Object.getOwnPropertyDescriptor(loaded, '__proto__')!.value)).toEqual([2]);
  });

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
    expect(Object.values(loaded).map((t) => t.dtype)).toEqual(['int32', 'int32', 'int32', 'int32', 'int32']);
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
        `safetensors: tensor 'big' (I64) holds ${shown} at element 1, outside the int32 range typetorch loads I64 into (-2147483648..2147483647)`,
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

  it('accepts an ArrayBuffer, a view at an offset, unpadded headers and unaligned data', async () => {
    const inner = file({ x: entry('F64', [2], [0, 16]) }, new Uint8Array(new Float64Array([1.5, -2]).buffer));
    expect(((inner.length - 16) % 8) as number).not.toBe(0); // the data starts unaligned
    const shifted = new Uint8Array(inner.length + 3);
    shifted.set(inner, 3);
    // A Node Buffer inside a larger pool, whose slice() is a view and not a copy.
    const pooled = Buffer.concat([Buffer.alloc(5), inner, Buffer.alloc(7)]).subarray(5, 5 + inner.length);
    for (const input of [inner.slice().buffer, shifted.subarray(3), pooled]) {
      expect(await values(deserialize(input).x)).toEqual([1.5, -2]);
    }
  });
});

describe('malformed files', () => {
  const ok = { a: entry('F32', [2], [0, 8]), b: entry('I32', [1], [8, 12]) };
  const cases: [string, Uint8Array, string][] = [
    [
      'a truncated header length',
      new Uint8Array([16, 0, 0, 0, 0]),
      'safetensors: file is 5 bytes long, too short for the 8-byte header length that starts every safetensors file',
    ],
    ['an empty file', new Uint8Array(0), 'safetensors: file is 0 bytes long'],
    [
      'a header length larger than the file',
      concat(u64(1000), encoder.encode('{}')),
      'safetensors: header length 1000 is larger than the 2 bytes that follow it: the file is truncated or not a safetensors file',
    ],
    [
      'a header length of 2^64-1',
      concat(u64(2n ** 64n - 1n), encoder.encode('{}')),
      'safetensors: header length 18446744073709551615 is larger than the 2 bytes that follow it',
    ],
    ['invalid JSON', file('{"a":{"dtype":"F32",'), 'safetensors: header is not valid JSON ('],
    [
      'a header that is not an object',
      file('["a"]'),
      "safetensors: header must be a JSON object starting with '{'",
    ],
    [
      'an empty header',
      file(''),
      'safetensors: header must be a JSON object starting with \'{\', got "" (empty header)',
    ],
    [
      'a header that is not UTF-8',
      concat(u64(4), new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
      'safetensors: header is not valid UTF-8',
    ],
    [
      'a missing dtype',
      file({ a: { shape: [1], data_offsets: [0, 4] } }, 4),
      "safetensors: tensor 'a' has an invalid dtype: missing",
    ],
    [
      'an unknown dtype',
      file({ a: entry('F17', [1], [0, 4]) }, 4),
      "safetensors: tensor 'a' has unknown dtype 'F17', which is not a safetensors dtype",
    ],
    [
      'an invalid shape',
      file({ a: entry('F32', [2, -1], [0, 4]) }, 4),
      "safetensors: tensor 'a' has an invalid shape: [2,-1] (expected an array of non-negative integers)",
    ],
    [
      'a fractional shape',
      file({ a: entry('F32', [1.5], [0, 4]) }, 4),
      "safetensors: tensor 'a' has an invalid shape: [1.5]",
    ],
    [
      'missing data_offsets',
      file({ a: { dtype: 'F32', shape: [1] } }, 4),
      "safetensors: tensor 'a' has invalid data_offsets: missing (expected [begin, end], non-negative integers)",
    ],
    [
      'data_offsets of the wrong arity',
      file({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4, 8] } }, 4),
      "safetensors: tensor 'a' has invalid data_offsets: [0,4,8]",
    ],
    [
      'data_offsets ending before they begin',
      file({ a: entry('F32', [0], [4, 0]) }, 4),
      "safetensors: tensor 'a' has data_offsets [4, 0] that end before they begin",
    ],
    [
      'an entry that is not an object',
      file({ a: 3 }),
      "safetensors: header entry 'a' must be an object with dtype, shape and data_offsets, got 3",
    ],
    [
      'a tensor named twice',
      file(
        '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}',
        4,
      ),
      'safetensors: header repeats the key "a" within one object',
    ],
    [
      'a repeated field',
      file('{"a":{"dtype":"F32","dtype":"I32","shape":[1],"data_offsets":[0,4]}}', 4),
      'safetensors: header repeats the key "dtype" within one object',
    ],
    [
      'an unknown field',
      file({ a: { ...entry('F32', [1], [0, 4]), offset: 0 } }, 4),
      "safetensors: tensor 'a' has an unknown header field 'offset'",
    ],
    [
      'metadata that is not a string map',
      file({ __metadata__: { epoch: 3 }, ...ok }, 12),
      "safetensors: __metadata__ value 'epoch' must be a string, got 3",
    ],
    [
      'metadata that is not an object',
      file({ __metadata__: 'pt', ...ok }, 12),
      'safetensors: __metadata__ must be an object of strings, got "pt"',
    ],
    [
      'offsets out of range',
      file({ a: entry('F32', [2], [0, 8]), b: entry('I32', [1], [8, 12]) }, 10),
      "safetensors: tensor 'b' has data_offsets [8, 12] past the end of the 10-byte data buffer: the file is truncated or the header is wrong",
    ],
    [
      'overlapping offsets',
      file({ a: entry('F32', [2], [0, 8]), b: entry('I32', [1], [4, 8]) }, 8),
      "safetensors: tensors 'a' [0, 8] and 'b' [4, 8] overlap in the data buffer",
    ],
    [
      'two tensors on the same bytes',
      file({ a: entry('F32', [1], [0, 4]), b: entry('I32', [1], [0, 4]) }, 4),
      "safetensors: tensors 'a' [0, 4] and 'b' [0, 4] overlap in the data buffer",
    ],
    [
      'a shape that does not match the offsets',
      file({ a: entry('F32', [2, 2], [0, 8]) }, 8),
      "safetensors: tensor 'a' has shape [2, 2] and dtype F32, which take 16 bytes, but its data_offsets [0, 8] span 8",
    ],
    [
      'a hole in the buffer',
      file({ a: entry('F32', [1], [0, 4]), b: entry('I32', [1], [8, 12]) }, 12),
      "safetensors: bytes 4..8 of the data buffer belong to no tensor (a hole before 'b'); the format requires the tensors to cover the buffer exactly",
    ],
    [
      'a hole at the start',
      file({ b: entry('I32', [1], [4, 8]) }, 8),
      "safetensors: bytes 0..4 of the data buffer belong to no tensor (a hole before 'b')",
    ],
    [
      'bytes after the last tensor',
      file(ok, 13),
      'safetensors: bytes 12..13 at the end of the data buffer belong to no tensor; the format requires the tensors to cover the buffer exactly',
    ],
    [
      'packed elements that do not fill whole bytes',
      file({ q: entry('F4', [3], [0, 2]) }, 2),
      "safetensors: tensor 'q' has 3 elements of F4, which do not fill a whole number of bytes",
    ],
    [
      'a shape too large to address',
      file({ a: entry('F64', [2 ** 30, 2 ** 30], [0, 8]) }, 8),
      "safetensors: tensor 'a' has a shape too large to address: [1073741824, 1073741824]",
    ],
  ];

  for (const [what, bytes, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(() => parseHeader(bytes)).toThrow(SafetensorsError);
      expect(() => deserialize(bytes)).toThrow(message);
    });
  }

  it('rejects a header longer than 100 MB before reading it', () => {
    expect(() => parseHeaderPrefix(u64(200_000_000), 300_000_000)).toThrow(
      'safetensors: header length 200000000 is larger than the 100000000 bytes a header may have',
    );
  });

  it('never returns part of a file: a bad tensor anywhere fails the whole load', () => {
    const before = memory('cpu').numTensors;
    const bytes = file(
      { a: entry('F32', [1], [0, 4]), b: entry('BOOL', [1], [4, 5]), c: entry('F32', [1], [5, 9]) },
      concat(f32le([1]), new Uint8Array([9]), f32le([2])),
    );
    expect(() => deserialize(bytes)).toThrow("tensor 'b' (BOOL) holds byte 9");
    expect(memory('cpu').numTensors).toBe(before);
  });

  it('rejects input that is not bytes', () => {
    expect(() => deserialize('abc' as unknown as Uint8Array)).toThrow(
      'safetensors: expected the file contents as a Uint8Array or an ArrayBuffer',
    );
  });
});

describe('toBytes / loadBytes', () => {
  it('saves parameters and persistent buffers and loads them into another module', async () => {
    const a = new Affine();
    a.weight.detach().copy_(tensor([1, 2, 3, 4, 5, 6]).reshape([2, 3]));
    a.bias.detach().fill_(0.5);
    (a as unknown as { steps: Tensor }).steps.fill_(9);
    const before = memory('cpu').numTensors;
    const bytes = await toBytes(a, { format: 'pt' });
    expect(memory('cpu').numTensors).toBe(before);
    expect(parseHeader(bytes).tensors.map((t) => t.name)).toEqual(['bias', 'weight', 'steps']);

    const b = new Affine();
    const beforeLoad = memory('cpu').numTensors;
    expect(loadBytes(b, bytes)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(memory('cpu').numTensors).toBe(beforeLoad);
    expect(await values(b.weight)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await values(b.bias)).toEqual([0.5, 0.5]);
    expect(await values((b as unknown as { steps: Tensor }).steps)).toEqual([9]);
    expect(b.weight.requiresGrad).toBe(true);
  });

  it('reports missing and unexpected keys like loadStateDict, and fails on them when strict', async () => {
    const bytes = await serialize({ weight: ones([2, 3]), extra: zeros([1]) });
    expect(() => loadBytes(new Affine(), bytes)).toThrow(
      'Error(s) in loading state_dict for Affine:\n\tUnexpected key(s) in state_dict: "extra". \n\tMissing key(s) in state_dict: "bias", "steps". ',
    );
    const m = new Affine();
    expect(loadBytes(m, bytes, { strict: false })).toEqual({
      missingKeys: ['bias', 'steps'],
      unexpectedKeys: ['extra'],
    });
    const wrong = await serialize({
      weight: ones([3, 2]),
      bias: zeros([2]),
      steps: tensor(0, { dtype: 'int32' }),
    });
    expect(() => loadBytes(new Affine(), wrong)).toThrow(
      'size mismatch for weight: copying a param with shape [3, 2] from checkpoint, the shape in current model is [2, 3].',
    );
  });

  it('casts to the module dtypes, as load_state_dict does', async () => {
    const bytes = await serialize({
      weight: tensor([1, 2, 3, 4, 5, 6], { dtype: 'float64' }).reshape([2, 3]),
      bias: tensor([1, 2], { dtype: 'int32' }),
      steps: tensor(3.9, { dtype: 'float64' }),
    });
    const m = new Affine();
    loadBytes(m, bytes);
    expect(m.weight.dtype).toBe('float32');
    expect(await values(m.bias)).toEqual([1, 2]);
    expect(await values((m as unknown as { steps: Tensor }).steps)).toEqual([3]);
  });
});

describe('asynchronous devices', () => {
  afterEach(() => unregisterBackend('async-only'));

  it('serializes with await t.data() only and loads onto the device', async () => {
    const asyncOnly: Backend = Object.assign(Object.create(Object.getPrototypeOf(cpuBackend)), cpuBackend, {
      device: 'async-only',
      capabilities: { ...cpuBackend.capabilities, syncRead: false },
      // Reads complete later, as a GPU's do.
      read: (view: Parameters<Backend['read']>[0]) =>
        new Promise((resolve) => setTimeout(() => resolve(cpuBackend.readSync!(view)), 1)),
    });
    registerBackend(asyncOnly);
    const x = tensor([1, 2, 3], { device: 'async-only' });
    expect(() => x.dataSync()).toThrow('reads asynchronously');
    const bytes = await serialize({ x, m: tensor([true, false], { device: 'async-only' }) });
    const loaded = deserialize(bytes, { device: 'async-only' });
    expect(loaded.x.device).toBe('async-only');
    expect(await values(loaded.x)).toEqual([1, 2, 3]);
    expect(await values(loaded.m)).toEqual([1, 0]);
  });
});

describe('browser safety', () => {
  it('the safetensors sources import nothing from Node', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources).toContain('index.ts');
    for (const f of sources) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/from '(node:|fs|path|crypto|url|os)/);
      expect(text, f).not.toMatch(/\b(Buffer|process|require)\b[.(]/);
    }
  });
});
