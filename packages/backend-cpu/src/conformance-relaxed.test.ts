// The conformance suite on the relaxed-SIMD build of the kernels (fused multiply-adds in the matmul
// and convolutions where the CPU has FMA). Node 20 has relaxed SIMD behind a V8 flag, which this
// file sets for its own process before the kernels start (they are instantiated at the first op),
// and the first test asserts the relaxed build really runs. The suite's tolerances cover the
// last-bit differences of fused rounding.
import { setFlagsFromString } from 'node:v8';
import { conformanceCases } from '@typetorch/conformance';
import { describe, expect, it } from 'vitest';
import { setRelaxedSimdEnabled, wasmStatus } from './index.js';

setFlagsFromString('--experimental-wasm-relaxed-simd');
// The test config starts every file on the plain build (TYPETORCH_CPU_RELAXED_SIMD=0); this one asks for
// the relaxed build before the kernels start.
setRelaxedSimdEnabled(true);

describe('backend-cpu conformance, relaxed-SIMD kernels', () => {
  it('runs the relaxed-SIMD build', () =>
    expect(wasmStatus()).toMatchObject({ enabled: true, relaxedSimd: true }));
  for (const c of conformanceCases()) it(`${c.group}: ${c.name}`, () => c.run('cpu'));
});
