// A new user's first script, run by plain Node from an empty project that installed the packages from
// the registry. DEVICE=webgpu runs the same computation on the WebGPU backend (Dawn, npm `webgpu`).
import { ones, tensor, version } from '@typetorch/tensor';

const device = process.env.DEVICE ?? 'cpu';
if (device === 'webgpu') {
  const { initWebGPUNode } = await import('@typetorch/backend-webgpu/node');
  await initWebGPUNode();
} else {
  await import('@typetorch/backend-cpu');
}

const a = tensor(
  [
    [0, 1, 2],
    [3, 4, 5],
  ],
  { device, dtype: 'float32' },
);
const b = tensor(
  [
    [0, 1],
    [2, 3],
    [4, 5],
  ],
  { device, dtype: 'float32' },
);
// Large enough for the CPU backend's WebAssembly matmul kernel, not just its small-size path.
const big = ones([64, 64], { device });
const result = {
  version,
  device,
  matmul: await a.matmul(b).toArray(),
  sum: await a.sum().item(),
  mean: await a.mean().item(),
  bigSum: await big.matmul(big).sum().item(),
};
console.log(`RESULT ${JSON.stringify(result)}`);

const expected = {
  matmul: [
    [10, 13],
    [28, 40],
  ],
  sum: 15,
  mean: 2.5,
  bigSum: 64 * 64 * 64,
};
for (const [key, value] of Object.entries(expected)) {
  if (JSON.stringify(result[key]) !== JSON.stringify(value)) {
    throw new Error(`${key}: expected ${JSON.stringify(value)}, got ${JSON.stringify(result[key])}`);
  }
}
// Dawn keeps the process alive after the work is done; a user's script would exit the same way.
process.exit(0);
