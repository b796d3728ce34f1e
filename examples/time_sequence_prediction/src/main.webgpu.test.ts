// `--device webgpu` on a few short waves (CI): the same port, on WebGPU (a software Vulkan driver here),
// in float32, as WebGPU has no float64.
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import { manualSeed, zeros } from '@typetorch/tensor';
import { beforeAll, expect, it } from 'vitest';
import { generateSineWave } from './generate_sine_wave.js';
import { parseArgs, run } from './train.js';

beforeAll(async () => {
  await initWebGPUNode();
});

it('trains an LBFGS step and predicts on webgpu in float32; float64 there is a clear error', async () => {
  expect(() => zeros(2, 51, { dtype: 'float64', device: 'webgpu' })).toThrow(
    /Device 'webgpu' does not support dtype float64/,
  );
  manualSeed(0);
  const lines: string[] = [];
  const small = generateSineWave().index(':6', ':12');
  const opt = parseArgs(['--device', 'webgpu', '--steps', '1']);
  const result = await run(opt, small, 'webgpu', { future: 5, figures: null, log: (l) => lines.push(l) });
  expect(lines[0]).toBe('STEP:  0');
  expect(lines[1]).toMatch(/^loss: \d\.\d+(e-\d\d)?$/);
  expect(lines.at(-1)).toMatch(/^test loss: \d\.\d+(e-\d\d)?$/);
  const losses = result.losses[0];
  expect(losses.length).toBeGreaterThan(1);
  expect(Math.min(...losses)).toBeLessThan(losses[0]);
  expect(Number.isFinite(result.testLosses[0])).toBe(true);
}, 300_000);
