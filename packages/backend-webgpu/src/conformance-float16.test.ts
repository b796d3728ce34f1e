// The float16 conformance cases on a device created with float16 enabled ('shader-f16'); the main
// conformance run (conformance.test.ts) uses a default device, where they check the clear
// "does not support dtype float16" error instead.
import { conformanceCases } from '@typetorch/conformance';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebGPUBackend } from './index.js';
import { initWebGPUNode } from './node.js';

let backend: WebGPUBackend;

beforeAll(async () => {
  backend = await initWebGPUNode({ float16: true });
});

const float16Cases = conformanceCases().filter(
  (c) => c.group === 'pytorch:float16' || c.name.includes('float16'),
);

describe('backend-webgpu conformance, float16 enabled', () => {
  it('offers float16', () => expect(backend.capabilities.dtypes).toContain('float16'));
  it('has float16 cases to run', () => expect(float16Cases.length).toBeGreaterThan(50));
  for (const c of float16Cases) it(`${c.group}: ${c.name}`, () => c.run('webgpu'));
});
