import { conformanceCases } from '@typetorch/tensor/testing';
import { beforeAll, describe, it } from 'vitest';
import { initWebGPUNode } from './node.js';

beforeAll(async () => {
  await initWebGPUNode();
});

describe('backend-webgpu conformance', () => {
  for (const c of conformanceCases()) it(`${c.group}: ${c.name}`, () => c.run('webgpu'));
});
