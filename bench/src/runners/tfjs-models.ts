/**
 * The benchmark's models in TensorFlow.js core ops (no tfjs-layers: the figures are the backend's,
 * not a layers API's), layer for layer those of apps/mnist-demo/src/models.ts and `torch_runner.py`, with
 * PyTorch's default initialisation (uniform in +-1/sqrt(fan_in) for weights and biases). The CNN runs
 * in NHWC, TF.js's native layout (its CPU and WASM backends convolve and pool NHWC).
 */
import type * as tf from '@tensorflow/tfjs-core';

type Tf = typeof tf;

export interface TfModel {
  /** Logits [N, 10]; `training` turns dropout on. */
  forward(x: tf.Tensor, training: boolean): tf.Tensor2D;
  variables: tf.Variable[];
}

function uniform(t: Tf, shape: number[], fanIn: number): tf.Variable {
  const bound = 1 / Math.sqrt(fanIn);
  const initial = t.randomUniform(shape, -bound, bound, 'float32');
  const v = t.variable(initial);
  initial.dispose();
  return v;
}

function dense(t: Tf, inFeatures: number, outFeatures: number): { w: tf.Variable; b: tf.Variable } {
  return { w: uniform(t, [inFeatures, outFeatures], inFeatures), b: uniform(t, [outFeatures], inFeatures) };
}

/** 784-512-512-10 with ReLU; input [N, 784]. */
export function mlp(t: Tf): TfModel {
  const fc1 = dense(t, 784, 512);
  const fc2 = dense(t, 512, 512);
  const fc3 = dense(t, 512, 10);
  return {
    forward(x) {
      let h = t.relu(t.add(t.matMul(x as tf.Tensor2D, fc1.w), fc1.b));
      h = t.relu(t.add(t.matMul(h as tf.Tensor2D, fc2.w), fc2.b));
      return t.add(t.matMul(h as tf.Tensor2D, fc3.w), fc3.b) as tf.Tensor2D;
    },
    variables: [fc1.w, fc1.b, fc2.w, fc2.b, fc3.w, fc3.b],
  };
}

/** PyTorch's examples/mnist `Net` in NHWC; input [N, 28, 28, 1]. */
export function cnn(t: Tf): TfModel {
  const conv1 = { w: uniform(t, [3, 3, 1, 32], 9), b: uniform(t, [32], 9) };
  const conv2 = { w: uniform(t, [3, 3, 32, 64], 32 * 9), b: uniform(t, [64], 32 * 9) };
  const fc1 = dense(t, 9216, 128);
  const fc2 = dense(t, 128, 10);
  return {
    forward(x, training) {
      let h: tf.Tensor = t.relu(
        t.add(t.conv2d(x as tf.Tensor4D, conv1.w as tf.Tensor4D, 1, 'valid'), conv1.b),
      );
      h = t.relu(t.add(t.conv2d(h as tf.Tensor4D, conv2.w as tf.Tensor4D, 1, 'valid'), conv2.b));
      h = t.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
      if (training) h = t.dropout(h, 0.25);
      h = t.reshape(h, [-1, 9216]);
      h = t.relu(t.add(t.matMul(h as tf.Tensor2D, fc1.w), fc1.b));
      if (training) h = t.dropout(h, 0.5);
      return t.add(t.matMul(h as tf.Tensor2D, fc2.w), fc2.b) as tf.Tensor2D;
    },
    variables: [conv1.w, conv1.b, conv2.w, conv2.b, fc1.w, fc1.b, fc2.w, fc2.b],
  };
}
