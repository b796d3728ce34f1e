/**
 * Ops leave nothing behind: each call below creates only the tensors it returns (CONTRIBUTING.md,
 * "Adding an op": an op disposes its temporaries, so users who never dispose cost no reclamation).
 * The inputs are made before counting; the outputs are disposed before comparing.
 */
import * as torch from '@typetorch/tensor';
import { arange, einsum, getBackend, memory, raiseDeviceErrors, Tensor, tensor } from '@typetorch/tensor';
import { check } from '../assert.js';
import { group } from '../case.js';

function outputs(out: unknown): Tensor[] {
  if (out instanceof Tensor) return [out];
  if (Array.isArray(out)) return out.flatMap(outputs);
  return [];
}

export const opLeakCases = group('memory', {
  'new ops leave no temporaries behind': async (device) => {
    const x = arange(24, { device }).reshape([4, 6]).sin();
    const sq = x.index(':', '0:4');
    const mask = x.gt(0);
    const idx = tensor([0, 2, 1], { dtype: 'int32', device });
    const rows = mask.int();
    const seq = tensor([1, 2, 3, 4], { device });
    const values = tensor([2.5, 0], { device });
    const bias = tensor([1, 2, 3, 4], { device, dtype: 'float32' });
    const sync = getBackend(device).capabilities.syncRead;
    const calls: [string, () => unknown][] = [
      ['sort', () => torch.sort(x, 1)],
      ['argsort', () => torch.argsort(x)],
      ['topk', () => torch.topk(x, 2)],
      ['kthvalue', () => torch.kthvalue(x, 2)],
      ['searchsorted', () => torch.searchsorted(seq, values)],
      ['cumsum', () => torch.cumsum(x, 1)],
      ['cumprod', () => torch.cumprod(x, 1)],
      ['flip', () => torch.flip(x, [0, 1])],
      ['roll', () => torch.roll(x, 2, 1)],
      ['repeat', () => x.repeat(2, 1)],
      ['tile', () => torch.tile(x, [2])],
      ['unbind', () => torch.unbind(x)],
      ['diag', () => torch.diag(sq)],
      ['norm', () => torch.norm(x)],
      ['vectorNorm', () => torch.linalg.vectorNorm(x, 3, 1)],
      ['isclose', () => torch.isclose(x, x)],
      ['einsum', () => einsum('ij,kj->ik', x, x)],
      ['einsum trace', () => einsum('ii', sq)],
      ['index by tensors', () => x.index(idx, idx)],
      ['indexSet by mask', () => x.clone().indexSet([mask], 0)],
      ['addmm', () => torch.addmm(bias, sq, sq)],
      ['max with dim', () => x.max(1)],
      ...(sync
        ? ([
            ['index by mask', () => x.index(mask)],
            ['maskedSelect', () => torch.maskedSelect(x, mask)],
            ['nonzero', () => torch.nonzero(mask)],
            ['unique', () => torch.unique(idx, { returnInverse: true, returnCounts: true })],
            ['unique dim', () => torch.unique(rows, { dim: 0, returnInverse: true })],
            ['bincount', () => torch.bincount(idx)],
          ] as [string, () => unknown][])
        : []),
    ];
    for (const [name, call] of calls) {
      const before = memory(device).numTensors;
      for (const t of outputs(call())) t.dispose();
      await raiseDeviceErrors(device); // reads (and frees) the flags of device-side checks
      const left = memory(device).numTensors - before;
      check(left === 0, `${name} left ${left} tensors behind`);
    }
    for (const t of [x, sq, mask, idx, rows, seq, values, bias]) t.dispose();
  },
});
