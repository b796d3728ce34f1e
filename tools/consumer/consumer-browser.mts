/**
 * A fixture consumer in a browser project: the packages' main entries (browser-safe by design; the
 * Node-only parts live in the `/node` subpaths) with the DOM lib and without @types/node, so no Node
 * type may leak into their declarations. Never run; only type-checked (tsconfig.browser.json).
 */
import { noGrad } from '@typetorch/autograd';
import { wasmStatus } from '@typetorch/backend-cpu';
import { initWebGPU } from '@typetorch/backend-webgpu';
import { DataLoader, MNIST, TensorDataset } from '@typetorch/data';
import { Linear } from '@typetorch/nn';
import { SGD } from '@typetorch/optim';
import { randn, type Tensor } from '@typetorch/tensor';

/** A step on whichever device the page has: WebGPU from `navigator.gpu` when there is one. */
async function step(images: Uint8Array, labels: Uint8Array): Promise<number> {
  const device = navigator.gpu === undefined ? 'cpu' : (await initWebGPU()).device;
  const mnist = await MNIST.fromBytes(images, labels);
  const model = new Linear(784, 10).to(device);
  const optimizer = new SGD(model.parameters(), { lr: 0.1 });
  const loader = new DataLoader(new TensorDataset(randn([8, 784]), randn([8, 10])), { batchSize: 4 });
  for await (const [x, y] of loader) {
    optimizer.zeroGrad();
    const loss: Tensor = model.forward(x.to(device)).sub(y.to(device)).square().mean();
    loss.backward();
    optimizer.step();
  }
  return noGrad(() => mnist.length + wasmStatus().memoryBytes);
}

export const results = [step];
