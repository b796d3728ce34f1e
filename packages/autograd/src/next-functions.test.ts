import '@typetorch/backend-cpu';
import { tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import './index.js';

describe('gradFn.nextFunctions (PyTorch: grad_fn.next_functions)', () => {
  it('pairs each input with its node and output index; leaves are AccumulateGrad with variable', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    const c = tensor([5, 6]);
    const y = a.mul(b).add(a).mul(c);
    const mul = y.gradFn!;
    expect(mul.name).toBe('MulBackward0');
    const [[add, addIndex], [none, noneIndex]] = mul.nextFunctions;
    expect([add?.name, addIndex, none, noneIndex]).toEqual(['AddBackward0', 0, null, 0]);
    const [[inner], [leaf, leafIndex]] = add!.nextFunctions;
    expect(inner?.name).toBe('MulBackward0');
    expect([leaf?.name, leafIndex]).toEqual(['AccumulateGrad', 0]);
    expect((leaf as unknown as { variable: unknown }).variable).toBe(a);
    expect(leaf!.nextFunctions).toEqual([]);
    expect(inner!.nextFunctions.map(([n]) => (n as unknown as { variable: unknown }).variable)).toEqual([
      a,
      b,
    ]);
  });
});
