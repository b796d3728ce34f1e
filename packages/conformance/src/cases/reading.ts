import { getBackend, tensor } from '@typetorch/tensor';
import { check, expectThrows } from '../assert.js';
import { group } from '../case.js';

const inspect = Symbol.for('nodejs.util.inspect.custom');
type Inspectable = { [inspect](): string };

export const readingCases = group('reading', {
  "Node's inspect (console.log, the REPL) shows PyTorch's print(), shapes as torch.Size": async (device) => {
    const x = tensor([[1, 2, 3]], { device });
    const shown = (x as unknown as Inspectable)[inspect]();
    check(shown === x.toString(), `inspect gives toString(): ${shown}`);
    // Whole numbers make an int64 tensor, printed without a dtype suffix, as PyTorch does.
    if (getBackend(device).capabilities.syncRead) check(shown === 'tensor([[1, 2, 3]])', shown);
    const size = (x.shape as unknown as Inspectable)[inspect]();
    check(size === 'torch.Size([1, 3])', size);
    check(Array.isArray(x.shape) && JSON.stringify(x.shape) === '[1,3]', 'a shape is still a plain array');
    check(
      (await x.T.toArray()).toString() === '1,2,3' && x.T.shape.join() === '3,1',
      'x.T reverses the dims',
    );
    check(JSON.stringify(await x.tolist()) === '[[1,2,3]]', 'tolist');
  },
  'data, toArray and item read asynchronously': async (device) => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { device, dtype: 'float32' },
    );
    const d = await x.data();
    check(d instanceof Float32Array && d.length === 4, 'data() is a Float32Array');
    check(JSON.stringify(await x.toArray()) === '[[1,2],[3,4]]', 'toArray nests');
    check(
      JSON.stringify(await tensor([true, false], { device }).toArray()) === '[true,false]',
      'bool toArray',
    );
    check((await x.sum().item()) === 10, 'item');
    expectThrows(() => x.itemSync(), 'a Tensor with 4 elements cannot be converted to Scalar');
  },
  'sync reads work exactly where the backend says they can': async (device) => {
    const x = tensor([1.5], { device });
    if (getBackend(device).capabilities.syncRead) {
      check(x.itemSync() === 1.5 && x.dataSync()[0] === 1.5, 'sync reads');
    } else {
      expectThrows(() => x.dataSync(), 'reads asynchronously');
      expectThrows(() => x.itemSync(), 'await t.item()');
    }
  },
  'toString prints like PyTorch': async (device) => {
    const x = tensor(
      [
        [0.1, 0.2],
        [3, 4],
      ],
      { device },
    );
    const expected = 'tensor([[0.1000, 0.2000],\n        [3.0000, 4.0000]])';
    const text = await x.format();
    const suffix = device === 'cpu' ? '' : `, device='${device}'`;
    check(text === expected.replace(/\)$/, `${suffix})`), `format() gave ${text}`);
  },
});
