/**
 * One soak run in a process of its own (so that its resident memory is its own): runs a loop of
 * `loops.ts` and prints a JSON line of measurements every `--every` steps. Started by `run.ts`.
 *
 *   tsx --conditions=@typetorch/source src/soak/child.ts --loop mlp-sync --steps 20000 [--scoped]
 *       [--device cpu|webgpu] [--every 1000] [--limit-mib N]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { wasmStatus } from '@typetorch/backend-cpu';
import { memory, setDeviceMemoryLimit } from '@typetorch/tensor';
import { isLoopName, LOOPS } from './loops.js';
import type { Checkpoint } from './run.js';

const { values } = parseArgs({
  options: {
    loop: { type: 'string' },
    steps: { type: 'string', default: '1000' },
    device: { type: 'string', default: 'cpu' },
    scoped: { type: 'boolean', default: false },
    every: { type: 'string', default: '100' },
    'limit-mib': { type: 'string' },
  },
});
const loop = values.loop ?? '';
if (!isLoopName(loop))
  throw new Error(`soak: unknown loop '${loop}' (known: ${Object.keys(LOOPS).join(', ')})`);
const steps = Number(values.steps);
const every = Number(values.every);
const device = values.device;
if (device === 'webgpu') {
  const { initWebGPUNode } = await import('@typetorch/backend-webgpu/node');
  await initWebGPUNode();
}
if (values['limit-mib'] !== undefined) setDeviceMemoryLimit(device, Number(values['limit-mib']) * 2 ** 20);

const MiB = 2 ** 20;
const repo = resolve(import.meta.dirname, '../../..');
let last = performance.now();
let lastStep = 0;
const started = last;
await LOOPS[loop]({
  device,
  steps,
  scoped: values.scoped,
  mnistDir: process.env.TYPETORCH_MNIST_DIR ?? resolve(repo, '../shared/datasets/mnist'),
  fashionDir: process.env.TYPETORCH_FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist',
  after(step) {
    // The step before the last too: a last short batch (the MNIST epoch's) allocates new shapes once.
    if (step % every !== 0 && step < steps - 1) return;
    const now = performance.now();
    const usage = process.memoryUsage();
    const checkpoint: Checkpoint = {
      step,
      seconds: (now - started) / 1000,
      msPerStep: (now - last) / Math.max(1, step - lastStep),
      rssMiB: usage.rss / MiB,
      heapMiB: usage.heapUsed / MiB,
      arrayBuffersMiB: usage.arrayBuffers / MiB,
      wasmMiB: wasmStatus().memoryBytes / MiB,
      memory: memory(device),
    };
    last = now;
    lastStep = step;
    process.stdout.write(`${JSON.stringify(checkpoint)}\n`);
  },
});
// WebGPU keeps handles open; the measurements are out.
process.exit(0);
