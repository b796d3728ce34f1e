/**
 * pytorch/examples vae/main.py, ported line by line to typetorch: the version PyTorch 1.13 shipped
 * with (pytorch/examples 387ce7b, November 2022). Same model, loss (binary cross entropy plus the KL
 * divergence, summed), optimizer (Adam, lr 1e-3), data, options and printed lines; it writes
 * `results/reconstruction_<epoch>.png` and `results/sample_<epoch>.png` as upstream does. What differs:
 *
 * - `--device cpu|webgpu` replaces `--no-cuda`/`--no-mps` (typetorch's devices).
 * - `--data DIR` (default `../data`, upstream's root) names where the MNIST files are, so the example
 *   runs offline; missing files are downloaded there, as torchvision does.
 * - Upstream keeps its state in module globals; here `main` builds the same objects and passes them
 *   to `train` and `test`, so the tests can run a few batches.
 * - Reading a value is asynchronous (`await loss.item()`), and `with torch.no_grad():` is `noGrad(...)`.
 */
import { noGrad } from '@typetorch/autograd';
import '@typetorch/backend-cpu';
import { DataLoader, transforms } from '@typetorch/data';
import { MNIST, saveImage } from '@typetorch/data/node';
import * as nn from '@typetorch/nn';
import { functional as F } from '@typetorch/nn';
import * as optim from '@typetorch/optim';
import type { Tensor } from '@typetorch/tensor';
import * as torch from '@typetorch/tensor';
import { Command, InvalidArgumentError, Option } from 'commander';

export class VAE extends nn.Module {
  fc1 = new nn.Linear(784, 400);
  fc21 = new nn.Linear(400, 20);
  fc22 = new nn.Linear(400, 20);
  fc3 = new nn.Linear(20, 400);
  fc4 = new nn.Linear(400, 784);

  encode(x: Tensor): [Tensor, Tensor] {
    const h1 = F.relu(this.fc1.forward(x));
    return [this.fc21.forward(h1), this.fc22.forward(h1)];
  }

  reparameterize(mu: Tensor, logvar: Tensor): Tensor {
    const std = torch.exp(logvar.mul(0.5));
    const eps = torch.randnLike(std);
    return mu.add(eps.mul(std));
  }

  decode(z: Tensor): Tensor {
    const h3 = F.relu(this.fc3.forward(z));
    return torch.sigmoid(this.fc4.forward(h3));
  }

  forward(x: Tensor): [Tensor, Tensor, Tensor] {
    const [mu, logvar] = this.encode(x.view(-1, 784));
    const z = this.reparameterize(mu, logvar);
    return [this.decode(z), mu, logvar];
  }
}

// Reconstruction + KL divergence losses summed over all elements and batch
export function lossFunction(reconX: Tensor, x: Tensor, mu: Tensor, logvar: Tensor): Tensor {
  const BCE = F.binaryCrossEntropy(reconX, x.view(-1, 784), { reduction: 'sum' });

  // see Appendix B from VAE paper:
  // Kingma and Welling. Auto-Encoding Variational Bayes. ICLR, 2014
  // https://arxiv.org/abs/1312.6114
  // 0.5 * sum(1 + log(sigma^2) - mu^2 - sigma^2)
  const KLD = torch.sum(logvar.add(1).sub(mu.pow(2)).sub(logvar.exp())).mul(-0.5);

  return BCE.add(KLD);
}

/** The parsed command line (upstream's `args`). */
export interface Args {
  batchSize: number;
  epochs: number;
  device: 'cpu' | 'webgpu';
  seed: number;
  logInterval: number;
  data: string;
}

type Loader = DataLoader<[Tensor, number], [Tensor, Tensor]>;
type Log = (line: string) => void;

/** What upstream keeps in module globals. */
export interface Program {
  args: Args;
  device: string;
  trainLoader: Loader;
  testLoader: Loader;
  model: VAE;
  optimizer: optim.Adam;
  /** Where the PNGs go (upstream: `results/`). */
  results: string;
  log: Log;
}

/** Python's `'{:.0f}'.format(x)`: rounds half to even. */
function percent(x: number): string {
  const r = Math.round(x);
  return String(Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r);
}

/** Returns the average loss (upstream only prints it). */
export async function train(p: Program, epoch: number): Promise<number> {
  const { args, device, trainLoader, model, optimizer, log } = p;
  model.train();
  let trainLoss = 0;
  let batchIdx = 0;
  for await (let [data] of trainLoader) {
    data = data.to(device);
    optimizer.zeroGrad();
    const [reconBatch, mu, logvar] = model.forward(data);
    const loss = lossFunction(reconBatch, data, mu, logvar);
    loss.backward();
    const value = Number(await loss.item());
    trainLoss += value;
    optimizer.step();
    if (batchIdx % args.logInterval === 0) {
      log(
        `Train Epoch: ${epoch} [${batchIdx * data.shape[0]}/${trainLoader.dataset.length} (${percent((100 * batchIdx) / trainLoader.length)}%)]\tLoss: ${(value / data.shape[0]).toFixed(6)}`,
      );
    }
    batchIdx++;
  }

  const average = trainLoss / trainLoader.dataset.length;
  log(`====> Epoch: ${epoch} Average loss: ${average.toFixed(4)}`);
  return average;
}

/** Returns the average loss (upstream only prints it). */
export async function test(p: Program, epoch: number): Promise<number> {
  const { args, device, testLoader, model, results, log } = p;
  model.eval();
  let testLoss = 0;
  await noGrad(async () => {
    let i = 0;
    for await (let [data] of testLoader) {
      data = data.to(device);
      const [reconBatch, mu, logvar] = model.forward(data);
      testLoss += Number(await lossFunction(reconBatch, data, mu, logvar).item());
      if (i === 0) {
        const n = Math.min(data.shape[0], 8);
        const comparison = torch.cat([
          data.index(`:${n}`),
          reconBatch.view(args.batchSize, 1, 28, 28).index(`:${n}`),
        ]);
        await saveImage(await comparison.toAsync('cpu'), `${results}/reconstruction_${epoch}.png`, {
          nrow: n,
        });
      }
      i++;
    }
  });

  testLoss /= testLoader.dataset.length;
  log(`====> Test set loss: ${testLoss.toFixed(4)}`);
  return testLoss;
}

/** Writes 64 images decoded from random codes (upstream's loop body after `test`). */
export async function sample(p: Program, epoch: number): Promise<void> {
  await noGrad(async () => {
    let sample = torch.randn(64, 20).to(p.device);
    sample = await p.model.decode(sample).toAsync('cpu');
    await saveImage(sample.view(64, 1, 28, 28), `${p.results}/sample_${epoch}.png`);
  });
}

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

/** Upstream's argparse options, in its order (camelCase properties, the same flags). */
export function parseArgs(argv: readonly string[]): Args {
  const parser = new Command('main')
    .description('VAE MNIST Example (pytorch/examples vae/main.py)')
    .option('--batch-size <N>', 'input batch size for training (default: 128)', int, 128)
    .option('--epochs <N>', 'number of epochs to train (default: 10)', int, 10)
    .addOption(
      new Option('--device <device>', 'device to train on (default: cpu)')
        .choices(['cpu', 'webgpu'])
        .default('cpu'),
    )
    .option('--seed <S>', 'random seed (default: 1)', int, 1)
    .option('--log-interval <N>', 'how many batches to wait before logging training status', int, 10)
    .option('--data <DIR>', 'where the MNIST files are, or are downloaded to (default: ../data)', '../data')
    .exitOverride();
  parser.parse(argv, { from: 'user' });
  return parser.opts<Args>();
}

/** Builds upstream's globals: the device, the loaders, the model and the optimizer. */
export async function setup(args: Args, log: Log = console.log, results = 'results'): Promise<Program> {
  torch.manualSeed(args.seed);

  let device = 'cpu';
  if (args.device === 'webgpu') {
    const { initWebGPUNode } = await import('@typetorch/backend-webgpu/node');
    await initWebGPUNode();
    device = 'webgpu';
  }

  const trainLoader: Loader = new DataLoader(
    await MNIST.load(args.data, { train: true, download: true, transform: new transforms.ToTensor() }),
    { batchSize: args.batchSize, shuffle: true },
  );
  const testLoader: Loader = new DataLoader(
    await MNIST.load(args.data, { train: false, transform: new transforms.ToTensor() }),
    { batchSize: args.batchSize, shuffle: false },
  );

  const model = new VAE().to(device);
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  return { args, device, trainLoader, testLoader, model, optimizer, results, log };
}

export async function main(argv: readonly string[] = process.argv.slice(2), log: Log = console.log) {
  const p = await setup(parseArgs(argv), log);
  let losses = { train: Number.NaN, test: Number.NaN };
  for (let epoch = 1; epoch < p.args.epochs + 1; epoch++) {
    losses = { train: await train(p, epoch), test: await test(p, epoch) };
    await sample(p, epoch);
  }
  return losses;
}

// Run when executed (`pnpm start`), not when imported by the tests.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main().catch((err: unknown) => {
    if ((err as { code?: string }).code?.startsWith('commander.')) process.exit(1);
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
