/**
 * Tensor methods of the random ops that take a tensor (ops/multinomial.ts): `x.multinomial(n)`. (See
 * define.ts for how a group of methods is added.)
 */
import { type MultinomialOptions, multinomial } from '../ops/multinomial.js';
import type { Tensor } from '../tensor.js';
import { defineMethods } from './define.js';

declare module '../tensor.js' {
  interface Tensor {
    /**
     * `numSamples` int64 indices drawn from the rows of these non-negative weights (PyTorch:
     * `Tensor.multinomial(num_samples, replacement=False, *, generator=None)`); see `multinomial`.
     */
    multinomial(numSamples: number, replacement?: boolean, options?: MultinomialOptions): Tensor;
  }
}

export function installRandomMethods(proto: Tensor): void {
  defineMethods(proto, {
    multinomial(this: Tensor, numSamples: number, replacement?: boolean, options?: MultinomialOptions) {
      return multinomial(this, numSamples, replacement, options);
    },
  });
}
