/**
 * Distance layers and constant padding layers of torch.nn (PyTorch 1.13): CosineSimilarity,
 * PairwiseDistance, ZeroPad2d, ConstantPad1d, ConstantPad2d, ConstantPad3d.
 */
import { bindArgs, type Tensor } from '@typetorch/tensor';
import { cosineSimilarity, pairwiseDistance } from '../functional/distance.js';
import { pad } from '../functional/padding.js';
import { Module } from '../module.js';
import { pyTuple } from './python-repr.js';

/** Cosine similarity along `dim` (PyTorch: `torch.nn.CosineSimilarity(dim=1, eps=1e-08)`). */
export class CosineSimilarity extends Module {
  /** The dim the similarity is computed along (PyTorch: `dim`, default 1). */
  readonly dim: number;
  /** Lower bound of each norm, avoiding division by zero (PyTorch: `eps`, default 1e-8). */
  readonly eps: number;

  /**
   * Takes `dim` (default 1) and `eps` (default 1e-8), positionally or as one options object (PyTorch:
   * `torch.nn.CosineSimilarity.__init__`).
   */
  constructor(...args: [dim?: number, eps?: number] | [options?: { dim?: number; eps?: number }]) {
    super();
    const o = bindArgs('CosineSimilarity.__init__()', args, { positional: ['dim', 'eps'] });
    this.dim = (o.dim as number | undefined) ?? 1;
    this.eps = (o.eps as number | undefined) ?? 1e-8;
  }

  /**
   * Inputs `x1`, `x2` broadcastable to a common shape; output that shape without `dim` (PyTorch:
   * `torch.nn.CosineSimilarity.forward`).
   */
  forward(x1: Tensor, x2: Tensor): Tensor {
    return cosineSimilarity(x1, x2, this.dim, this.eps);
  }
}

/** `||x1 - x2 + eps||_p` along the last dim (PyTorch: `torch.nn.PairwiseDistance(p=2.0, eps=1e-06, keepdim=False)`). */
export class PairwiseDistance extends Module {
  /** The norm degree `p` (PyTorch: `norm`, given as `p`, default 2.0). */
  readonly norm: number;
  /** Added to the difference, avoiding division by zero (PyTorch: `eps`, default 1e-6). */
  readonly eps: number;
  /** Keep the reduced last dim, of size 1 (PyTorch: `keepdim`, default False). */
  readonly keepdim: boolean;

  /**
   * Takes `p` (default 2), `eps` (default 1e-6) and `keepdim` (default false), positionally or as one options
   * object (PyTorch: `torch.nn.PairwiseDistance.__init__`).
   */
  constructor(
    ...args:
      | [p?: number, eps?: number, keepdim?: boolean]
      | [options?: { p?: number; eps?: number; keepdim?: boolean }]
  ) {
    super();
    const o = bindArgs('PairwiseDistance.__init__()', args, { positional: ['p', 'eps', 'keepdim'] });
    this.norm = (o.p as number | undefined) ?? 2;
    this.eps = (o.eps as number | undefined) ?? 1e-6;
    this.keepdim = (o.keepdim as boolean | undefined) ?? false;
  }

  /**
   * Inputs `[N, D]` or `[D]`; output `[N]` or `[]` (with `keepdim`, `[N, 1]` or `[1]`) (PyTorch:
   * `torch.nn.PairwiseDistance.forward`).
   */
  forward(x1: Tensor, x2: Tensor): Tensor {
    return pairwiseDistance(x1, x2, this.norm, this.eps, this.keepdim);
  }
}

/** PyTorch's `_ntuple(2 * n)` of a padding: an int repeats, a tuple must have `2 * n` entries. */
function paddingTuple(name: string, padding: number | readonly number[], n: number): number[] {
  if (typeof padding === 'number') return new Array<number>(2 * n).fill(padding);
  if (padding.length !== 2 * n) {
    throw new RangeError(
      `${name}: padding must be an int or a tuple of ${2 * n} ints, got ${padding.length}`,
    );
  }
  return [...padding];
}

/** Base of the constant padding layers (PyTorch: `torch.nn.modules.padding._ConstantPadNd`). */
abstract class ConstantPadNd extends Module {
  /** The padding amounts, `(before, after)` pairs from the last dim backwards (PyTorch: `padding`). */
  readonly padding: number[];
  /** The fill value (PyTorch: `value`). */
  readonly value: number;

  /**
   * Checks `padding` (an int, or `2 * n` ints) and `value` for a layer padding the last `n` dims (PyTorch:
   * `_ConstantPadNd.__init__`).
   */
  constructor(name: string, n: number, padding: number | readonly number[], value: unknown) {
    super();
    if (typeof value !== 'number') {
      throw new TypeError(`${name}.__init__() missing 1 required positional argument: 'value'`);
    }
    this.padding = paddingTuple(name, padding, n);
    this.value = value;
  }

  /**
   * Pads the last dims of the input with `value`; each padded dim grows by its two padding amounts (PyTorch:
   * `_ConstantPadNd.forward`).
   */
  forward(input: Tensor): Tensor {
    return pad(input, this.padding, { mode: 'constant', value: this.value });
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `padding=${pyTuple(this.padding)}, value=${String(this.value)}`;
  }
}

/** Pads the last dim with `value` (PyTorch: `torch.nn.ConstantPad1d(padding, value)`). */
export class ConstantPad1d extends ConstantPadNd {
  /**
   * Takes the padding (an int, or `[left, right]`) and the fill value (PyTorch:
   * `torch.nn.ConstantPad1d.__init__`).
   */
  constructor(padding: number | readonly [number, number], value: number) {
    super('ConstantPad1d', 1, padding, value);
  }
}

/** Pads the last 2 dims with `value` (PyTorch: `torch.nn.ConstantPad2d(padding, value)`). */
export class ConstantPad2d extends ConstantPadNd {
  /**
   * Takes the padding (an int, or `[left, right, top, bottom]`) and the fill value (PyTorch:
   * `torch.nn.ConstantPad2d.__init__`).
   */
  constructor(padding: number | readonly [number, number, number, number], value: number) {
    super('ConstantPad2d', 2, padding, value);
  }
}

/** Pads the last 3 dims with `value` (PyTorch: `torch.nn.ConstantPad3d(padding, value)`). */
export class ConstantPad3d extends ConstantPadNd {
  /**
   * Takes the padding (an int, or `[left, right, top, bottom, front, back]`) and the fill value (PyTorch:
   * `torch.nn.ConstantPad3d.__init__`).
   */
  constructor(padding: number | readonly number[], value: number) {
    super('ConstantPad3d', 3, padding, value);
  }
}

/** Pads the last 2 dims with zeros (PyTorch: `torch.nn.ZeroPad2d(padding)`). */
export class ZeroPad2d extends ConstantPadNd {
  /** Takes the padding (an int, or `[left, right, top, bottom]`) (PyTorch: `torch.nn.ZeroPad2d.__init__`). */
  constructor(padding: number | readonly [number, number, number, number]) {
    super('ZeroPad2d', 2, padding, 0);
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return pyTuple(this.padding);
  }
}
