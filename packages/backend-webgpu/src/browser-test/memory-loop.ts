/**
 * A training loop written the way PyTorch code is written (no `dispose()`, no `scope()`), run in the
 * browser page on a device, with `memory(device)` read every so often: the browser test checks that it
 * holds steady. It awaits its loss every step, as a page showing progress does.
 */
import * as nn from '@typetorch/nn';
import * as optim from '@typetorch/optim';
import { manualSeed, memory, rand, randint, type Tensor } from '@typetorch/tensor';

/** Steps of the memory loops the browser page runs, and how often they read `memory()`. */
export const MEMORY_STEPS = { webgpu: 150, cpu: 600 } as const;
export const MEMORY_EVERY = { webgpu: 25, cpu: 50 } as const;

export interface MemoryPoint {
  step: number;
  numStorages: number;
  numBytes: number;
  deviceBytes: number;
}

/** Trains a 784-128-10 MLP for `steps` steps on random batches; `memory(device)` every `every` steps. */
export async function memoryLoop(device: string, steps: number, every: number): Promise<MemoryPoint[]> {
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10)).to(device);
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new nn.CrossEntropyLoss();
  const points: MemoryPoint[] = [];
  for (let step = 1; step <= steps; step++) {
    const x = rand([64, 784], { device });
    const y = randint(0, 10, [64], { device });
    optimizer.zeroGrad();
    const loss = lossFn.forward(model.forward(x) as Tensor, y);
    loss.backward();
    optimizer.step();
    await loss.item();
    if (step % every === 0) {
      const m = memory(device);
      points.push({ step, numStorages: m.numStorages, numBytes: m.numBytes, deviceBytes: m.deviceBytes });
    }
  }
  return points;
}
