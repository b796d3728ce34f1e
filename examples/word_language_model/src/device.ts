/** `--device`: the CPU, or WebGPU through Dawn's Node bindings. */

/** Makes `device` available and returns it (upstream: `torch.device("cuda" if args.cuda else "cpu")`). */
export async function setupDevice(device: 'cpu' | 'webgpu'): Promise<string> {
  if (device === 'webgpu') {
    const { initWebGPUNode } = await import('@typetorch/backend-webgpu/node');
    await initWebGPUNode(); // idempotent: later calls (main, then generate) share the first device
  }
  return device;
}
