/**
 * pytorch/examples dcgan/main.py, ported line by line to typetorch: the version PyTorch 1.13 shipped
 * with (pytorch/examples f82f562, September 2022). Same networks (netG, netD), weights_init, loss
 * (BCELoss), optimizers (Adam, betas (beta1, 0.999)), options and printed lines; it writes
 * `real_samples.png`, `fake_samples_epoch_%03d.png` and a checkpoint of each network per epoch into
 * `--outf`, as upstream does. What differs:
 *
 * - `--device cpu|webgpu` replaces `--cuda`/`--mps` (typetorch's devices).
 * - Datasets: `mnist` (as upstream) and `fashion-mnist` (added); upstream's others (cifar10, lsun,
 *   imagenet, folder, lfw, fake) need files or packages typetorch does not read, and are refused.
 * - `--subset N` (added) trains on the first N images, for runs shorter than an epoch.
 * - `--workers` and `--ngpu` are accepted and kept, but data is loaded in the main thread and there
 *   is no `data_parallel`.
 * - Checkpoints are safetensors (`netG_epoch_%d.safetensors`), where upstream pickles `.pth` files.
 * - Upstream keeps its state in module globals; here `setup()` builds the same objects and `train()`
 *   runs the loop, so the tests can run a few batches. Reading a value is `await x.item()`.
 */
import { mkdirSync } from 'node:fs';
import '@typetorch/backend-cpu';
import { DataLoader, Subset, transforms } from '@typetorch/data';
import { FashionMNIST, MNIST, saveImage } from '@typetorch/data/node';
import * as nn from '@typetorch/nn';
import { load, save } from '@typetorch/nn/node';
import * as optim from '@typetorch/optim';
import type { Tensor } from '@typetorch/tensor';
import * as torch from '@typetorch/tensor';
import { formatOpt, type Opt, parseArgs } from './options.js';

export { formatOpt, type Opt, parseArgs } from './options.js';

// custom weights initialization called on netG and netD
export function weightsInit(m: nn.Module): void {
  const classname = m.constructor.name;
  if (classname.includes('Conv')) {
    nn.init.normal_((m as nn.Conv2d).weight, 0.0, 0.02);
  } else if (classname.includes('BatchNorm')) {
    nn.init.normal_((m as nn.BatchNorm2d).weight as Tensor, 1.0, 0.02);
    nn.init.zeros_((m as nn.BatchNorm2d).bias as Tensor);
  }
}

export class Generator extends nn.Module {
  readonly ngpu: number;
  main: nn.Sequential;

  constructor(ngpu: number, nz: number, ngf: number, nc: number) {
    super();
    this.ngpu = ngpu;
    this.main = new nn.Sequential(
      // input is Z, going into a convolution
      new nn.ConvTranspose2d(nz, ngf * 8, 4, { stride: 1, padding: 0, bias: false }),
      new nn.BatchNorm2d(ngf * 8),
      new nn.ReLU(true),
      // state size. (ngf*8) x 4 x 4
      new nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(ngf * 4),
      new nn.ReLU(true),
      // state size. (ngf*4) x 8 x 8
      new nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(ngf * 2),
      new nn.ReLU(true),
      // state size. (ngf*2) x 16 x 16
      new nn.ConvTranspose2d(ngf * 2, ngf, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(ngf),
      new nn.ReLU(true),
      // state size. (ngf) x 32 x 32
      new nn.ConvTranspose2d(ngf, nc, 4, { stride: 2, padding: 1, bias: false }),
      new nn.Tanh(),
      // state size. (nc) x 64 x 64
    );
  }

  forward(input: Tensor): Tensor {
    // upstream: nn.parallel.data_parallel(self.main, ...) when on CUDA with ngpu > 1
    return this.main.forward(input) as Tensor;
  }
}

export class Discriminator extends nn.Module {
  readonly ngpu: number;
  main: nn.Sequential;

  constructor(ngpu: number, nc: number, ndf: number) {
    super();
    this.ngpu = ngpu;
    this.main = new nn.Sequential(
      // input is (nc) x 64 x 64
      new nn.Conv2d(nc, ndf, 4, { stride: 2, padding: 1, bias: false }),
      new nn.LeakyReLU(0.2, { inplace: true }),
      // state size. (ndf) x 32 x 32
      new nn.Conv2d(ndf, ndf * 2, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(ndf * 2),
      new nn.LeakyReLU(0.2, { inplace: true }),
      // state size. (ndf*2) x 16 x 16
      new nn.Conv2d(ndf * 2, ndf * 4, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(ndf * 4),
      new nn.LeakyReLU(0.2, { inplace: true }),
      // state size. (ndf*4) x 8 x 8
      new nn.Conv2d(ndf * 4, ndf * 8, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(ndf * 8),
      new nn.LeakyReLU(0.2, { inplace: true }),
      // state size. (ndf*8) x 4 x 4
      new nn.Conv2d(ndf * 8, 1, 4, { stride: 1, padding: 0, bias: false }),
      new nn.Sigmoid(),
    );
  }

  forward(input: Tensor): Tensor {
    const output = this.main.forward(input) as Tensor;
    return output.view(-1, 1).squeeze(1);
  }
}

type Loader = DataLoader<[Tensor, number], [Tensor, Tensor]>;
type Log = (line: string) => void;

/** What upstream keeps in module globals. */
export interface Program {
  opt: Opt;
  device: string;
  dataloader: Loader;
  netG: Generator;
  netD: Discriminator;
  criterion: nn.BCELoss;
  fixedNoise: Tensor;
  optimizerD: optim.Adam;
  optimizerG: optim.Adam;
  log: Log;
}

/** One iteration's printed figures (upstream prints them only). */
export interface Step {
  epoch: number;
  i: number;
  errD: number;
  errG: number;
  D_x: number;
  D_G_z1: number;
  D_G_z2: number;
}

export const real_label = 1;
export const fake_label = 0;

async function loadDataset(opt: Opt): Promise<[MNIST, number]> {
  if (opt.dataroot === undefined && opt.dataset.toLowerCase() !== 'fake') {
    throw new Error(`\`dataroot\` parameter is required for dataset "${opt.dataset}"`);
  }
  if (opt.dataset !== 'mnist' && opt.dataset !== 'fashion-mnist') {
    throw new Error(
      `dataset "${opt.dataset}" is not available in typetorch's port: use mnist or fashion-mnist (upstream also has cifar10, lsun, imagenet, folder, lfw and fake)`,
    );
  }
  const Dataset = opt.dataset === 'mnist' ? MNIST : FashionMNIST;
  const dataset = await Dataset.load(opt.dataroot, {
    download: true,
    transform: new transforms.Compose([
      new transforms.Resize(opt.imageSize),
      new transforms.ToTensor(),
      new transforms.Normalize([0.5], [0.5]),
    ]),
  });
  return [dataset, 1];
}

/** Builds upstream's globals: the data, the device, both networks, the loss, the optimizers. */
export async function setup(opt: Opt, log: Log = console.log): Promise<Program> {
  log(formatOpt(opt));

  mkdirSync(opt.outf, { recursive: true });

  if (opt.manualSeed === undefined) opt.manualSeed = 1 + Math.floor(Math.random() * 10000);
  log(`Random Seed:  ${opt.manualSeed}`);
  torch.manualSeed(opt.manualSeed);

  const [dataset, nc] = await loadDataset(opt);
  const subset =
    opt.subset === undefined
      ? dataset
      : new Subset(
          dataset,
          Array.from({ length: opt.subset }, (_, i) => i),
        );
  const dataloader: Loader = new DataLoader(subset, { batchSize: opt.batchSize, shuffle: true });
  let device = 'cpu';
  if (opt.device === 'webgpu') {
    const { initWebGPUNode } = await import('@typetorch/backend-webgpu/node');
    await initWebGPUNode();
    device = 'webgpu';
  }

  const { ngpu, nz, ngf, ndf } = opt;

  const netG = new Generator(ngpu, nz, ngf, nc).to(device);
  netG.apply(weightsInit);
  if (opt.netG !== '') netG.loadStateDict(await load(opt.netG));
  log(String(netG));

  const netD = new Discriminator(ngpu, nc, ndf).to(device);
  netD.apply(weightsInit);
  if (opt.netD !== '') netD.loadStateDict(await load(opt.netD));
  log(String(netD));

  const criterion = new nn.BCELoss();

  const fixedNoise = torch.randn([opt.batchSize, nz, 1, 1], { device });

  // setup optimizer
  const optimizerD = new optim.Adam(netD.parameters(), { lr: opt.lr, betas: [opt.beta1, 0.999] });
  const optimizerG = new optim.Adam(netG.parameters(), { lr: opt.lr, betas: [opt.beta1, 0.999] });

  if (opt.dryRun) opt.niter = 1;
  return { opt, device, dataloader, netG, netD, criterion, fixedNoise, optimizerD, optimizerG, log };
}

/** One pass over the data (upstream's `for epoch` body): returns every iteration's figures. */
export async function trainEpoch(p: Program, epoch: number): Promise<Step[]> {
  const { opt, device, dataloader, netG, netD, criterion, fixedNoise, optimizerD, optimizerG, log } = p;
  const steps: Step[] = [];
  let i = 0;
  for await (const data of dataloader) {
    // (1) Update D network: maximize log(D(x)) + log(1 - D(G(z)))
    // train with real
    netD.zeroGrad();
    const real_cpu = data[0].to(device);
    const batch_size = real_cpu.size(0);
    const label = torch.full([batch_size], real_label, { dtype: real_cpu.dtype, device });

    let output = netD.forward(real_cpu);
    const errD_real = criterion.forward(output, label);
    errD_real.backward();
    const D_x = Number(await output.mean().item());

    // train with fake
    const noise = torch.randn([batch_size, opt.nz, 1, 1], { device });
    let fake = netG.forward(noise);
    label.fill_(fake_label);
    output = netD.forward(fake.detach());
    const errD_fake = criterion.forward(output, label);
    errD_fake.backward();
    const D_G_z1 = Number(await output.mean().item());
    const errD = errD_real.add(errD_fake);
    optimizerD.step();

    // (2) Update G network: maximize log(D(G(z)))
    netG.zeroGrad();
    label.fill_(real_label); // fake labels are real for generator cost
    output = netD.forward(fake);
    const errG = criterion.forward(output, label);
    errG.backward();
    const D_G_z2 = Number(await output.mean().item());
    optimizerG.step();

    const step = {
      epoch,
      i,
      errD: Number(await errD.item()),
      errG: Number(await errG.item()),
      D_x,
      D_G_z1,
      D_G_z2,
    };
    steps.push(step);
    log(
      `[${epoch}/${opt.niter}][${i}/${dataloader.length}] Loss_D: ${step.errD.toFixed(4)} Loss_G: ${step.errG.toFixed(4)} D(x): ${D_x.toFixed(4)} D(G(z)): ${D_G_z1.toFixed(4)} / ${D_G_z2.toFixed(4)}`,
    );
    if (i % 100 === 0) {
      await saveImage(await real_cpu.toAsync('cpu'), `${opt.outf}/real_samples.png`, { normalize: true });
      fake = netG.forward(fixedNoise);
      await saveImage(
        await fake.detach().toAsync('cpu'),
        `${opt.outf}/fake_samples_epoch_${String(epoch).padStart(3, '0')}.png`,
        { normalize: true },
      );
    }

    if (opt.dryRun) break;
    i++;
  }
  // do checkpointing
  await save(netG.stateDict(), `${opt.outf}/netG_epoch_${epoch}.safetensors`);
  await save(netD.stateDict(), `${opt.outf}/netD_epoch_${epoch}.safetensors`);
  return steps;
}

export async function main(argv: readonly string[] = process.argv.slice(2), log: Log = console.log) {
  const opt = parseArgs(argv);
  const p = await setup(opt, log);
  const steps: Step[] = [];
  for (let epoch = 0; epoch < p.opt.niter; epoch++) steps.push(...(await trainEpoch(p, epoch)));
  return steps;
}

// Run when executed (`pnpm start`), not when imported by the tests.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main().catch((err: unknown) => {
    if ((err as { code?: string }).code?.startsWith('commander.')) process.exit(1);
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
