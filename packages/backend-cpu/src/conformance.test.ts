// The conformance suite on the default configuration: the WebAssembly kernels where the engine has
// SIMD (Node 20 does, so this asserts they are really in use). conformance-ts.test.ts runs it again
// with them off. The last test checks that the suite ran every op of the op table on this device
// (the fixture coverage: packages/autograd's conformance test, which also has the gradient cases).
import { conformanceCases, OpCoverage } from '@typetorch/conformance';
import { describe, expect, it } from 'vitest';
import { isWasmEnabled } from './index.js';

const ran = new OpCoverage();

describe('backend-cpu conformance', () => {
  it('runs the WebAssembly kernels', () => expect(isWasmEnabled()).toBe(true));
  for (const c of ran.track(conformanceCases())) it(`${c.group}: ${c.name}`, () => c.run('cpu'));
  it('ran every op of the op table', () => expect(ran.missing()).toEqual([]));
});
