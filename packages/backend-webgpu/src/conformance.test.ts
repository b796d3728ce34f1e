import { conformanceCases, OpCoverage } from '@typetorch/conformance';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWebGPUNode } from './node.js';

beforeAll(async () => {
  await initWebGPUNode();
});

// The last test checks that the suite ran every op of the op table on this device: each has a WGSL
// kernel or a composition of them that works here.
const ran = new OpCoverage();

describe('backend-webgpu conformance', () => {
  for (const c of ran.track(conformanceCases())) it(`${c.group}: ${c.name}`, () => c.run('webgpu'));
  it('ran every op of the op table', () => expect(ran.missing()).toEqual([]));
});
