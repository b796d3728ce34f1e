// The conformance suite again with the WebAssembly kernels switched off: the TypeScript kernels are
// the reference implementation and must pass on their own (engines without SIMD run them).
import { conformanceCases } from '@typetorch/conformance';
import { beforeAll, describe, expect, it } from 'vitest';
import { isWasmEnabled, setWasmEnabled } from './index.js';

beforeAll(() => {
  setWasmEnabled(false);
  expect(isWasmEnabled()).toBe(false);
});

describe('backend-cpu conformance, TypeScript kernels only', () => {
  for (const c of conformanceCases()) it(`${c.group}: ${c.name}`, () => c.run('cpu'));
});
