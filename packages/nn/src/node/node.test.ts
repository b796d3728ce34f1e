import '@typetorch/backend-cpu';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { memory, ones, type Tensor, tensor, zeros } from '@typetorch/tensor';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { parseHeader, serialize } from '../safetensors/index.js';
import { load, loadInto, save } from './index.js';

class Net extends Module {
  weight = new Parameter(ones([2, 3]));
  bias = new Parameter(zeros([2]));
  constructor() {
    super();
    this.registerBuffer('steps', tensor(0, { dtype: 'int32' }));
  }
  forward(x: Tensor): Tensor {
    return x.matmul(this.weight.t()).add(this.bias);
  }
}

/** A tensor whose data() rejects, as a lost GPU device would. */
function failingTensor(message: string): Tensor {
  const t = zeros([4]);
  Object.defineProperty(t, 'data', { value: () => Promise.reject(new Error(message)) });
  return t;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'typetorch-safetensors-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('@typetorch/nn/node', () => {
  it('saves and loads a state dict', async () => {
    const path = join(dir, 'model.safetensors');
    const dict = {
      w: tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { dtype: 'float32' },
      ),
      d: tensor([0.1], { dtype: 'float64' }),
      n: tensor(5, { dtype: 'int32' }),
      m: tensor([true, false]),
    };
    await save(dict, path, { format: 'pt' });
    const bytes = new Uint8Array(readFileSync(path));
    expect(bytes).toEqual(await serialize(dict, { format: 'pt' }));
    expect(parseHeader(bytes).metadata).toEqual({ format: 'pt' });
    expect(readdirSync(dir)).toEqual(['model.safetensors']);

    const loaded = await load(path);
    expect(Object.keys(loaded)).toEqual(['d', 'w', 'n', 'm']);
    for (const [name, t] of Object.entries(dict)) {
      expect(loaded[name].dtype).toBe(t.dtype);
      expect(loaded[name].shape).toEqual(t.shape);
      expect(Array.from(await loaded[name].data())).toEqual(Array.from(await t.data()));
    }
    const some = await load(pathToFileURL(path), { filter: (t) => t.dtype === 'F32' });
    expect(Object.keys(some)).toEqual(['w']);
  });

  it('saves a module and loads the file into another one', async () => {
    const path = join(dir, 'net.safetensors');
    const a = new Net();
    a.weight.detach().copy_(tensor([1, 2, 3, 4, 5, 6]).reshape([2, 3]));
    (a as unknown as { steps: Tensor }).steps.fill_(3);
    const before = memory('cpu').numTensors;
    await save(a, path);
    expect(memory('cpu').numTensors).toBe(before);

    const b = new Net();
    expect(await loadInto(b, path)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(Array.from(await b.weight.data())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await (b as unknown as { steps: Tensor }).steps.item()).toBe(3);

    await save({ weight: ones([2, 3]) }, path);
    await expect(loadInto(new Net(), path)).rejects.toThrow('Missing key(s) in state_dict: "bias", "steps".');
    expect(await loadInto(new Net(), path, { strict: false })).toEqual({
      missingKeys: ['bias', 'steps'],
      unexpectedKeys: [],
    });
  });
});

describe('@typetorch/nn/node on failure: atomic writes, errors naming the file', () => {
  it('is atomic: a failure mid-write leaves neither the file nor a temporary file', async () => {
    const path = join(dir, 'model.safetensors');
    let tempSeen: string[] = [];
    const spy = zeros([2]);
    // 'b' is written first (F32 before I32), 'c' fails after it and after the header were written.
    Object.defineProperty(spy, 'data', {
      value: () => {
        tempSeen = readdirSync(dir);
        return Promise.reject(new Error('device lost'));
      },
    });
    await expect(save({ b: ones([3]), c: spy }, path)).rejects.toThrow(
      "safetensors: could not read tensor 'c': device lost",
    );
    expect(tempSeen).toHaveLength(1);
    expect(tempSeen[0]).toMatch(/^\.model\.safetensors\.[0-9a-f]{12}\.tmp$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is atomic: a failed save keeps the previous file intact', async () => {
    const path = join(dir, 'model.safetensors');
    await save({ x: tensor([1, 2, 3]) }, path);
    const previous = readFileSync(path);
    await expect(save({ x: tensor([4, 5, 6]), y: failingTensor('out of memory') }, path)).rejects.toThrow(
      "could not read tensor 'y': out of memory",
    );
    expect(readdirSync(dir)).toEqual(['model.safetensors']);
    expect(readFileSync(path)).toEqual(previous);
    expect(Array.from(await (await load(path)).x.data())).toEqual([1, 2, 3]);
  });

  it('checks the state dict before creating any file', async () => {
    const path = join(dir, 'model.safetensors');
    await expect(save({ __metadata__: zeros([1]) }, path)).rejects.toThrow("'__metadata__' is reserved");
    await expect(save({ x: zeros([1]) }, join(dir, 'missing', 'model.safetensors'))).rejects.toThrow(
      'ENOENT',
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the file in load errors and reads no further than a bad header', async () => {
    const path = join(dir, 'bad.safetensors');
    writeFileSync(path, new Uint8Array([1, 2, 3]));
    await expect(load(path)).rejects.toThrow(
      `safetensors: ${path}: file is 3 bytes long, too short for the 8-byte header length`,
    );
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
    writeFileSync(path, huge);
    await expect(load(path)).rejects.toThrow(
      `safetensors: ${path}: header length 1099511627776 is larger than the 8 bytes that follow it`,
    );
    // A truncated copy of a good file.
    await save({ x: tensor([1, 2, 3], { dtype: 'float32' }) }, path);
    writeFileSync(path, readFileSync(path).subarray(0, -2));
    await expect(load(path)).rejects.toThrow(
      `safetensors: ${path}: tensor 'x' has data_offsets [0, 12] past the end of the 10-byte data buffer`,
    );
  });

  it('creates nothing when a tensor fails to convert', async () => {
    const path = join(dir, 'i64.safetensors');
    const header = JSON.stringify({
      a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
      b: { dtype: 'I64', shape: [1], data_offsets: [4, 12] },
    });
    const body = new Uint8Array(8 + header.length + 12);
    new DataView(body.buffer).setBigUint64(0, BigInt(header.length), true);
    body.set(new TextEncoder().encode(header), 8);
    new DataView(body.buffer).setBigInt64(8 + header.length + 4, 2n ** 40n, true);
    writeFileSync(path, body);
    const before = memory('cpu').numTensors;
    await expect(load(path)).rejects.toThrow(
      `safetensors: ${path}: tensor 'b' (I64) holds 1099511627776 at element 0`,
    );
    expect(memory('cpu').numTensors).toBe(before);
  });
});

describe('package exports', () => {
  it("'@typetorch/nn/node' resolves to this entry point", async () => {
    const entry = await import('@typetorch/nn/node');
    expect(entry.save).toBe(save);
    expect(Object.keys(entry).sort()).toEqual(['load', 'loadInto', 'save']);
  });
});
