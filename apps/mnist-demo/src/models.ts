/**
 * The two models of the demo, written the way a PyTorch user writes them: `nn.Module` subclasses with
 * layers as fields and a `forward`.
 */
import * as nn from '@typetorch/nn';
import { F } from '@typetorch/nn';
import type { Tensor } from '@typetorch/tensor';

/**
 * A multilayer perceptron 784-512-512-10 with ReLU (the classic MNIST MLP). Input [N, 1, 28, 28] or
 * [N, 784]; output logits [N, 10].
 */
export class MLP extends nn.Module {
  flatten = new nn.Flatten();
  fc1 = new nn.Linear(784, 512);
  fc2 = new nn.Linear(512, 512);
  fc3 = new nn.Linear(512, 10);
  relu = new nn.ReLU();

  forward(x: Tensor): Tensor {
    x = this.flatten.forward(x);
    x = this.relu.forward(this.fc1.forward(x));
    x = this.relu.forward(this.fc2.forward(x));
    return this.fc3.forward(x);
  }
}

/**
 * PyTorch's examples/mnist `Net`: conv 32 -> conv 64 -> max pool -> dropout -> linear 128 -> dropout ->
 * linear 10 (ReLU after each conv and after linear 128, as `F.relu`). Input [N, 1, 28, 28]; output logits [N, 10].
 */
export class CNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, { stride: 1 });
  conv2 = new nn.Conv2d(32, 64, 3, { stride: 1 });
  dropout1 = new nn.Dropout(0.25);
  dropout2 = new nn.Dropout(0.5);
  fc1 = new nn.Linear(9216, 128);
  fc2 = new nn.Linear(128, 10);

  forward(x: Tensor): Tensor {
    x = F.relu(this.conv1.forward(x));
    x = F.relu(this.conv2.forward(x));
    x = F.maxPool2d(x, 2);
    x = this.dropout1.forward(x);
    x = x.flatten(1);
    x = F.relu(this.fc1.forward(x));
    x = this.dropout2.forward(x);
    return this.fc2.forward(x);
  }
}

export const MODEL_NAMES = ['mlp', 'cnn'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export type Classifier = nn.Module & { forward(x: Tensor): Tensor };

export function createModel(name: ModelName): Classifier {
  return name === 'cnn' ? new CNN() : new MLP();
}

/** Number of parameters (all of them, and the trainable ones). */
export function countParameters(model: nn.Module): { total: number; trainable: number } {
  let total = 0;
  let trainable = 0;
  for (const p of model.parameters()) {
    total += p.numel();
    if (p.requiresGrad) trainable += p.numel();
  }
  return { total, trainable };
}

/** Frees a model's parameters, gradients and buffers (JavaScript has no refcounting collector). */
export function disposeModel(model: nn.Module): void {
  for (const p of model.parameters()) {
    p.grad?.dispose();
    p.dispose();
  }
  for (const b of model.buffers()) b.dispose();
}
