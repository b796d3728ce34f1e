/** The CTC loss layer (PyTorch: `torch.nn.CTCLoss`). */
import { bindArgs, type Tensor } from '@typetorch/tensor';
import { type CtcLossOptions, ctcLoss } from '../functional/ctc.js';
import { type Reduction, reductionOf } from '../functional/reduction.js';
import { Module } from '../module.js';

/**
 * Connectionist temporal classification loss (PyTorch: `torch.nn.CTCLoss(blank=0, reduction='mean',
 * zero_infinity=False)`); `forward(logProbs, targets, inputLengths, targetLengths)` is
 * {@link ctcLoss}. Prints as PyTorch's, without settings (`CTCLoss()`).
 */
export class CTCLoss extends Module {
  /** Index of the blank label (PyTorch: `blank`, default 0). */
  readonly blank: number;
  /** `'mean'` (default), `'sum'` or `'none'` (PyTorch: `reduction`). */
  readonly reduction: Reduction;
  /**
   * Whether infinite losses (impossible alignments) and their gradients become 0 (PyTorch: `zero_infinity`,
   * default False).
   */
  readonly zeroInfinity: boolean;

  /**
   * Takes `blank`, `reduction`, `zeroInfinity`, positionally or as one options object (PyTorch:
   * `torch.nn.CTCLoss.__init__`).
   */
  constructor(
    ...args:
      | [blank?: number, reduction?: Reduction, zeroInfinity?: boolean, options?: CtcLossOptions]
      | [CtcLossOptions]
  ) {
    super();
    const o = bindArgs('CTCLoss.__init__()', args, { positional: ['blank', 'reduction', 'zeroInfinity'] });
    this.blank = (o.blank as number | undefined) ?? 0;
    this.reduction = reductionOf(o.reduction as string | undefined);
    this.zeroInfinity = (o.zeroInfinity as boolean | undefined) ?? false;
  }

  /**
   * Log-probabilities `(T, N, C)` or `(T, C)`, targets `(N, S)` padded or concatenated 1-D, input and target
   * lengths of size `N`; returns a scalar, or `(N)` with `reduction: 'none'`; see {@link F.ctcLoss} (PyTorch:
   * `torch.nn.CTCLoss.forward`).
   */
  forward(
    logProbs: Tensor,
    targets: Tensor,
    inputLengths: Tensor | readonly number[],
    targetLengths: Tensor | readonly number[],
  ): Tensor {
    return ctcLoss(
      logProbs,
      targets,
      inputLengths,
      targetLengths,
      this.blank,
      this.reduction,
      this.zeroInfinity,
    );
  }
}
