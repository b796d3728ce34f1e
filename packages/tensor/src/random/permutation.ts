/** Seeded permutations drawn on the host, shared by `randperm` and the data package's samplers. */
import { defaultGenerator, type Generator } from './generator.js';
import { philoxUniform } from './philox.js';

/**
 * A random permutation of `0..n-1` as a host array: the values of `randperm(n, { generator })`
 * without creating a tensor (PyTorch: `torch.randperm(n, generator=g).tolist()`).
 *
 * A Fisher-Yates shuffle (as PyTorch's CPU `randperm`) over the generator's Philox stream: it takes
 * `n` counters, and element `i` swaps with `floor(u(offset + i) * (i + 1))` for `i = n - 1 .. 1`, so a
 * seed gives the same permutation on every platform (not PyTorch's numbers, which come from its own
 * Mersenne Twister stream).
 */
export function randpermHost(n: number, generator: Generator = defaultGenerator): Int32Array {
  const { key, offset } = generator.take(n);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(philoxUniform(key, offset + i) * (i + 1));
    const tmp = perm[i];
    perm[i] = perm[j];
    perm[j] = tmp;
  }
  return perm;
}
