import '@typetorch/backend-cpu';
import { tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { initWebGPUNode } from './node.js';

describe('initWebGPUNode is idempotent', () => {
  it('a second call resolves to the same backend, and the device keeps working', async () => {
    const [first, concurrent] = await Promise.all([initWebGPUNode(), initWebGPUNode()]);
    const again = await initWebGPUNode();
    expect(concurrent).toBe(first);
    expect(again).toBe(first);
    const x = tensor([1, 2, 3], { device: 'webgpu' });
    expect(Array.from(await x.mul(2).data())).toEqual([2, 4, 6]);
  });

  it('different options get their own backend', async () => {
    const unregistered = await initWebGPUNode({ register: false });
    expect(unregistered).not.toBe(await initWebGPUNode());
    expect(await initWebGPUNode({ register: false })).toBe(unregistered);
  });
});
