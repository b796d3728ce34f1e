import '@typetorch/backend-cpu';
import { arange, memory, type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { defaultCollate } from './collate.js';
import { disposeTensors } from './tree.js';

describe('defaultCollate', () => {
  it('stacks tensors along a new first dim', () => {
    const items = [tensor([1, 2]), tensor([3, 4]), tensor([5, 6])];
    const batch = defaultCollate(items);
    expect(batch.shape).toEqual([3, 2]);
    expect(batch.toArraySync()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    disposeTensors([items, batch]);
  });

  it('turns numbers into int64 or float32 tensors and booleans into bool', () => {
    const ints = defaultCollate([1, 2, 3]);
    expect(ints.dtype).toBe('int64');
    expect(ints.toArraySync()).toEqual([1, 2, 3]);
    const floats = defaultCollate([1, 2.5]);
    expect(floats.dtype).toBe('float32');
    expect(floats.toArraySync()).toEqual([1, 2.5]);
    const huge = defaultCollate([1, 2 ** 40]);
    expect(huge.dtype).toBe('float32');
    const bools = defaultCollate([true, false]);
    expect(bools.dtype).toBe('bool');
    expect(bools.toArraySync()).toEqual([true, false]);
    disposeTensors([ints, floats, huge, bools]);
  });

  it('keeps strings as arrays and stacks typed arrays', () => {
    expect(defaultCollate(['a', 'b'])).toEqual(['a', 'b']);
    const t = defaultCollate([new Int32Array([1, 2]), new Int32Array([3, 4])]);
    expect(t.dtype).toBe('int32');
    expect(t.toArraySync()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    t.dispose();
  });

  it('collates tuples field by field', () => {
    const items: [Tensor, number][] = [
      [tensor([1, 1]), 0],
      [tensor([2, 2]), 1],
    ];
    const [x, y] = defaultCollate(items);
    expect(x.shape).toEqual([2, 2]);
    expect(y.toArraySync()).toEqual([0, 1]);
    expect(y.dtype).toBe('int64');
    disposeTensors([items, x, y]);
  });

  it('collates nested objects of arrays of tensors and numbers', () => {
    const item = (k: number) => ({
      image: tensor([k, k + 1]),
      parts: [tensor([[k]]), k * 0.5, { flag: k % 2 === 0, name: `n${k}` }],
      meta: new Map([['id', k]]),
    });
    const items = [item(0), item(1), item(2)];
    const before = memory('cpu').numTensors;
    const batch = defaultCollate(items);
    expect(memory('cpu').numTensors).toBe(before + 5);
    expect(batch.image.toArraySync()).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    const [nested, halves, inner] = batch.parts as [Tensor, Tensor, { flag: Tensor; name: string[] }];
    expect(nested.shape).toEqual([3, 1, 1]);
    expect(halves.dtype).toBe('float32');
    expect(halves.toArraySync()).toEqual([0, 0.5, 1]);
    expect(inner.flag.toArraySync()).toEqual([true, false, true]);
    expect(inner.name).toEqual(['n0', 'n1', 'n2']);
    expect(batch.meta).toBeInstanceOf(Map);
    expect((batch.meta.get('id') as Tensor).toArraySync()).toEqual([0, 1, 2]);
    disposeTensors([items, batch]);
  });

  it('names the place of mismatched sizes and leaks nothing', () => {
    const items = [
      { a: tensor([1]), b: [tensor([1, 2])] },
      { a: tensor([2]), b: [tensor([1, 2, 3])] },
    ];
    const before = memory('cpu').numTensors;
    expect(() => defaultCollate(items)).toThrow(
      'default_collate: cannot stack the tensors (at item.b[0]): stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1',
    );
    expect(memory('cpu').numTensors).toBe(before);
    disposeTensors(items);
  });

  it('rejects lists of different lengths, missing keys, mixed and unsupported types', () => {
    expect(() => defaultCollate([[1, 2], [3]])).toThrow(
      'each element in list of batch should be of equal size, but element 0 has 2 entries and element 1 has 1',
    );
    expect(() => defaultCollate([{ a: 1, b: 2 }, { a: 1 }])).toThrow("element 1 has no key 'b'");
    expect(() => defaultCollate([1, 'x'] as unknown[])).toThrow(
      'default_collate: batch element 1 is a string but element 0 is a number',
    );
    expect(() => defaultCollate([{ x: null }, { x: null }])).toThrow(
      'default_collate: batch must contain tensors, numbers, booleans, strings, typed arrays, arrays, Maps or plain objects; found null (at item.x)',
    );
    class Sample {}
    expect(() => defaultCollate([new Sample()])).toThrow('found Sample');
    expect(() => defaultCollate([])).toThrow('the batch is empty');
    const t = arange(3);
    expect(() => defaultCollate([t, 1] as unknown[])).toThrow(
      'batch element 1 is a number but element 0 is a tensor',
    );
    t.dispose();
  });
});
