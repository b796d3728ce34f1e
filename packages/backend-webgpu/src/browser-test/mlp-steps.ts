/**
 * The training run that the browser test performs in Chromium on `webgpu` and in Node on `cpu`: one
 * module, so both sides run the same script line for line and differ only in the device name.
 */
import * as nn from '@typetorch/nn';
import * as optim from '@typetorch/optim';
import { manualSeed, scope, type Tensor, tensor } from '@typetorch/tensor';

/** Images in the fixed batch (the first ones of the MNIST test split). */
export const BATCH = 64;
/** Adam steps on that batch. */
export const STEPS = 10;

export interface MlpRun {
  /** The device every loss tensor was on. */
  devices: string[];
  /** The loss of each step, before that step's update. */
  losses: number[];
}

/**
 * Trains a 784-128-10 MLP with Adam (lr 1e-3) for {@link STEPS} steps on one fixed batch of MNIST
 * images, normalised as torchvision's MNIST examples do. The weights are drawn on the CPU after
 * `manualSeed(0)` and then moved, as a PyTorch script would do with `model.to(device)`.
 */
export async function trainMlp(device: string, pixels: Uint8Array, labels: Uint8Array): Promise<MlpRun> {
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10)).to(device);
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new nn.CrossEntropyLoss();
  const x = new Float32Array(BATCH * 784);
  for (let i = 0; i < x.length; i++) x[i] = (pixels[i] / 255 - 0.1307) / 0.3081;
  const flat = tensor(x, { device });
  const input = flat.reshape([BATCH, 784]);
  flat.dispose();
  const target = tensor(Int32Array.from(labels.subarray(0, BATCH)), { device });

  const run: MlpRun = { devices: [], losses: [] };
  for (let step = 0; step < STEPS; step++) {
    const loss = scope(() => {
      optimizer.zeroGrad();
      const l = lossFn.forward(model.forward(input) as Tensor, target);
      l.backward();
      optimizer.step();
      return l;
    });
    run.devices.push(loss.device);
    run.losses.push(Number(await loss.item()));
    loss.dispose();
  }
  input.dispose();
  target.dispose();
  return run;
}
