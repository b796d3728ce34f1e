/**
 * The MLP training step measured by the benchmark, written once for each library: 784-512-512-10 with
 * ReLU, cross-entropy on logits, Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8), batch 128. Both start from
 * the same weights (typetorch's `manualSeed(0)` initialisation, copied into TF.js) and see the same batch.
 */
import '@typetorch/autograd';
import type * as tfType from '@tensorflow/tfjs';
import * as nn from '@typetorch/nn';
import * as optim from '@typetorch/optim';
import { manualSeed, scope, type Tensor, tensor } from '@typetorch/tensor';

export const SIZES = [784, 512, 512, 10];
export const BATCH = 128;

/** Runs `steps` training steps and returns the last step's loss, read back to the host. */
export type Trainer = {
  train(steps: number): Promise<number>;
  dispose(): void;
};

export interface MlpData {
  /** `[BATCH, 784]` inputs, row-major. */
  x: Float32Array;
  /** `[BATCH]` class labels. */
  y: Int32Array;
}

/** The model on `device`, created on the CPU after `manualSeed(0)` and moved, as a script would. */
export function typetorchModel(device: string): nn.Sequential {
  manualSeed(0);
  const layers: nn.Module[] = [];
  for (let i = 0; i + 1 < SIZES.length; i++) {
    if (i > 0) layers.push(new nn.ReLU());
    layers.push(new nn.Linear(SIZES[i], SIZES[i + 1]));
  }
  return new nn.Sequential(...layers).to(device);
}

export function typetorchTrainer(model: nn.Sequential, data: MlpData): Trainer {
  const device = model.parameters()[0].device;
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8 });
  const lossFn = new nn.CrossEntropyLoss();
  const flat = tensor(data.x, { device });
  const x = flat.reshape([BATCH, SIZES[0]]);
  flat.dispose();
  const y = tensor(data.y, { device });
  const step = () =>
    scope(() => {
      optimizer.zeroGrad();
      const loss = lossFn.forward(model.forward(x) as Tensor, y);
      loss.backward();
      optimizer.step();
      return loss;
    });
  return {
    async train(steps) {
      let loss = step();
      for (let i = 1; i < steps; i++) {
        loss.dispose();
        loss = step();
      }
      const value = Number(await loss.item());
      loss.dispose();
      return value;
    },
    dispose() {
      x.dispose();
      y.dispose();
      for (const p of model.parameters()) p.dispose();
    },
  };
}

/**
 * The same network in TensorFlow.js's own idiom: variables with `[in, out]` kernels (as `tf.layers.dense`
 * keeps them), `optimizer.minimize`. `weights` are typetorch's parameters in order (weight `[out, in]`,
 * bias), transposed here once.
 */
export function tfjsTrainer(tf: typeof tfType, weights: Float32Array[], data: MlpData): Trainer {
  const vars: tfType.Variable[] = [];
  for (let i = 0; i + 1 < SIZES.length; i++) {
    const [fanIn, fanOut] = [SIZES[i], SIZES[i + 1]];
    vars.push(tf.variable(tf.tidy(() => tf.transpose(tf.tensor2d(weights[2 * i], [fanOut, fanIn])))));
    vars.push(tf.variable(tf.tensor1d(weights[2 * i + 1])));
  }
  const x = tf.tensor2d(data.x, [BATCH, SIZES[0]]);
  const labels = tf.tensor1d(data.y, 'int32');
  const y = tf.oneHot(labels, SIZES[SIZES.length - 1]);
  labels.dispose();
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const forward = () => {
    let h: tfType.Tensor = x;
    for (let i = 0; i < vars.length; i += 2) {
      h = tf.add(tf.matMul(h, vars[i]), vars[i + 1]);
      if (i + 2 < vars.length) h = tf.relu(h);
    }
    return tf.losses.softmaxCrossEntropy(y, h) as tfType.Scalar;
  };
  return {
    async train(steps) {
      let loss = optimizer.minimize(forward, true)!;
      for (let i = 1; i < steps; i++) {
        loss.dispose();
        loss = optimizer.minimize(forward, true)!;
      }
      const value = (await loss.data())[0];
      loss.dispose();
      return value;
    },
    dispose() {
      optimizer.dispose();
      for (const v of vars) v.dispose();
      x.dispose();
      y.dispose();
    },
  };
}
