// The conformance suite on the default configuration: the WebAssembly kernels where the engine has
// SIMD (Node 20 does, so this asserts they are really in use). conformance-ts.test.ts runs it again
// with them off.
import { conformanceCases } from '@typetorch/tensor/testing';
import { describe, expect, it } from 'vitest';
import { isWasmEnabled } from './index.js';

describe('backend-cpu conformance', () => {
  it('runs the WebAssembly kernels', () => expect(isWasmEnabled()).toBe(true));
  for (const c of conformanceCases()) it(`${c.group}: ${c.name}`, () => c.run('cpu'));
});
