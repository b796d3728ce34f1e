/**
 * A fixture consumer of the published packages: it imports and uses the public API of every package
 * (and their subpath exports) the way an application would, so that `tsc -p tsconfig.node16.json` and
 * `tsc -p tsconfig.bundler.json` check the emitted declarations (dist/*.d.ts) without skipLibCheck.
 * Never run; only type-checked. `.mts` so it is an ES module whatever the surrounding package.json says.
 * The WebGPU backend is in consumer-webgpu.mts: its types (@webgpu/types) need the DOM lib.
 */
import { type GradcheckOptions, grad, noGrad } from '@typetorch/autograd';
import {
  CpuBackend,
  cpuBackend,
  getNumThreads,
  isWasmEnabled,
  setNumThreads,
  setWasmEnabled,
  type WasmStatus,
  wasmStatus,
} from '@typetorch/backend-cpu';
import { type ConformanceCase, conformanceCases } from '@typetorch/conformance';
import { DataLoader, TensorDataset, transforms } from '@typetorch/data';
import { MNIST } from '@typetorch/data/node';
import * as nn from '@typetorch/nn';
import { F } from '@typetorch/nn';
import { load, save } from '@typetorch/nn/node';
import * as optim from '@typetorch/optim';
import type { Backend, DType, Tensor } from '@typetorch/tensor';
import * as torch from '@typetorch/tensor';

// backend-cpu: its settings and status, and the backend as the tensor package's contract.
setNumThreads(Math.max(1, getNumThreads() - 1));
setWasmEnabled(isWasmEnabled());
const status: WasmStatus = wasmStatus();
const contract: Backend = cpuBackend;
const isCpu: boolean = contract instanceof CpuBackend;

class Mlp extends nn.Module {
  fc1 = new nn.Linear(4, 8);
  fc2 = new nn.Linear(8, 3);

  forward(x: Tensor): Tensor {
    return this.fc2.forward(F.relu(this.fc1.forward(x)));
  }
}

/** One epoch of a training step: data, model, loss, backward, optimizer and scheduler. */
async function trainEpoch(device: string): Promise<number> {
  torch.manualSeed(0);
  const inputs = torch.randn([32, 4]);
  const labels = torch.tensor([0, 1, 2, 0], { dtype: 'int64' }).repeat(8);
  const loader = new DataLoader(new TensorDataset(inputs, labels), { batchSize: 8, shuffle: true });
  const model = new Mlp().to(device);
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const scheduler = new optim.lrScheduler.StepLR(optimizer, { stepSize: 10 });
  let last = 0;
  for await (const [x, y] of loader) {
    optimizer.zeroGrad();
    const loss = F.crossEntropy(model.forward(x.to(device)), y.to(device));
    loss.backward();
    optimizer.step();
    last = Number(await loss.item());
  }
  scheduler.step();
  const accuracy = noGrad(() => model.forward(inputs).argmax({ dim: 1 }).eq(labels).float().mean());
  const dtype: DType = accuracy.dtype;
  return dtype === 'float32' ? last : Number.NaN;
}

/** Autograd on its own: `torch.autograd.grad` and gradcheck's options. */
function gradient(): (Tensor | null)[] {
  const x = torch.randn([3], { requiresGrad: true });
  const options: GradcheckOptions = { atol: 1e-3 };
  return options.atol === undefined ? [] : grad(x.mul(x).sum(), [x]);
}

/** The Node subpaths: MNIST from disk, safetensors checkpoints, transforms. */
async function nodeSubpaths(): Promise<number> {
  const train = await MNIST.load(new URL('./data/', import.meta.url), {
    train: true,
    transform: new transforms.Compose([
      new transforms.ToTensor(),
      new transforms.Normalize([0.1307], [0.3081]),
    ]),
  });
  const model = new Mlp();
  await save(model, 'model.safetensors');
  const state = await load('model.safetensors');
  model.loadStateDict(state);
  return train.length;
}

/** The conformance suite a third-party backend runs (`@typetorch/conformance`). */
const cases: ConformanceCase[] = conformanceCases();

export const results = [status, isCpu, cases.length, trainEpoch('cpu'), gradient(), nodeSubpaths()];
