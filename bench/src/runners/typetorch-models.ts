/**
 * The benchmark's models in typetorch, layer for layer those of `tfjs.ts` and `torch_runner.py`
 * (and of apps/mnist-demo/src/models.ts, which trains the same two on MNIST).
 */
import * as nn from '@typetorch/nn';
import { F } from '@typetorch/nn';
import type { Tensor } from '@typetorch/tensor';

/** 784-512-512-10 with ReLU; input [N, 784], logits [N, 10]. */
export class MLP extends nn.Module {
  fc1 = new nn.Linear(784, 512);
  fc2 = new nn.Linear(512, 512);
  fc3 = new nn.Linear(512, 10);

  forward(x: Tensor): Tensor {
    x = F.relu(this.fc1.forward(x));
    x = F.relu(this.fc2.forward(x));
    return this.fc3.forward(x);
  }
}

/** PyTorch's examples/mnist `Net`; input [N, 1, 28, 28], logits [N, 10]. */
export class CNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3);
  conv2 = new nn.Conv2d(32, 64, 3);
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

/** Frees a model's parameters, gradients and buffers. */
export function disposeModel(model: nn.Module): void {
  for (const p of model.parameters()) {
    p.grad?.dispose();
    p.dispose();
  }
  for (const b of model.buffers()) b.dispose();
}
