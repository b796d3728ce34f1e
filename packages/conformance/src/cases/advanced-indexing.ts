/**
 * Advanced indexing: `x.index(...)` with index tensors, lists and masks, `indexSet` (`x[...] = v`),
 * `indexPut(_)`, `maskedSelect`, `nonzero` / `argwhere`, their async forms (which every device runs),
 * and the errors of the synchronous forms on devices that cannot read synchronously.
 */

import {
  arange,
  argwhereAsync,
  getBackend,
  indexAsync,
  indexPutAsync_,
  indexSetAsync,
  maskedSelectAsync,
  memory,
  nonzero,
  nonzeroAsync,
  raiseDeviceErrors,
  type Tensor,
  tensor,
  zeros,
} from '@typetorch/tensor';
import { check, expectThrows, expectValues } from '../assert.js';
import { group } from '../case.js';

const ints = (values: number[] | number[][], device: string) => tensor(values, { dtype: 'int32', device });
const grid = (device: string) => arange(12, { device }).reshape(3, 4);
const syncRead = (device: string) => getBackend(device).capabilities.syncRead;

/** Awaits `p` and expects it to reject with a message containing `fragment`. */
async function expectRejects(p: Promise<unknown>, fragment: string): Promise<void> {
  let message: string | undefined;
  try {
    await p;
  } catch (e) {
    message = e instanceof Error ? e.message : String(e);
  }
  check(message !== undefined, `expected a rejection with '${fragment}', but it resolved`);
  check(message.includes(fragment), `expected '${fragment}', got: ${message}`);
}

function dispose(...ts: (Tensor | Tensor[])[]): void {
  for (const t of ts.flat()) t.dispose();
}

export const advancedIndexingCases = group('advanced-indexing', {
  'integer tensors and lists gather rows and elements (no host read)': async (device) => {
    const x = grid(device);
    const rows = x.index(ints([2, 0, 2], device));
    await expectValues(rows, [
      [8, 9, 10, 11],
      [0, 1, 2, 3],
      [8, 9, 10, 11],
    ]);
    const listed = x.index([0, -1]);
    await expectValues(listed, [
      [0, 1, 2, 3],
      [8, 9, 10, 11],
    ]);
    const n = arange(3, { device, dtype: 'int32' });
    const target = ints([1, 3, 0], device);
    const picked = x.index(n, target); // x[range(n), target]
    await expectValues(picked, [1, 7, 8]);
    const cols = x.index(':', [3, 1]);
    await expectValues(cols, [
      [3, 1],
      [7, 5],
      [11, 9],
    ]);
    dispose(x, rows, listed, n, target, picked, cols);
  },
  'index dims: adjacent stay in place, separated go first': async (device) => {
    const y = arange(24, { device }).reshape(2, 3, 4);
    const i = ints([0, 1], device);
    const j = ints([1, 3], device);
    const inPlace = y.index(':', i, j);
    check(inPlace.shape.join() === '2,2', `adjacent: shape ${inPlace.shape}`);
    await expectValues(inPlace, [
      [1, 7],
      [13, 19],
    ]);
    const first = y.index(i, ':', j);
    check(first.shape.join() === '2,3', `separated: shape ${first.shape}`);
    await expectValues(first, [
      [1, 5, 9],
      [15, 19, 23],
    ]);
    const withNone = y.index(null, i);
    check(withNone.shape.join() === '1,2,3,4', `None then index: shape ${withNone.shape}`);
    const t = y.index(true);
    const f = y.index(false);
    check(t.shape.join() === '1,2,3,4' && f.shape.join() === '0,2,3,4', `bools: ${t.shape} and ${f.shape}`);
    dispose(y, i, j, inPlace, first, withNone, t, f);
  },
  'masks: indexAsync on every device; the sync form reads on the host': async (device) => {
    const x = grid(device);
    const mask = x.remainder(5).eq(0);
    const selected = await indexAsync(x, mask);
    await expectValues(selected, [0, 5, 10]);
    const rowMask = tensor([true, false, true], { device });
    const rows = await x.indexAsync(rowMask, [1, 3]);
    await expectValues(rows, [1, 11]);
    if (syncRead(device)) {
      const again = x.index(mask);
      await expectValues(again, [0, 5, 10]);
      again.dispose();
    } else {
      expectThrows(() => x.index(mask), 'await x.indexAsync(...)');
    }
    dispose(x, mask, selected, rowMask, rows);
  },
  'nonzero, argwhere and maskedSelect, async forms on every device': async (device) => {
    const x = tensor(
      [
        [1, 0, 3],
        [0, 0, -1],
      ],
      { device },
    );
    const table = await nonzeroAsync(x);
    await expectValues(table, [
      [0, 0],
      [0, 2],
      [1, 2],
    ]);
    const [r, c] = await nonzeroAsync(x, { asTuple: true });
    await expectValues(r, [0, 0, 1]);
    await expectValues(c, [0, 2, 2]);
    const aw = await argwhereAsync(x);
    await expectValues(aw, [
      [0, 0],
      [0, 2],
      [1, 2],
    ]);
    const mask = tensor([true, false, true], { device });
    const sel = await maskedSelectAsync(x, mask); // the mask broadcasts over rows
    await expectValues(sel, [1, 3, 0, -1]);
    if (!syncRead(device)) {
      expectThrows(() => nonzero(x), 'await nonzeroAsync(x)');
      expectThrows(() => x.argwhere(), 'await argwhereAsync(x)');
      expectThrows(() => x.maskedSelect(mask), 'await maskedSelectAsync(x, mask)');
    }
    dispose(x, table, r, c, aw, mask, sel);
  },
  'indexSet: x[..., 1] = 0, x[mask] = v without a host read, x[idx] = src': async (device) => {
    const x = grid(device);
    x.indexSet(['...', 1], 0);
    const mask = x.gt(8);
    x.indexSet([mask], -1); // a masked fill: works synchronously on every device
    const src = tensor([[50, 51, 52, 53]], { device });
    x.indexSet([[1]], src);
    await expectValues(x, [
      [0, 0, 2, 3],
      [50, 51, 52, 53],
      [8, 0, -1, -1],
    ]);
    const rows = tensor([true, false, true], { device });
    await indexSetAsync(x, [rows, 0], tensor([7, 9], { device }));
    await expectValues(x.index(':', 0), [7, 50, 9]);
    dispose(x, mask, src, rows);
  },
  'indexPut and indexPut_: accumulate, null dims, async masks': async (device) => {
    const x = zeros([2, 3], { device });
    const idx = ints([0, 2, 0], device);
    const ones = tensor([1, 1, 1], { device });
    const added = x.indexPut([null, idx], ones.reshape(1, 3), { accumulate: true });
    await expectValues(added, [
      [2, 0, 1],
      [2, 0, 1],
    ]);
    x.indexPut_([ints([1], device), ints([1], device)], tensor([5], { device }));
    await expectValues(x, [
      [0, 0, 0],
      [0, 5, 0],
    ]);
    const rowMask = tensor([true, false], { device });
    await indexPutAsync_(x, [rowMask], tensor([1, 2, 3], { device }));
    await expectValues(x, [
      [1, 2, 3],
      [0, 5, 0],
    ]);
    dispose(x, idx, ones, added, rowMask);
  },
  'out-of-bounds indices: PyTorch error at the op where indices can be read, else at the next read': async (
    device,
  ) => {
    const x = grid(device);
    const bad = ints([0, 5], device);
    await expectRejects(indexAsync(x, bad), 'index 5 is out of bounds for dimension 0 with size 3');
    expectThrows(() => x.index([3]), 'index 3 is out of bounds for dimension 0 with size 3');
    if (syncRead(device)) {
      expectThrows(() => x.index(':', bad), 'index 5 is out of bounds for dimension 0 with size 4');
    } else {
      // The kernel skips the bad row; the device's check raises at the next read (CUDA: a device assert).
      const guarded = x.index(bad);
      await expectRejects(guarded.data(), 'index: index out of bounds for dimension with size 3');
      await expectValues(x.index(ints([2, 0], device)), [
        [8, 9, 10, 11],
        [0, 1, 2, 3],
      ]);
      guarded.dispose();
    }
    dispose(x, bad);
  },
  'specs index() does not understand throw PyTorch messages': (device) => {
    const x = grid(device);
    const valid = 'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables';
    expectThrows(() => x.index(1.5), `${valid} are valid indices (got float)`);
    expectThrows(() => x.index({ begin: 1 } as never), '(got object)');
    expectThrows(() => x.index(undefined as never), '(got undefined)');
    const f = x.to('float32');
    expectThrows(() => x.index(f), 'tensors used as indices must be long, byte or bool tensors');
    expectThrows(() => x.index([0.5]), '(got float)');
    expectThrows(() => x.index(tensor([true, false], { device })), 'The shape of the mask [2] at index 0');
    expectThrows(() => x.index([0, 1], [0, 1, 2]), 'could not be broadcast together with shapes [2], [3]');
    expectThrows(
      () => x.indexSet([[0, 1]], tensor([1, 2, 3], { device })),
      'cannot be broadcast to indexing result',
    );
    dispose(x, f);
  },
  'advanced indexing leaves no storage behind': async (device) => {
    const x = grid(device);
    const mask = x.gt(5);
    const before = memory(device).numStorages;
    const a = await x.indexAsync(mask, null);
    const b = x.index([2, 0], ':', null);
    x.indexSet([mask], 0);
    await raiseDeviceErrors(device); // reads (and frees) the flags of device-side index checks
    check(memory(device).numStorages === before + 2, `storages: ${memory(device).numStorages - before} new`);
    dispose(a, b, x, mask);
  },
});
