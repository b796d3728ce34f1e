import '@typetorch/backend-cpu';
import {
  conv2d,
  fromHalfBits,
  Generator,
  randn,
  roundToHalf,
  softmax,
  type Tensor,
  tensor,
  zeros,
} from '@typetorch/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWebGPU, type WebGPUBackend } from './index.js';
import { initWebGPUNode } from './node.js';
import type { GpuStorage } from './runtime/storage.js';

let plain: WebGPUBackend;
let half: WebGPUBackend;

beforeAll(async () => {
  plain = await initWebGPUNode({ register: false });
  half = await initWebGPUNode({ float16: true });
});

async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data(), Number);
}

/** The CPU result of `f` on copies of `inputs`, for comparison with the device. */
function onCpu(inputs: Tensor[], f: (...xs: Tensor[]) => Tensor): Tensor {
  return f(...inputs.map((x) => x.to('cpu')));
}

describe('float16 is an option', () => {
  it('a default device reports float16 unsupported, and using it says how to enable it', () => {
    expect(plain.capabilities.dtypes).not.toContain('float16');
    expect(plain.capabilities.dtypeHints?.float16).toMatch(/initWebGPU\(\{ float16: true \}\)/);
    expect(half.capabilities.dtypes).toEqual(['float16', 'float32', 'int32', 'bool']);
  });

  it('float16 on a device without the feature throws, naming the feature and that float32 works', async () => {
    const adapter = {
      features: new Set<string>(),
      limits: plain.gpuDevice.limits,
      info: { vendor: 'test', architecture: '', device: 'no-f16', description: '' },
      requestDevice: () => {
        throw new Error('must not be reached');
      },
    } as unknown as GPUAdapter;
    await expect(initWebGPU({ adapter, float16: true, register: false })).rejects.toThrow(
      /does not have the 'shader-f16' feature.*float32 works/,
    );
    await expect(initWebGPU({ device: plain.gpuDevice, float16: true, register: false })).rejects.toThrow(
      /created without the 'shader-f16' feature/,
    );
  });
});

describe('float16 storage', () => {
  it('stores 2 bytes per element in whole words, reads and writes odd lengths and offsets', async () => {
    const t = tensor([1, 2, 3], { device: 'webgpu', dtype: 'float16' });
    const storage = t.storage.handle as GpuStorage;
    expect(storage.dtype).toBe('float16');
    expect(storage.buffer.size % 4).toBe(0);
    expect(await values(t)).toEqual([1, 2, 3]);
    const s = zeros([7], { device: 'webgpu', dtype: 'float16' });
    // Every (offset, length) pair: aligned ones upload directly, the others through a copy.
    for (let offset = 0; offset < 7; offset++) {
      for (let length = 1; offset + length <= 7; length++) {
        s.fill_(-1);
        const data = new Float32Array(Array.from({ length }, (_, i) => offset * 10 + i + 0.1));
        half.write(s.storage.handle, 'float16', data, offset);
        const expected = Array.from({ length: 7 }, (_, i) =>
          i >= offset && i < offset + length ? roundToHalf(data[i - offset]) : -1,
        );
        expect(await values(s), `offset ${offset} length ${length}`).toEqual(expected);
        expect(await values(s.slice(0, offset, offset + length))).toEqual(
          expected.slice(offset, offset + length),
        );
      }
    }
  });

  it('rounds exactly as the CPU: every half bit pattern and float32s between them, ties to even', async () => {
    const all = fromHalfBits(Uint16Array.from({ length: 65536 }, (_, i) => i));
    const between = new Float32Array(4 * 65536);
    for (let i = 0; i < all.length - 1; i++) {
      const [a, b] = [all[i], all[i + 1]];
      // The midpoint (a tie), just below and above it, and a quarter of the way.
      const mid = (a + b) / 2;
      between.set(
        [mid, Math.fround(mid) - Math.abs(mid) * 2 ** -22, mid + Math.abs(mid) * 2 ** -22, a + (b - a) / 4],
        4 * i,
      );
    }
    for (const source of [
      all,
      between,
      new Float32Array([1e6, -70000, 65519.99, 65520, 2 ** -25, 3 * 2 ** -25]),
    ]) {
      const x = tensor(source, { device: 'webgpu' });
      const got = await values(x.half());
      const want = Array.from(source, roundToHalf);
      const wrong = got.filter(
        (v, i) => !Object.is(v, want[i]) && !(Number.isNaN(v) && Number.isNaN(want[i])),
      );
      expect(wrong.length).toBe(0);
      x.dispose();
    }
  });
});

describe('float16 kernels agree with the CPU backend', () => {
  // Seeded, so a failure reproduces.
  const generator = new Generator(16);
  const h = (shape: number[], scale = 1) => randn(shape, { device: 'cpu', generator }).mul(scale).half();

  async function expectClose(got: Tensor, want: Tensor, ulps = 1): Promise<void> {
    expect(got.dtype).toBe('float16');
    expect(got.shape).toEqual(want.shape);
    const [g, w] = [await values(got), await values(want)];
    for (let i = 0; i < g.length; i++) {
      if (Object.is(g[i], w[i]) || (Number.isNaN(g[i]) && Number.isNaN(w[i]))) continue;
      // One half ulp at w, with a floor at the subnormal spacing.
      const ulp = Math.max(2 ** -24, 2 ** (Math.floor(Math.log2(Math.abs(w[i]) || 1)) - 10));
      expect(Math.abs(g[i] - w[i]), `element ${i}: ${g[i]} vs ${w[i]}`).toBeLessThanOrEqual(ulps * ulp);
    }
  }

  it('matmul in every kernel variant (vec4 rows, transposed weight, transposed input, strided)', async () => {
    for (const [m, k, n] of [
      [5, 8, 12],
      [16, 64, 8],
      [3, 7, 5],
    ] as [number, number, number][]) {
      const a = h([m, k]);
      const b = h([k, n]);
      const bt = h([n, k]);
      const at = h([k, m]);
      const pairs: [Tensor, Tensor][] = [
        [a, b],
        [a, bt.t()],
        [at.t(), b],
        [a.t().contiguous().t(), bt.t()],
      ];
      for (const [x, y] of pairs) {
        await expectClose(
          x.to('webgpu').matmul(y.to('webgpu')),
          onCpu([x, y], (p, q) => p.matmul(q)),
        );
      }
    }
  });

  it('reductions (row and tree), casts, where and gather', async () => {
    const x = h([6, 300], 3);
    const gx = x.to('webgpu');
    await expectClose(gx.sum(1), x.sum(1));
    await expectClose(gx.sum(0), x.sum(0));
    await expectClose(gx.mean(), x.mean());
    await expectClose(gx.amax(1), x.amax(1), 0);
    expect(await values(gx.argmax(1))).toEqual(await values(x.argmax(1)));
    await expectClose(gx.exp().log(), x.exp().log());
    expect(await values(gx.to('int32'))).toEqual(await values(x.to('int32')));
  });

  it('scatterAdd sums into pairs of halves sharing a word, with duplicate indices', async () => {
    const index = tensor([0, 1, 1, 2, 3, 3, 3, 4, 0], { dtype: 'int32' });
    const src = tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], { dtype: 'float16' });
    const base = tensor([1, 2, 3, 4, 5], { dtype: 'float16' });
    const got = base.to('webgpu').scatterAdd(0, index.to('webgpu'), src.to('webgpu'));
    await expectClose(got, base.scatterAdd(0, index, src), 2);
  });

  it('the fused kernels run float16 through float32: softmax, conv2d and the Adam step', async () => {
    const x = h([2, 3, 6, 6]);
    const w = h([4, 3, 3, 3]);
    const b = h([4]);
    await expectClose(
      conv2d(x.to('webgpu'), w.to('webgpu'), b.to('webgpu'), { padding: 1 }),
      conv2d(x, w, b, { padding: 1 }),
      2,
    );
    await expectClose(softmax(x.to('webgpu'), -1), softmax(x, -1));
    const p = h([40]);
    const g = h([40]);
    const views = (t: Tensor) => ({
      storage: t.storage.handle,
      dtype: t.dtype,
      shape: t.shape,
      strides: t.strides,
      offset: 0,
    });
    const options = {
      lr: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
      decoupled: false,
      amsgrad: false,
      maximize: false,
      step: 1,
    };
    const state = [p, zeros([40], { dtype: 'float16' }), zeros([40], { dtype: 'float16' })];
    const gpuState = state.map((t) => t.to('webgpu'));
    const gg = g.to('webgpu');
    half.fast.adamStep!(views(gpuState[0]), views(gg), views(gpuState[1]), views(gpuState[2]), null, options);
    const { cpuBackend } = await import('@typetorch/backend-cpu');
    cpuBackend.fast.adamStep!(views(state[0]), views(g), views(state[1]), views(state[2]), null, options);
    for (let i = 0; i < 3; i++) await expectClose(gpuState[i], state[i]);
  });
});
