/**
 * Tensors across copies of `@typetorch/tensor`. Two copies loaded in one process (see
 * `global-state.ts`) have two `Tensor` classes, so a plain `x instanceof Tensor` in copy B is false
 * for a tensor made by copy A, and ops would take it for a number or reject it. Instead, every
 * tensor's prototype carries a brand under a `Symbol.for` key, and `Tensor[Symbol.hasInstance]`
 * checks the brand: `instanceof Tensor` (here and in every package that imports `Tensor`) holds for
 * a tensor of any copy whose state layout matches, which then works as one of this copy's. A tensor
 * of an incompatible copy gets an error saying so, rather than being misread.
 */
import { STATE_LAYOUT } from './global-state.js';
import { VERSION } from './version.js';

/** What a tensor's prototype carries: the copy that made it. */
interface Brand {
  readonly layout: number;
  readonly version: string;
}

/** The same key in every copy (and every realm), whatever its version. */
const BRAND = Symbol.for('@typetorch/tensor.Tensor');

/** The error for a tensor made by a copy of `@typetorch/tensor` this copy cannot work with. */
function foreignTensor(brand: Brand): TypeError {
  return new TypeError(
    `Got a tensor from another copy of @typetorch/tensor (version ${brand.version}, state layout ` +
      `${brand.layout}) that this copy (version ${VERSION}, state layout ${STATE_LAYOUT}) cannot use. ` +
      'Two copies are installed: run `npm ls @typetorch/tensor`, then `npm dedupe` or align the ' +
      'versions of the @typetorch packages so that one copy remains.',
  );
}

/**
 * Brands `cls`'s instances and makes `instanceof cls` check the brand. Subclasses (nn's
 * `Parameter`) inherit the static method but keep the ordinary prototype-chain test.
 */
export function installTensorBrand(cls: abstract new (...args: never[]) => object): void {
  const brand: Brand = Object.freeze({ layout: STATE_LAYOUT, version: VERSION });
  Object.defineProperty(cls.prototype, BRAND, { value: brand });
  const ordinary = Function.prototype[Symbol.hasInstance];
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: unknown, value: unknown): boolean {
      if (this !== cls) return ordinary.call(this, value);
      if (typeof value !== 'object' || value === null) return false;
      const b = (value as { [BRAND]?: Brand })[BRAND];
      if (b === undefined) return false;
      if (b.layout !== STATE_LAYOUT) throw foreignTensor(b);
      return true;
    },
  });
}
