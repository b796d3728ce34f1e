/**
 * pytorch/examples mnist_rnn/main.py, ported line by line to typetorch: the version PyTorch 1.13
 * shipped with (pytorch/examples 9aad148, October 2022). An LSTM reads each 28x28 digit as 28 rows of
 * 28 pixels; its last output goes through BatchNorm1d, Dropout2d and two linear layers. Same optimizer
 * (Adadelta, lr 0.1), schedule (StepLR), data pipeline (both loaders shuffled, as upstream), options and
 * printed lines. What differs, and why:
 *
 * - `--device cpu|webgpu` replaces `--no-cuda` (typetorch's devices).
 * - `--data DIR` (default `../data`, upstream's root) names where the MNIST files are, so the example
 *   runs offline; missing files are downloaded there, as torchvision does.
 * - `--save-model` writes `mnist_rnn.safetensors` (typetorch's format) where upstream writes `mnist_rnn.pt`.
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
  rnn = new nn.LSTM(28, 64, { batchFirst: true }); // input_size=28, hidden_size=64, batch_first=True
  batchnorm = new nn.BatchNorm1d(64);
  dropout1 = new nn.Dropout2d(0.25);
  dropout2 = new nn.Dropout2d(0.5);
  fc1 = new nn.Linear(64, 32);
  fc2 = new nn.Linear(32, 10);

  forward(input: Tensor): Tensor {
    // Shape of input is (batch_size,1, 28, 28)
    // converting shape of input to (batch_size, 28, 28)
    // as required by RNN when batch_first is set True
    input = input.reshape(-1, 28, 28);
    let [output] = this.rnn.forward(input);

    // RNN output shape is (seq_len, batch, input_size)
    // Get last output of RNN
    output = output.index(':', -1, ':');
    output = this.batchnorm.forward(output);
    output = this.dropout1.forward(output);
    output = this.fc1.forward(output);
    output = F.relu(output);
    output = this.dropout2.forward(output);
    output = this.fc2.forward(output);
    output = F.logSoftmax(output, { dim: 1 });
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
  args: Args,
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
      if (args.dryRun) break;
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
    .description('typetorch MNIST Example using RNN (pytorch/examples mnist_rnn/main.py)')
    .option('--batch-size <N>', 'input batch size for training (default: 64)', int, 64)
    .option('--test-batch-size <N>', 'input batch size for testing (default: 1000)', int, 1000)
    .option('--epochs <N>', 'number of epochs to train (default: 14)', int, 14)
    .option('--lr <LR>', 'learning rate (default: 0.1)', float, 0.1)
    .option('--gamma <M>', 'learning rate step gamma (default: 0.7)', float, 0.7)
    .addOption(
      new Option('--device <device>', 'device to train on (default: cpu)')
        .choices(['cpu', 'webgpu'])
        .default('cpu'),
    )
    .option('--dry-run', 'quickly check a single pass', false)
    .option('--seed <S>', 'random seed (default: 1)', int, 1)
    .option('--log-interval <N>', 'how many batches to wait before logging training status', int, 10)
    .option('--save-model', 'for Saving the current Model', false)
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

  const transform = new transforms.Compose<Tensor, Tensor>([
    new transforms.ToTensor(),
    new transforms.Normalize([0.1307], [0.3081]),
  ]);
  const dataset1 = await MNIST.load(args.data, { train: true, download: true, transform });
  const dataset2 = await MNIST.load(args.data, { train: false, transform });
  // upstream's cuda kwargs (num_workers, pin_memory) have no meaning here
  const trainLoader: Loader = new DataLoader(dataset1, { batchSize: args.batchSize, shuffle: true });
  const testLoader: Loader = new DataLoader(dataset2, { batchSize: args.testBatchSize, shuffle: true });

  const model = new Net().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: args.lr });

  const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: args.gamma });
  let result = { testLoss: Number.NaN, correct: 0 };
  for (let epoch = 1; epoch < args.epochs + 1; epoch++) {
    await train(args, model, device, trainLoader, optimizer, epoch, log);
    result = await test(args, model, device, testLoader, log);
    scheduler.step();
  }

  if (args.saveModel) {
    await save(model.stateDict(), 'mnist_rnn.safetensors');
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
