import '@typetorch/autograd';
import { gradientCases } from '@typetorch/conformance';
import { beforeAll, describe, it } from 'vitest';
import { initWebGPUNode } from './node.js';

beforeAll(async () => {
  await initWebGPUNode();
});

describe('gradient conformance on webgpu', () => {
  for (const c of gradientCases()) it(`${c.group}: ${c.name}`, () => c.run('webgpu'));
});
