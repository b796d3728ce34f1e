/**
 * GaussianNLLLoss's negative-variance check on WebGPU: the CPU raises at the call; WebGPU cannot read
 * synchronously, so the same error surfaces at the next read, never a silent NaN.
 */
import '@typetorch/autograd';
import '@typetorch/backend-cpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import { F } from '@typetorch/nn';
import { tensor } from '@typetorch/tensor';
import { beforeAll, expect, it } from 'vitest';

beforeAll(async () => {
  await initWebGPUNode();
});

const args = (device: string, v: number[]) =>
  [
    tensor([1, 2, 3], { dtype: 'float32' }).to(device),
    tensor([1.5, 2, 2], { dtype: 'float32' }).to(device),
    tensor(v, { dtype: 'float32' }).to(device),
  ] as const;

it('a negative variance raises on WebGPU at the next read, as on the CPU at the call', async () => {
  expect(() => F.gaussianNllLoss(...args('cpu', [1, -1, 2]))).toThrow('var has negative entry/entries');
  const loss = F.gaussianNllLoss(...args('webgpu', [1, -1, 2]));
  await expect(loss.item()).rejects.toThrow('var has negative entry/entries');
  // Once raised, the device is clean, and a valid variance gives the CPU's value.
  const ok = await F.gaussianNllLoss(...args('webgpu', [1, 0.5, 2])).item();
  expect(ok as number).toBeCloseTo(
    (await F.gaussianNllLoss(...args('cpu', [1, 0.5, 2])).item()) as number,
    5,
  );
});
