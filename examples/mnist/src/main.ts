/**
 * pytorch/examples mnist/main.py, ported line by line to typetorch: the version PyTorch 1.13 shipped
 * with (pytorch/examples f82f562, September 2022). Same model, optimizer (Adadelta), schedule
 * (StepLR), data pipeline, command-line options and printed lines. What differs, and why:
 *
 * - `--device cpu|webgpu` replaces `--no-cuda`/`--no-mps` (typetorch's devices); as upstream with
 *   CUDA, the GPU run shuffles the training set and the CPU run does not.
 * - `--data DIR` (default `../data`, upstream's root) names where the MNIST files are, so the example
 *   runs offline; missing files are downloaded there, as torchvision does.
 * - `--save-model` writes `mnist_cnn.safetensors` (typetorch's format) where upstream writes `mnist_cnn.pt`.
 * - Reading a value is asynchronous (`await loss.item()`), and `with torch.no_grad():` is `noGrad(...)`.
 */
import { noGrad } from '@typetorch/autograd';
import '@typetorch/backend-cpu';
import { DataLoader, transforms } from '@typetorch/data';
import { MNIST } from '@typetorch/data/node';
import * as nn from '@typetorch/nn';
import { functional as F } from '@typetorch/nn';
import { save } from '@typetorch/nn/node';
import * as optim from '@typetorch/optim';
import type { Tensor } from '@typetorch/tensor';
import * as torch from '@typetorch/tensor';
import { Command, InvalidArgumentError, Option } from 'commander';

const { StepLR } = optim.lrScheduler;

export class Net extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, 1);
  conv2 = new nn.Conv2d(32, 64, 3, 1);
  dropout1 = new nn.Dropout(0.25);
  dropout2 = new nn.Dropout(0.5);
  fc1 = new nn.Linear(9216, 128);
  fc2 = new nn.Linear(128, 10);

  forward(x: Tensor): Tensor {
    x = this.conv1.forward(x);
    x = F.relu(x);
    x = this.conv2.forward(x);
    x = F.relu(x);
    x = F.maxPool2d(x, 2);
    x = this.dropout1.forward(x);
    x = torch.flatten(x, 1);
    x = this.fc1.forward(x);
    x = F.relu(x);
    x = this.dropout2.forward(x);
    x = this.fc2.forward(x);
    const output = F.logSoftmax(x, { dim: 1 });
    return output;
  }
}

/** The parsed command line (upstream's `args`). */
export interface Args {
  batchSize: number;
  testBatchSize: number;
  epochs: number;
  lr: number;
  gamma: number;
  device: 'cpu' | 'webgpu';
  dryRun: boolean;
  seed: number;
  logInterval: number;
  saveModel: boolean;
  data: string;
}

type Loader = DataLoader<[Tensor, number], [Tensor, Tensor]>;
type Log = (line: string) => void;

/** Python's `'{:.0f}'.format(x)`: rounds half to even. */
function percent(x: number): string {
  const r = Math.round(x);
  return String(Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r);
}

export async function train(
  args: Args,
  model: Net,
  device: string,
  trainLoader: Loader,
  optimizer: optim.Adadelta,
  epoch: number,
  log: Log = console.log,
): Promise<void> {
  model.train();
  let batchIdx = 0;
  for await (let [data, target] of trainLoader) {
    [data, target] = [data.to(device), target.to(device)];
    optimizer.zeroGrad();
    const output = model.forward(data);
    const loss = F.nllLoss(output, target);
    loss.backward();
    optimizer.step();
    if (batchIdx % args.logInterval === 0) {
      log(
        `Train Epoch: ${epoch} [${batchIdx * data.shape[0]}/${trainLoader.dataset.length} (${percent((100 * batchIdx) / trainLoader.length)}%)]\tLoss: ${Number(await loss.item()).toFixed(6)}`,
      );
      if (args.dryRun) break;
    }
    batchIdx++;
  }
}

/** Returns the average loss and the number correct (upstream only prints them). */
export async function test(
  model: Net,
  device: string,
  testLoader: Loader,
  log: Log = console.log,
): Promise<{ testLoss: number; correct: number }> {
  model.eval();
  let testLoss = 0;
  let correct = 0;
  await noGrad(async () => {
    for await (let [data, target] of testLoader) {
      [data, target] = [data.to(device), target.to(device)];
      const output = model.forward(data);
      testLoss += Number(await F.nllLoss(output, target, { reduction: 'sum' }).item()); // sum up batch loss
      const pred = output.argmax({ dim: 1, keepdim: true }); // get the index of the max log-probability
      correct += Number(await pred.eq(target.viewAs(pred)).sum().item());
    }
  });

  testLoss /= testLoader.dataset.length;

  log(
    `\nTest set: Average loss: ${testLoss.toFixed(4)}, Accuracy: ${correct}/${testLoader.dataset.length} (${percent((100 * correct) / testLoader.dataset.length)}%)\n`,
  );
  return { testLoss, correct };
}

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

function float(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

/** Upstream's argparse options, in its order (camelCase properties, the same flags). */
export function parseArgs(argv: readonly string[]): Args {
  // Training settings
  const parser = new Command('main')
    .description('typetorch MNIST Example (pytorch/examples mnist/main.py)')
    .option('--batch-size <N>', 'input batch size for training (default: 64)', int, 64)
    .option('--test-batch-size <N>', 'input batch size for testing (default: 1000)', int, 1000)
    .option('--epochs <N>', 'number of epochs to train (default: 14)', int, 14)
    .option('--lr <LR>', 'learning rate (default: 1.0)', float, 1.0)
    .option('--gamma <M>', 'Learning rate step gamma (default: 0.7)', float, 0.7)
    .addOption(
      new Option('--device <device>', 'device to train on (default: cpu)')
        .choices(['cpu', 'webgpu'])
        .default('cpu'),
    )
    .option('--dry-run', 'quickly check a single pass', false)
    .option('--seed <S>', 'random seed (default: 1)', int, 1)
    .option('--log-interval <N>', 'how many batches to wait before logging training status', int, 10)
    .option('--save-model', 'For Saving the current Model', false)
    .option('--data <DIR>', 'where the MNIST files are, or are downloaded to (default: ../data)', '../data')
    .exitOverride();
  parser.parse(argv, { from: 'user' });
  return parser.opts<Args>();
}

export async function main(argv: readonly string[] = process.argv.slice(2), log: Log = console.log) {
  const args = parseArgs(argv);
  const useWebGPU = args.device === 'webgpu';

  torch.manualSeed(args.seed);

  let device: string;
  if (useWebGPU) {
    const { initWebGPUNode } = await import('@typetorch/backend-webgpu/node');
    await initWebGPUNode();
    device = 'webgpu';
  } else {
    device = 'cpu';
  }

  const trainKwargs: { batchSize: number; shuffle?: boolean } = { batchSize: args.batchSize };
  const testKwargs: { batchSize: number; shuffle?: boolean } = { batchSize: args.testBatchSize };
  if (useWebGPU) {
    // upstream's cuda_kwargs: num_workers and pin_memory have no meaning here; shuffle does.
    const gpuKwargs = { shuffle: true };
    Object.assign(trainKwargs, gpuKwargs);
    Object.assign(testKwargs, gpuKwargs);
  }

  const transform = new transforms.Compose<Tensor, Tensor>([
    new transforms.ToTensor(),
    new transforms.Normalize([0.1307], [0.3081]),
  ]);
  const dataset1 = await MNIST.load(args.data, { train: true, download: true, transform });
  const dataset2 = await MNIST.load(args.data, { train: false, transform });
  const trainLoader: Loader = new DataLoader(dataset1, trainKwargs);
  const testLoader: Loader = new DataLoader(dataset2, testKwargs);

  const model = new Net().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: args.lr });

  const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: args.gamma });
  let result = { testLoss: Number.NaN, correct: 0 };
  for (let epoch = 1; epoch < args.epochs + 1; epoch++) {
    await train(args, model, device, trainLoader, optimizer, epoch, log);
    result = await test(model, device, testLoader, log);
    scheduler.step();
  }

  if (args.saveModel) {
    await save(model.stateDict(), 'mnist_cnn.safetensors');
  }
  return result;
}

// Run when executed (`pnpm start`), not when imported by the tests.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main().catch((err: unknown) => {
    if ((err as { code?: string }).code?.startsWith('commander.')) process.exit(1);
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
