// The port runs as upstream's script does, for a few batches (CI); the full runs are in the README.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as nn from '@typetorch/nn';
import { memory, type Tensor } from '@typetorch/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { Discriminator, formatOpt, Generator, parseArgs, setup, trainEpoch, weightsInit } from './main.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../../shared/datasets/mnist');
const outf = mkdtempSync(join(tmpdir(), 'typetorch-dcgan-'));
afterAll(() => rmSync(outf, { recursive: true, force: true }));

const LINE =
  /^\[0\/1\]\[(\d+)\/3\] Loss_D: \d+\.\d{4} Loss_G: \d+\.\d{4} D\(x\): [01]\.\d{4} D\(G\(z\)\): [01]\.\d{4} \/ [01]\.\d{4}$/;
// PyTorch 1.13's print(netD) for nc=1, ndf=16 (upstream's script)
const NET_D = `Discriminator(
  (main): Sequential(
    (0): Conv2d(1, 16, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)
    (1): LeakyReLU(negative_slope=0.2, inplace=True)
    (2): Conv2d(16, 32, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)
    (3): BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
    (4): LeakyReLU(negative_slope=0.2, inplace=True)
    (5): Conv2d(32, 64, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)
    (6): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
    (7): LeakyReLU(negative_slope=0.2, inplace=True)
    (8): Conv2d(64, 128, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)
    (9): BatchNorm2d(128, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
    (10): LeakyReLU(negative_slope=0.2, inplace=True)
    (11): Conv2d(128, 1, kernel_size=(4, 4), stride=(1, 1), bias=False)
    (12): Sigmoid()
  )
)`;

const tiny = ['--dataset', 'mnist', '--dataroot', DATA, '--batchSize', '16', '--ngf', '4', '--ndf', '4'];

describe('examples/dcgan (pytorch/examples dcgan/main.py)', () => {
  it("takes upstream's options with upstream's defaults, and prints them as upstream does", () => {
    const opt = parseArgs(['--dataset', 'mnist']);
    expect(opt).toMatchObject({ workers: 2, batchSize: 64, imageSize: 64, nz: 100, ngf: 64, ndf: 64 });
    expect(opt).toMatchObject({
      niter: 25,
      lr: 0.0002,
      beta1: 0.5,
      dryRun: false,
      ngpu: 1,
      netG: '',
      netD: '',
    });
    expect(opt).toMatchObject({ outf: '.', classes: 'bedroom', device: 'cpu' });
    expect(opt.manualSeed).toBeUndefined();
    expect(formatOpt(opt)).toBe(
      "Namespace(dataset='mnist', dataroot=None, workers=2, batchSize=64, imageSize=64, nz=100, ngf=64, ndf=64, niter=25, lr=0.0002, beta1=0.5, device='cpu', dry_run=False, ngpu=1, netG='', netD='', outf='.', manualSeed=None, classes='bedroom', subset=None)",
    );
    expect(() => parseArgs([])).toThrow();
  });

  it("builds upstream's networks, initialized by weightsInit", async () => {
    const netD = new Discriminator(1, 1, 16);
    expect(String(netD)).toBe(NET_D);
    const netG = new Generator(1, 100, 64, 1).apply(weightsInit);
    const w = (netG.main.at(0) as nn.ConvTranspose2d).weight;
    const std = Number(await w.std().item());
    expect(std).toBeGreaterThan(0.019);
    expect(std).toBeLessThan(0.021);
    const bn = netG.main.at(1) as nn.BatchNorm2d;
    expect(Number(await (bn.weight as Tensor).mean().item())).toBeCloseTo(1, 2);
    expect(Number(await (bn.bias as Tensor).abs().sum().item())).toBe(0);
  });

  it('trains a few batches, prints the lines, writes the samples and checkpoints, and resumes', async () => {
    const lines: string[] = [];
    const opt = parseArgs([...tiny, '--niter', '1', '--manualSeed', '1', '--outf', outf, '--subset', '48']);
    const p = await setup(opt, (l) => lines.push(l));
    expect(lines[1]).toBe('Random Seed:  1');
    const steps = await trainEpoch(p, 0);
    expect(steps).toHaveLength(3);
    const printed = lines.filter((l) => l.startsWith('[0/1]'));
    expect(printed.map((l) => Number(LINE.exec(l)?.[1]))).toEqual([0, 1, 2]);
    for (const s of steps) {
      for (const v of [s.errD, s.errG, s.D_x, s.D_G_z1, s.D_G_z2]) expect(Number.isFinite(v)).toBe(true);
    }
    for (const f of [
      'real_samples.png',
      'fake_samples_epoch_000.png',
      'netG_epoch_0.safetensors',
      'netD_epoch_0.safetensors',
    ]) {
      expect(existsSync(join(outf, f))).toBe(true);
    }
    // --netG / --netD continue training from the checkpoints
    const resumed = await setup(
      parseArgs([
        ...tiny,
        '--dry-run',
        '--outf',
        outf,
        '--netG',
        join(outf, 'netG_epoch_0.safetensors'),
        '--netD',
        join(outf, 'netD_epoch_0.safetensors'),
      ]),
      () => {},
    );
    const [a, b] = [p.netG, resumed.netG].map((g) => (g.main.at(0) as nn.ConvTranspose2d).weight);
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    expect(await trainEpoch(resumed, 0)).toHaveLength(1); // --dry-run: one batch
  });

  it("refuses upstream's datasets that typetorch cannot read", async () => {
    await expect(setup(parseArgs(['--dataset', 'cifar10', '--dataroot', '.']), () => {})).rejects.toThrow(
      /not available/,
    );
    await expect(setup(parseArgs(['--dataset', 'mnist']), () => {})).rejects.toThrow(
      '`dataroot` parameter is required for dataset "mnist"',
    );
  });
});

describe('examples/dcgan memory', () => {
  it("runs without scope() in bounded memory: device memory stays within the manager's limit", async () => {
    // ngf = ndf = 16 at 64x64: the run allocates several times the manager's limit in all.
    const args = [
      '--dataset',
      'mnist',
      '--dataroot',
      DATA,
      '--batchSize',
      '16',
      '--ngf',
      '16',
      '--ndf',
      '16',
    ];
    const p = await setup(
      parseArgs([...args, '--manualSeed', '2', '--outf', outf, '--subset', '64']),
      () => {},
    );
    for (let epoch = 0; epoch < 4; epoch++) {
      await trainEpoch(p, epoch);
      const m = memory('cpu');
      // Tensors the loop drops are left to the garbage collector; the memory manager moves them out
      // of the WebAssembly heap, so device memory never grows with the run.
      expect(m.deviceBytes).toBeLessThanOrEqual(Math.max(m.deviceLimitBytes ?? 0, 64 * 2 ** 20));
    }
    // Dropped tensors were reclaimed (collected, or moved out by a sweep), not just left to pile up.
    const m = memory('cpu');
    expect(m.collected + m.evictions).toBeGreaterThan(0);
  });
});
