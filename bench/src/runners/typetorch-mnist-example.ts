/**
 * The `mnist-example` workload for typetorch: one batch per step of the training loop of the
 * repository's examples/mnist (pytorch/examples mnist/main.py ported line by line), with its setup:
 * `manualSeed(1)`, MNIST through `Compose([ToTensor(), Normalize(...)])` and a DataLoader of batch 64
 * without shuffling, the same `Net`, Adadelta (lr 1.0) and StepLR (gamma 0.7) stepped after each
 * epoch, no `scope()` (the example frees tensors as PyTorch code does, by dropping them). The loss is
 * read every 10th batch, where the example prints it. `Net` is imported from the example; its
 * `train()` runs a whole epoch in one call, so its body is repeated here batch by batch (keep the two
 * in step). torch_mnist_example.py is the PyTorch side.
 */
import { DataLoader, transforms } from '@typetorch/data';
import { MNIST } from '@typetorch/data/node';
import { Net } from '@typetorch/example-mnist/main';
import { disposeModel } from '@typetorch/mnist-demo/models';
import { functional as F } from '@typetorch/nn';
import * as optim from '@typetorch/optim';
import type { Tensor } from '@typetorch/tensor';
import * as torch from '@typetorch/tensor';
import type { Session } from './serve.js';

const LOG_INTERVAL = 10;

/** The example's setup; each step trains on the next batch of the training set (a new epoch after the last). */
export async function mnistExampleSession(batchSize: number): Promise<Session> {
  const dataDir = process.env.TYPETORCH_MNIST_DIR;
  if (!dataDir) throw new Error('no MNIST files: set TYPETORCH_MNIST_DIR');
  torch.manualSeed(1);
  const device = 'cpu';
  const transform = new transforms.Compose<Tensor, Tensor>([
    new transforms.ToTensor(),
    new transforms.Normalize([0.1307], [0.3081]),
  ]);
  const dataset1 = await MNIST.load(dataDir, { train: true, transform });
  const trainLoader = new DataLoader(dataset1, { batchSize });
  const model = new Net().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: 1.0 });
  const scheduler = new optim.lrScheduler.StepLR(optimizer, { stepSize: 1, gamma: 0.7 });

  let batches = trainLoader[Symbol.asyncIterator]();
  let batchIdx = 0;
  let lastLoss = Number.NaN;
  const restart = () => {
    model.train();
    void batches.return?.(); // the warm-up's pass, left part-way
    batches = trainLoader[Symbol.asyncIterator]();
    batchIdx = 0;
  };
  restart();
  return {
    async step() {
      let next = await batches.next();
      if (next.done) {
        scheduler.step(); // the example's main() loop: the epoch is over
        restart();
        next = await batches.next();
      }
      let [data, target] = next.value as [Tensor, Tensor];
      [data, target] = [data.to(device), target.to(device)];
      optimizer.zeroGrad();
      const output = model.forward(data);
      const loss = F.nllLoss(output, target);
      loss.backward();
      optimizer.step();
      if (batchIdx % LOG_INTERVAL === 0) lastLoss = Number(await loss.item());
      batchIdx++;
      return lastLoss;
    },
    afterWarmup: restart,
    dispose() {
      void batches.return?.();
      optimizer.zeroGrad();
      optimizer.disposeState();
      disposeModel(model);
    },
  };
}
