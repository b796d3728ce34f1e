/**
 * The transform protocol and the generic transforms `Compose` and `Lambda` (torchvision:
 * `torchvision.transforms`).
 */
import { Tensor } from '@typetorch/tensor';
import { forEachTensor } from '../tree.js';

/** Something that maps an input to an output (torchvision: a transform's `forward` / `__call__`). */
export interface Transform<I = unknown, O = unknown> {
  /** Maps `input` to the output (torchvision: `Transform.forward`, called by `__call__`). */
  forward(input: I): O;
}

/** A transform object or a plain function (torchvision: a transform or any callable). */
export type TransformLike<I = never, O = unknown> = Transform<I, O> | ((input: I) => O);

/** Runs a transform object or function on `input` (torchvision: `transform(input)`). */
export function applyTransform<I, O>(transform: TransformLike<I, O>, input: I): O {
  return typeof transform === 'function' ? transform(input) : transform.forward(input);
}

function contains(value: unknown, t: Tensor): boolean {
  let found = false;
  forEachTensor(value, (u) => {
    if (u === t) found = true;
  });
  return found;
}

function describe(t: TransformLike<never, unknown>): string {
  if (typeof t === 'function') return `Lambda(${t.name || '<function>'})`;
  const s = String(t);
  return s === '[object Object]' ? `${t.constructor.name}()` : s;
}

/**
 * Applies transforms one after another (torchvision: `Compose`). Tensors passed between steps are
 * disposed once the next step has made something else of them; the input and the output are not.
 * `I` and `O` are the pipeline's input and output types (default: anything in, a tensor out).
 */
export class Compose<I = unknown, O = Tensor> implements Transform<I, O> {
  /** The transforms, in the order they run (torchvision: `Compose.transforms`). */
  readonly transforms: readonly TransformLike<never, unknown>[];

  constructor(transforms: readonly TransformLike<never, unknown>[]) {
    this.transforms = [...transforms];
  }

  /** Runs every transform on `input` in turn (torchvision: `Compose.__call__`). */
  forward(input: I): O {
    let x: unknown = input;
    try {
      for (const t of this.transforms) {
        const y = applyTransform(t as TransformLike<unknown, unknown>, x);
        if (x !== input && x instanceof Tensor && !contains(y, x)) x.dispose();
        x = y;
      }
    } catch (err) {
      if (x !== input && x instanceof Tensor) x.dispose();
      throw err;
    }
    return x as O;
  }

  /** As torchvision's `repr(transform)`. */
  toString(): string {
    return `Compose(\n${this.transforms.map((t) => `    ${describe(t)}\n`).join('')})`;
  }
}

/** Wraps a function as a transform (torchvision: `Lambda`). */
export class Lambda<I = unknown, O = unknown> implements Transform<I, O> {
  /** The wrapped function (torchvision: `Lambda.lambd`). */
  readonly lambd: (input: I) => O;

  constructor(lambd: (input: I) => O) {
    if (typeof lambd !== 'function') {
      throw new TypeError(`Argument lambd should be callable, got ${typeof lambd}`);
    }
    this.lambd = lambd;
  }

  /** Calls the function on `input` (torchvision: `Lambda.__call__`). */
  forward(input: I): O {
    return this.lambd(input);
  }

  /** As torchvision's `repr(transform)`. */
  toString(): string {
    return 'Lambda()';
  }
}
