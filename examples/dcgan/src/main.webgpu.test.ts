// `--device webgpu` for a few batches (CI): the same port, on WebGPU (a software Vulkan driver here).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { parseArgs, setup, trainEpoch } from './main.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../../shared/datasets/mnist');
const outf = mkdtempSync(join(tmpdir(), 'typetorch-dcgan-webgpu-'));
afterAll(() => rmSync(outf, { recursive: true, force: true }));

it('trains a few batches on webgpu, prints the lines and writes the samples and checkpoints', async () => {
  const lines: string[] = [];
  const opt = parseArgs([
    ...['--dataset', 'mnist', '--dataroot', DATA, '--batchSize', '16', '--ngf', '4', '--ndf', '4'],
    ...['--niter', '1', '--manualSeed', '1', '--outf', outf, '--subset', '32', '--device', 'webgpu'],
  ]);
  const p = await setup(opt, (l) => lines.push(l));
  expect(p.fixedNoise.device).toBe('webgpu');
  const steps = await trainEpoch(p, 0);
  expect(steps).toHaveLength(2);
  expect(
    lines.filter((l) => /^\[0\/1\]\[\d\/2\] Loss_D: \d+\.\d{4} Loss_G: \d+\.\d{4} D\(x\): /.test(l)),
  ).toHaveLength(2);
  for (const s of steps)
    for (const v of [s.errD, s.errG, s.D_x, s.D_G_z1, s.D_G_z2]) expect(Number.isFinite(v)).toBe(true);
  for (const f of [
    'real_samples.png',
    'fake_samples_epoch_000.png',
    'netG_epoch_0.safetensors',
    'netD_epoch_0.safetensors',
  ]) {
    expect(existsSync(join(outf, f))).toBe(true);
  }
});
