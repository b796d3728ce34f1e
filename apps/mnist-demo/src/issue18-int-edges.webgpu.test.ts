/**
 * Issue 18, item 4: integer edge cases behave as PyTorch on the CPU and on WebGPU alike: int64 results
 * that leave their 32-bit storage raise PyTorch's overflow error instead of wrapping (int32 wraps, as
 * in PyTorch), NaN or an infinity cast to an integer dtype raises instead of giving 0, and integer
 * division or remainder by zero raises ZeroDivisionError instead of giving 0.
 */
import '@typetorch/backend-cpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import { full, type Tensor, tensor } from '@typetorch/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { outcome } from './testing/nn-fixtures.js';

beforeAll(async () => {
  await initWebGPUNode();
});

const OVERFLOW = /^error .*value cannot be converted to type int(64_t)? without overflow/;
const CASES: [string, (device: string) => Tensor, RegExp][] = [
  ['int64 add past 2^31', (d) => tensor([2 ** 30], { device: d }).mul(2), OVERFLOW],
  ['int64 in place, add_', (d) => tensor([2 ** 31 - 1], { device: d }).add_(1), OVERFLOW],
  ['int64 sum', (d) => full([4], 2 ** 30, { dtype: 'int64', device: d }).sum(), OVERFLOW],
  ['int64 cumprod', (d) => full([40], 2, { dtype: 'int64', device: d }).cumprod(0), OVERFLOW],
  [
    'int32 wraps as PyTorch',
    (d) => tensor([2 ** 31 - 1], { dtype: 'int32', device: d }).add(1),
    /^ok -2147483648$/,
  ],
  ['NaN to int64', (d) => tensor([1, Number.NaN], { device: d }).long(), OVERFLOW],
  ['NaN to int32', (d) => tensor([Number.NaN], { device: d }).int(), OVERFLOW],
  ['Infinity to int64', (d) => tensor([Number.POSITIVE_INFINITY], { device: d }).to('int64'), OVERFLOW],
  ['float -> int truncates', (d) => tensor([-2.7, 2.7], { device: d }).int(), /^ok -2,2$/],
  [
    'NaN copied into an int tensor',
    (d) => tensor([0, 0], { device: d }).copy_(tensor([1, Number.NaN], { device: d })),
    OVERFLOW,
  ],
  [
    'int floorDivide by 0',
    (d) => tensor([5, 6], { device: d }).floorDivide(tensor([1, 0], { device: d })),
    /ZeroDivisionError/,
  ],
  ['int remainder by scalar 0', (d) => tensor([5], { device: d }).remainder(0), /ZeroDivisionError/],
  [
    'int32 floorDivide by a 0 of another int dtype',
    (d) => tensor([5], { dtype: 'int32', device: d }).floorDivide(tensor([0], { dtype: 'int64', device: d })),
    /ZeroDivisionError/,
  ],
  [
    'int true division by 0 is inf',
    (d) => tensor([5, -5, 0], { device: d }).div(0),
    /^ok Infinity,-Infinity,NaN$/,
  ],
];

describe('integer edge cases, CPU and WebGPU alike', () => {
  for (const [what, run, expected] of CASES) {
    it(what, async () => {
      const cpu = await outcome('cpu', run);
      const gpu = await outcome('webgpu', run);
      expect(cpu).toMatch(expected);
      expect(gpu).toBe(cpu);
    });
  }
});
