/**
 * The page the browser test opens: what a user's training script in a web page does. Imports the
 * packages as a user would, finds WebGPU through `navigator.gpu`, loads MNIST test images from the
 * test server and trains on device 'webgpu'. The outcome goes to `window.__result` for the test.
 */
import '@typetorch/autograd';
import '@typetorch/backend-cpu'; // the model is created on the CPU, then moved
import { initWebGPU } from '@typetorch/backend-webgpu';
import { MNIST } from '@typetorch/data';
import { MEMORY_EVERY, MEMORY_STEPS, type MemoryPoint, memoryLoop } from './memory-loop.js';
import { type MlpRun, trainMlp } from './mlp-steps.js';

export type PageResult =
  | ({
      ok: true;
      adapter: string;
      registered: string;
      /** `memory(device)` along a loop without `scope()` on each device. */
      memory: { webgpu: MemoryPoint[]; cpu: MemoryPoint[] };
    } & MlpRun)
  | { ok: false; error: string };

declare global {
  interface Window {
    __result?: PageResult;
  }
}

async function main(): Promise<PageResult> {
  const backend = await initWebGPU();
  const mnist = await MNIST.load(new URL('/mnist/', location.href), { train: false });
  const run = await trainMlp('webgpu', mnist.pixels, mnist.labels);
  const memory = {
    webgpu: await memoryLoop('webgpu', MEMORY_STEPS.webgpu, MEMORY_EVERY.webgpu),
    cpu: await memoryLoop('cpu', MEMORY_STEPS.cpu, MEMORY_EVERY.cpu),
  };
  return { ok: true, adapter: backend.adapterInfo, registered: backend.device, memory, ...run };
}

main().then(
  (result) => {
    window.__result = result;
  },
  (error: unknown) => {
    window.__result = {
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  },
);
