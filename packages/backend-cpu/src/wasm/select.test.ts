// Which build of the kernels runs: relaxed SIMD where the engine validates it and it is wanted, the
// plain build otherwise; shared memory where allowed; the plain-memory variant derived exactly.
import { describe, expect, it } from 'vitest';
import { KERNELS_THREADS, KERNELS_THREADS_RELAXED, MAX_PAGES } from './kernels.generated.js';
import { chooseKernels, decodeBase64, type KernelCandidates, unsharedVariant } from './select.js';

const relaxedBytes = decodeBase64(KERNELS_THREADS_RELAXED);
const plainBytes = decodeBase64(KERNELS_THREADS);

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Candidates whose validate accepts the relaxed build only when `engineRelaxed` (and records calls). */
function candidates(over: Partial<KernelCandidates> & { engineRelaxed: boolean }): KernelCandidates {
  return {
    threads: KERNELS_THREADS,
    threadsRelaxed: KERNELS_THREADS_RELAXED,
    canShare: true,
    relaxedWanted: true,
    validate: (bytes) => {
      const relaxed = same(bytes, relaxedBytes) || same(bytes, unsharedVariant(relaxedBytes));
      return relaxed ? over.engineRelaxed : WebAssembly.validate(bytes);
    },
    ...over,
  };
}

describe('chooseKernels', () => {
  it('takes the relaxed build when the engine validates it', () => {
    const c = chooseKernels(candidates({ engineRelaxed: true }));
    expect(c).toMatchObject({ shared: true, relaxed: true });
    expect(same(c!.bytes, relaxedBytes)).toBe(true);
  });

  it('falls back to the plain build when the engine rejects relaxed SIMD', () => {
    const c = chooseKernels(candidates({ engineRelaxed: false }));
    expect(c).toMatchObject({ shared: true, relaxed: false });
    expect(same(c!.bytes, plainBytes)).toBe(true);
  });

  it('never takes the relaxed build when it is switched off', () => {
    const c = chooseKernels(candidates({ engineRelaxed: true, relaxedWanted: false }));
    expect(c).toMatchObject({ shared: true, relaxed: false });
  });

  it('unshares the memory import where shared memory is not allowed', () => {
    for (const engineRelaxed of [true, false]) {
      const c = chooseKernels(candidates({ engineRelaxed, canShare: false }));
      expect(c).toMatchObject({ shared: false, relaxed: engineRelaxed });
      const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES });
      if (!engineRelaxed)
        expect(
          () => new WebAssembly.Instance(new WebAssembly.Module(c!.bytes), { env: { memory } }),
        ).not.toThrow();
    }
  });

  it('falls back to the unshared plain build when the shared ones are rejected', () => {
    const c = chooseKernels({
      ...candidates({ engineRelaxed: false }),
      validate: (bytes) =>
        !same(bytes, plainBytes) && !same(bytes, relaxedBytes) && WebAssembly.validate(bytes),
    });
    expect(c).toMatchObject({ shared: false, relaxed: false });
  });

  it('returns null when the engine validates no build (no 128-bit SIMD)', () => {
    expect(chooseKernels({ ...candidates({ engineRelaxed: true }), validate: () => false })).toBeNull();
  });

  it('agrees with this engine: Node 20 validates relaxed SIMD only behind its flag', () => {
    const c = chooseKernels({
      ...candidates({ engineRelaxed: false }),
      validate: (b) => WebAssembly.validate(b),
    });
    expect(c?.relaxed).toBe(WebAssembly.validate(relaxedBytes));
  });
});

describe('unsharedVariant', () => {
  it('changes only the shared bit of the memory import', () => {
    const unshared = unsharedVariant(plainBytes);
    const diffs = [...unshared.keys()].filter((i) => unshared[i] !== plainBytes[i]);
    expect(diffs).toHaveLength(1);
    expect(plainBytes[diffs[0]]).toBe(0x03); // has maximum, shared
    expect(unshared[diffs[0]]).toBe(0x01); // has maximum
    // A shared memory no longer fits the import, a plain one does.
    const module = new WebAssembly.Module(unshared);
    const shared = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    expect(() => new WebAssembly.Instance(module, { env: { memory: shared } })).toThrow();
  });

  it('rejects a module without a shared memory import', () => {
    expect(() => unsharedVariant(unsharedVariant(plainBytes))).toThrow(/no shared memory/);
    expect(() => unsharedVariant(plainBytes.slice(0, 8))).toThrow(/no import section/);
  });
});
