/**
 * Training loops written the way PyTorch code is written: no `dispose()`, no `keep()`, and `scope()`
 * only in their `scoped` variant, the reference the soak compares memory against. Each is a port of a
 * program a PyTorch user knows, kept line by line where the original is public:
 *
 * - `readme`: the README's own example (a tiny regression net).
 * - `mlp-sync`, `mlp-async`: the 784-512-512-10 MLP with Adam on batches of 64, synchronous
 *   (`itemSync`), and async with `await loss.item()` every step.
 * - `tutorial`: PyTorch's "Optimizing model parameters" tutorial (Fashion-MNIST, a DataLoader, SGD),
 *   with a torchvision-style transform (`img => img.float().div(255)`) that makes temporaries.
 * - `mnist`: pytorch/examples mnist/main.py (the CNN, Adadelta, StepLR, `for await` over a DataLoader,
 *   `loss.item()` every log interval).
 */
import '@typetorch/autograd';
import { DataLoader, transforms } from '@typetorch/data';
import { FashionMNIST, MNIST } from '@typetorch/data/node';
import * as nn from '@typetorch/nn';
import { F } from '@typetorch/nn';
import * as optim from '@typetorch/optim';
import type { Tensor } from '@typetorch/tensor';
import * as torch from '@typetorch/tensor';

export interface LoopContext {
  /** 'cpu' or 'webgpu' (already initialised by the caller). */
  readonly device: string;
  /** Optimizer steps to run, over as many epochs as that takes. */
  readonly steps: number;
  /** Wrap each step's body in `scope()` (the reference), or not (what the soak is about). */
  readonly scoped: boolean;
  /** Directories of the MNIST and Fashion-MNIST files. */
  readonly mnistDir: string;
  readonly fashionDir: string;
  /** Called after every optimizer step (1-based); may await (measurements). */
  after(step: number): void | Promise<void>;
}

/** The step body as written, or inside `scope()` for the scoped variant. */
function body<T>(ctx: LoopContext, fn: () => T): T {
  return ctx.scoped ? torch.scope(fn) : fn();
}

async function readme(ctx: LoopContext): Promise<void> {
  torch.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(3, 16), new nn.ReLU(), new nn.Linear(16, 1)).to(ctx.device);
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });
  const lossFn = new nn.MSELoss();
  const x = torch.randn([64, 3], { device: ctx.device });
  const y = x.sum(1, true);
  for (let step = 1; step <= ctx.steps; step++) {
    body(ctx, () => {
      optimizer.zeroGrad();
      const loss = lossFn.forward(model.forward(x) as Tensor, y);
      loss.backward();
      optimizer.step();
    });
    await ctx.after(step);
  }
}

class MLP extends nn.Module {
  flatten = new nn.Flatten();
  linearReluStack = new nn.Sequential(
    new nn.Linear(28 * 28, 512),
    new nn.ReLU(),
    new nn.Linear(512, 512),
    new nn.ReLU(),
    new nn.Linear(512, 10),
  );

  forward(x: Tensor): Tensor {
    x = this.flatten.forward(x);
    const logits = this.linearReluStack.forward(x) as Tensor;
    return logits;
  }
}

/** Random images and labels, made once: the MLP loops measure the training step, not data loading. */
function syntheticBatches(device: string): [Tensor, Tensor][] {
  return Array.from({ length: 16 }, () => [
    torch.rand([64, 1, 28, 28], { device }),
    torch.randint(0, 10, [64], { device }),
  ]);
}

async function mlp(ctx: LoopContext, awaitLoss: boolean): Promise<void> {
  torch.manualSeed(0);
  const model = new MLP().to(ctx.device);
  const lossFn = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const batches = syntheticBatches(ctx.device);
  for (let step = 1; step <= ctx.steps; step++) {
    const [X, y] = batches[step % batches.length];
    await body(ctx, async () => {
      const pred = model.forward(X);
      const loss = lossFn.forward(pred, y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      if (awaitLoss) await loss.item();
      else if (step % 100 === 0) loss.itemSync();
    });
    await ctx.after(step);
  }
}

/** PyTorch's "Optimizing model parameters" tutorial, `train_loop` repeated over epochs. */
async function tutorial(ctx: LoopContext): Promise<void> {
  torch.manualSeed(0);
  const trainingData = await FashionMNIST.load(ctx.fashionDir, {
    train: true,
    transform: (img: Tensor) => img.float().div(255).unsqueeze(0),
  });
  const trainDataloader = new DataLoader(trainingData, { batchSize: 64, shuffle: true });
  const model = new MLP().to(ctx.device);
  const learningRate = 1e-3;
  const lossFn = new nn.CrossEntropyLoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: learningRate });
  let step = 0;
  while (step < ctx.steps) {
    // def train_loop(dataloader, model, loss_fn, optimizer):
    model.train();
    for await (const [X, y] of trainDataloader) {
      await body(ctx, async () => {
        const pred = model.forward(X.to(ctx.device));
        const loss = lossFn.forward(pred, y.to(ctx.device));
        loss.backward();
        optimizer.step();
        optimizer.zeroGrad();
        if (step % 100 === 0) await loss.item();
      });
      await ctx.after(++step);
      if (step >= ctx.steps) break;
    }
  }
}

/** pytorch/examples mnist/main.py: `Net`. */
class Net extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, { stride: 1 });
  conv2 = new nn.Conv2d(32, 64, 3, { stride: 1 });
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
    const output = F.logSoftmax(x, 1);
    return output;
  }
}

/** pytorch/examples mnist/main.py: `train` for each epoch, then `scheduler.step()`. */
async function mnist(ctx: LoopContext): Promise<void> {
  torch.manualSeed(1);
  const transform = new transforms.Compose([
    new transforms.ToTensor(),
    new transforms.Normalize([0.1307], [0.3081]),
  ]);
  const dataset1 = await MNIST.load(ctx.mnistDir, { train: true, transform });
  const trainLoader = new DataLoader(dataset1, { batchSize: 64, shuffle: true });
  const model = new Net().to(ctx.device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: 1.0 });
  const scheduler = new optim.lrScheduler.StepLR(optimizer, { stepSize: 1, gamma: 0.7 });
  const logInterval = 10;
  let step = 0;
  // for epoch in range(1, args.epochs + 1): train(...); scheduler.step()
  while (step < ctx.steps) {
    // def train(args, model, device, train_loader, optimizer, epoch):
    model.train();
    let batchIdx = 0;
    for await (let [data, target] of trainLoader) {
      await body(ctx, async () => {
        [data, target] = [data.to(ctx.device), target.to(ctx.device)];
        optimizer.zeroGrad();
        const output = model.forward(data);
        const loss = F.nllLoss(output, target);
        loss.backward();
        optimizer.step();
        if (batchIdx % logInterval === 0) await loss.item();
      });
      batchIdx++;
      await ctx.after(++step);
      if (step >= ctx.steps) break;
    }
    scheduler.step();
  }
}

export const LOOPS = {
  readme,
  'mlp-sync': (ctx: LoopContext) => mlp(ctx, false),
  'mlp-async': (ctx: LoopContext) => mlp(ctx, true),
  tutorial,
  mnist,
} as const;

export type LoopName = keyof typeof LOOPS;

export function isLoopName(name: string): name is LoopName {
  return Object.hasOwn(LOOPS, name);
}
