/** Gradients of sort, topk and kthvalue. */
import '@typetorch/backend-cpu';
import { tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { runGradchecks } from './testing/case.js';
import { sortingCases } from './testing/sorting.js';

describe('gradcheck of sorting', () => {
  runGradchecks(sortingCases);
});

describe('sorting gradients', () => {
  it('sort scatters the gradient back through the indices; the indices do not require grad', () => {
    const x = tensor([3, 1, 2], { requiresGrad: true });
    const [values, indices] = x.sort();
    expect(values.gradFn?.name).toBe('SortBackward0');
    expect(indices.requiresGrad).toBe(false);
    values
      .mul(tensor([1, 10, 100]))
      .sum()
      .backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([100, 1, 10]);
  });

  it('topk and kthvalue name their nodes as PyTorch', () => {
    const x = tensor([[3, 1, 2]], { requiresGrad: true });
    expect(x.topk(2).values.gradFn?.name).toBe('TopkBackward0');
    expect(x.kthvalue(1).values.gradFn?.name).toBe('KthvalueBackward0');
  });
});
