/** `linear` records the autograd nodes PyTorch 1.13's `F.linear` does (checked against torch 1.13). */
import '@typetorch/backend-cpu';
import { randn } from '@typetorch/tensor';
import { describe, expect, test } from 'vitest';
import * as F from './index.js';

describe('linear records PyTorch 1.13 gradient nodes', () => {
  const w = randn([3, 4]).requiresGrad_();
  const b = randn([3]).requiresGrad_();
  test.each([
    ['2-D with bias: the fused addmm', [2, 4], true, 'AddmmBackward0'],
    ['empty 2-D with bias', [0, 4], true, 'AddmmBackward0'],
    ['2-D without bias', [2, 4], false, 'MmBackward0'],
    ['contiguous 3-D with bias: flattened to addmm, viewed back', [5, 2, 4], true, 'ViewBackward0'],
    ['1-D with bias: matmul, then add', [4], true, 'AddBackward0'],
    ['1-D without bias: matmul of a vector', [4], false, 'SqueezeBackward3'],
    ['3-D without bias: matmul folded to mm', [5, 2, 4], false, 'UnsafeViewBackward0'],
  ] as const)('%s', (_, shape, withBias, node) => {
    const x = randn([...shape]).requiresGrad_();
    expect(F.linear(x, w, withBias ? b : null).gradFn?.name).toBe(node);
  });
  test('matmul names its node by the operand ranks, as torch.matmul', () => {
    const v = randn([4]).requiresGrad_();
    const m = randn([2, 4]).requiresGrad_();
    expect(v.matmul(v).gradFn?.name).toBe('DotBackward0');
    expect(m.matmul(v).gradFn?.name).toBe('MvBackward0');
    expect(v.matmul(m.t()).gradFn?.name).toBe('SqueezeBackward3');
    expect(
      randn([3, 2, 4])
        .requiresGrad_()
        .matmul(randn([3, 4, 5])).gradFn?.name,
    ).toBe('UnsafeViewBackward0');
  });
  test('non-contiguous 3-D with bias: matmul, then add', () => {
    const x = randn([2, 4, 5]).transpose(1, 2).requiresGrad_();
    expect(F.linear(x, w, b).gradFn?.name).toBe('AddBackward0');
  });
});
