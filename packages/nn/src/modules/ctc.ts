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
  readonly blank: number;
  readonly reduction: Reduction;
  readonly zeroInfinity: boolean;

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
