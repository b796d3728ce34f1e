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
import { deserialize, loadBytes, parseHeader, serialize, toBytes } from './index.js';

import { concat, encoder, entry, f32le, file, u64, values } from './testing/files.js';

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
      b: tensor([1, 2], { dtype: 'float32' }),
      '\u{1d465}': tensor([1], { dtype: 'float32' }),
      '\uff58': tensor([2], { dtype: 'float32' }),
      a: tensor([1, 2], { dtype: 'int32' }),
      y: tensor([1], { dtype: 'float64' }),
      B: tensor([3], { dtype: 'float32' }),
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
