/** `LayerNorm` (PyTorch: `torch.nn.LayerNorm`). */
import { bindArgs, type DType, type Tensor } from '@typetorch/tensor';
import { layerNorm } from '../functional/normalization.js';
import { ones_, zeros_ } from '../init/init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { type FactoryOptions, factoryParameter } from './factory.js';
import { pyBool, pyFloat, pyTuple } from './python-repr.js';

/** Options of {@link LayerNorm} (PyTorch: the arguments of `torch.nn.LayerNorm` after `normalized_shape`). */
export interface LayerNormOptions extends FactoryOptions {
  /** Added to the variance before the square root (PyTorch: `eps`, default 1e-5). */
  eps?: number;
  /**
   * Learn an elementwise scale (`weight`) and shift (`bias`) (PyTorch: `elementwise_affine`, default True).
   */
  elementwiseAffine?: boolean;
}

/**
 * Normalizes over the trailing `normalizedShape` dims of each sample (PyTorch:
 * `torch.nn.LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True)`).
 */
export class LayerNorm extends Module {
  /** The trailing shape normalised over (PyTorch: `normalized_shape`). */
  readonly normalizedShape: readonly number[];
  /** Added to the variance before the square root (PyTorch: `eps`, default 1e-5). */
  readonly eps: number;
  /**
   * Whether the layer learns an elementwise scale and shift (PyTorch: `elementwise_affine`, default True).
   */
  readonly elementwiseAffine: boolean;
  /**
   * The learnable scale of shape `normalizedShape` (ones at first), or `null` without `elementwiseAffine`
   * (PyTorch: `weight`).
   */
  weight: Parameter | null;
  /**
   * The learnable shift of shape `normalizedShape` (zeros at first), or `null` without `elementwiseAffine`
   * (PyTorch: `bias`).
   */
  bias: Parameter | null;

  /**
   * Takes `normalizedShape` (an int or the trailing shape), then `eps`, `elementwiseAffine`, `device`,
   * `dtype` positionally or as one options object; `weight` starts at ones, `bias` at zeros (PyTorch:
   * `torch.nn.LayerNorm.__init__`).
   */
  constructor(
    normalizedShape: number | readonly number[],
    ...args:
      | [options?: LayerNormOptions]
      | [
          eps?: number,
          elementwiseAffine?: boolean,
          device?: string,
          dtype?: DType,
          options?: LayerNormOptions,
        ]
  ) {
    super();
    const options: LayerNormOptions = bindArgs('LayerNorm.__init__()', args, {
      leading: 1,
      positional: ['eps', 'elementwiseAffine', 'device', 'dtype'],
    });
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = options.eps ?? 1e-5;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? factoryParameter('ones', this.normalizedShape, options) : null;
    this.bias = this.elementwiseAffine ? factoryParameter('zeros', this.normalizedShape, options) : null;
  }

  /** Scale 1, shift 0 (PyTorch: `reset_parameters`). */
  resetParameters(): void {
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  /** Input `[*, ...normalizedShape]`; output of the same shape (PyTorch: `torch.nn.LayerNorm.forward`). */
  forward(input: Tensor): Tensor {
    return layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}
