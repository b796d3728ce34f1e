/**
 * The connectionist temporal classification loss (PyTorch: `torch.nn.functional.ctc_loss`), composed of
 * tensor ops: the forward (alpha) recursion of Graves et al. in log space over the extended label
 * sequence (blank, l1, blank, l2, ..., blank), one `logsumexp` per time step for the whole batch, so
 * autograd gives the gradient and every device runs it. Impossible alignments are tracked with a large
 * finite negative log-probability instead of -inf (so no NaN reaches the gradient) and reported as an
 * infinite loss, as PyTorch.
 *
 * Differences from PyTorch's kernel: its gradient w.r.t. `log_probs` assumes they are normalised
 * (`exp(log_probs) - posterior`); typetorch's is the exact one (`-posterior`). Both give the same gradient
 * through a `logSoftmax`, which is how CTC is used. An infinite loss with `zeroInfinity: false` has a zero
 * gradient here, NaN in PyTorch.
 */
import { arange, bindArgs, cat, full, scope, stack, type Tensor, tensor, where } from '@typetorch/tensor';
import { type Reduction, reductionOf } from './reduction.js';

/** Options of {@link ctcLoss} (each also positional, in PyTorch's order). */
export interface CtcLossOptions {
  /** The blank label; default 0. PyTorch: `blank`. */
  blank?: number;
  /**
   * `'mean'` (default: each loss divided by its target length, then the batch mean), `'sum'`, `'none'`.
   * PyTorch: `reduction`.
   */
  reduction?: Reduction;
  /**
   * Replace infinite losses (no alignment possible) and their gradients by zero; default false. PyTorch:
   * `zero_infinity`.
   */
  zeroInfinity?: boolean;
}

/** Sequence lengths, one per batch element: a tensor or numbers (PyTorch: a tensor or a tuple of ints). */
export type Lengths = Tensor | readonly number[];
/** The log-probability standing for log(0): far below any real one, yet finite. */
const NEG = -1e30;

function checkLengths(name: string, lengths: Lengths, n: number, max: number): void {
  const size = Array.isArray(lengths) ? lengths.length : (lengths as Tensor).numel();
  if (size !== n) throw new RangeError(`${name} must be of size batch_size`);
  if (!Array.isArray(lengths)) return;
  for (const v of lengths as readonly number[]) {
    if (v > max) {
      const what = name === 'input_lengths' ? 'input_lengths to have value at most' : 'target_lengths ...';
      throw new RangeError(
        `Expected ${what} ${max}, but got value ${v} (while checking arguments for ctc_loss_cpu)`,
      );
    }
  }
}

/** Lengths as an int64 tensor `[N]` on `device`. */
function lengthTensor(lengths: Lengths, device: string): Tensor {
  return Array.isArray(lengths)
    ? tensor(lengths as number[], { dtype: 'int64', device })
    : (lengths as Tensor).reshape(-1).to({ device, dtype: 'int64' });
}

/** Targets as `[N, S]` (padded), with positions past each target length set to `blank`. */
function paddedTargets(targets: Tensor, tl: Tensor, n: number, blank: number, batched: boolean): Tensor {
  let padded: Tensor;
  if (!batched) padded = targets.reshape(1, -1);
  else if (targets.ndim === 2) padded = targets;
  else {
    // Concatenated targets: row n reads targets[offset_n + s] (offset_n = sum of the lengths before it).
    const total = targets.shape[0];
    if (total === 0) return full([n, 0], blank, { dtype: 'int64', device: targets.device });
    const offsets = tl.cumsum(0).sub(tl);
    const index = offsets
      .reshape(n, 1)
      .add(arange(total, { device: targets.device }))
      .clampMax(total - 1);
    padded = targets.gather(0, index.reshape(-1)).reshape(n, total);
  }
  padded = padded.to({ dtype: 'int64' });
  const valid = arange(padded.shape[1], { device: padded.device }).lt(tl.reshape(n, 1));
  return where(valid, padded, blank);
}

/** Negative log-likelihoods `[N]` of the targets (`NEG`-sized where no alignment exists). */
function ctcNll(lp: Tensor, labels: Tensor, il: Tensor, tl: Tensor, blank: number): Tensor {
  const [T, N] = lp.shape;
  const S = labels.shape[1];
  const L = 2 * S + 1;
  const device = lp.device;
  const blanks = full([N, S], blank, { dtype: 'int64', device });
  const ext = cat(
    [stack([blanks, labels], 2).reshape(N, 2 * S), full([N, 1], blank, { dtype: 'int64', device })],
    1,
  );
  const lpExt = lp.gather(2, ext.unsqueeze(0).expand(T, N, L).contiguous());
  const neg = (k: number) => full([N, k], NEG, { dtype: lp.dtype, device });
  const skip =
    L >= 3
      ? ext
          .ne(blank)
          .logicalAnd(
            ext.ne(cat([full([N, 2], blank, { dtype: 'int64', device }), ext.narrow(1, 0, L - 2)], 1)),
          )
      : null;
  const position = arange(L, { device });
  let alpha = where(position.lt(2), lpExt.select(0, 0), NEG);
  for (let t = 1; t < T; t++) {
    const a1 = L >= 2 ? cat([neg(1), alpha.narrow(1, 0, L - 1)], 1) : neg(1);
    const a2 = skip !== null ? where(skip, cat([neg(2), alpha.narrow(1, 0, L - 2)], 1), NEG) : neg(L);
    const next = stack([alpha, a1, a2], 0).logsumexp(0).add(lpExt.select(0, t));
    alpha = where(il.gt(t).reshape(N, 1), next, alpha);
  }
  const last = tl.mul(2).reshape(N, 1);
  const end1 = alpha.gather(1, last);
  const end2 = where(tl.gt(0).reshape(N, 1), alpha.gather(1, last.sub(1).clampMin(0)), NEG);
  return cat([end1, end2], 1).logsumexp(1).neg();
}

/**
 * The CTC loss of `logProbs` (`[T, N, C]` or unbatched `[T, C]`, log-probabilities over `C` classes with
 * the blank) for `targets` (padded `[N, S]`, or the `N` targets concatenated in one 1-D tensor);
 * `inputLengths` and `targetLengths` are tensors or number arrays of size `N` (PyTorch:
 * `torch.nn.functional.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0,
 * reduction='mean', zero_infinity=False)`). The time loop runs `T` steps of a few tensor ops each.
 */
export function ctcLoss(
  logProbs: Tensor,
  targets: Tensor,
  inputLengths: Lengths,
  targetLengths: Lengths,
  ...args:
    | [blank?: number, reduction?: Reduction, zeroInfinity?: boolean, options?: CtcLossOptions]
    | [CtcLossOptions]
): Tensor {
  const o = bindArgs('ctc_loss()', args, { leading: 4, positional: ['blank', 'reduction', 'zeroInfinity'] });
  const blank = (o.blank as number | undefined) ?? 0;
  const reduction = reductionOf(o.reduction as string | undefined);
  const zeroInfinity = (o.zeroInfinity as boolean | undefined) ?? false;
  const batched = logProbs.ndim === 3;
  const ndim = batched ? 3 : logProbs.ndim + 1;
  if (ndim !== 3) {
    throw new RangeError(
      `Expected 3-dimensional tensor, but got ${ndim}-dimensional tensor for argument #1 'log_probs' (while checking arguments for ctc_loss_cpu)`,
    );
  }
  return scope(() => {
    const lp = batched ? logProbs : logProbs.unsqueeze(1);
    const [T, N, C] = lp.shape;
    if (blank < 0 || blank >= C) throw new RangeError('blank must be in label range');
    checkLengths('input_lengths', inputLengths, N, T);
    checkLengths('target_lengths', targetLengths, N, Number.POSITIVE_INFINITY);
    const il = lengthTensor(inputLengths, lp.device);
    const tl = lengthTensor(targetLengths, lp.device);
    const labels = paddedTargets(targets.to({ device: lp.device }), tl, N, blank, batched);
    const nll = ctcNll(lp, labels, il, tl, blank);
    const impossible = nll.ge(-NEG / 2);
    let loss = where(impossible, zeroInfinity ? 0 : Number.POSITIVE_INFINITY, nll);
    if (reduction === 'mean') loss = loss.div(tl.clampMin(1).to({ dtype: loss.dtype })).mean();
    else if (reduction === 'sum') loss = loss.sum();
    else if (!batched) loss = loss.squeeze(0);
    return loss;
  });
}
