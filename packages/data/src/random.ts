/**
 * Host-side random draws from a tensor-package {@link Generator}: samplers and transforms need a
 * few numbers on the host, not tensors on a device. Each draw takes counters from the generator's
 * Philox stream exactly as the tensor ops do, so a seed reproduces the same indices and parameters
 * on every platform. Permutations come from the tensor package's `randpermHost`, which equals
 * `randperm(n, { generator })`.
 */
import { defaultGenerator, Generator, philox4x32 } from '@typetorch/tensor';

const scratch = new Uint32Array(4);

/** `count` uniform doubles in [0, 1) with 53 random bits each (two Philox outputs per draw). */
export function uniformHost(count: number, generator: Generator = defaultGenerator): Float64Array {
  const { key, offset } = generator.take(count);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const c = offset + i;
    philox4x32(c >>> 0, Math.floor(c / 4294967296) >>> 0, 0, 0, key[0], key[1], scratch);
    out[i] = ((scratch[0] >>> 5) * 67108864 + (scratch[1] >>> 6)) / 9007199254740992;
  }
  return out;
}

/** One uniform double in [low, high) (PyTorch: `torch.empty(1).uniform_(low, high).item()`). */
export function uniformScalar(low: number, high: number, generator: Generator = defaultGenerator): number {
  return low + (high - low) * uniformHost(1, generator)[0];
}

/** One integer uniform in [low, high) (PyTorch: `torch.randint(low, high, (1,)).item()`). */
export function randintScalar(low: number, high: number, generator: Generator = defaultGenerator): number {
  return low + Math.min(high - low - 1, Math.floor(uniformHost(1, generator)[0] * (high - low)));
}

/** `count` integers uniform in [0, high). */
export function randintHost(
  high: number,
  count: number,
  generator: Generator = defaultGenerator,
): Int32Array {
  const u = uniformHost(count, generator);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.min(high - 1, Math.floor(u[i] * high));
  return out;
}

/**
 * A fresh generator seeded from `source` (PyTorch's samplers without a generator do this once per
 * epoch: `seed = int(torch.empty((), dtype=torch.int64).random_().item())`), so `manualSeed()`
 * makes their orders reproducible.
 */
export function spawnGenerator(source: Generator = defaultGenerator): Generator {
  const [u] = uniformHost(1, source);
  return new Generator(Math.floor(u * 2 ** 53));
}
