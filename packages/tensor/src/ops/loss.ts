/**
 * Cross entropy of class-index targets, one loss per sample, and its gradient: the ops
 * `crossEntropyPerSample` and `crossEntropyPerSampleBackward`, behind
 * `torch.nn.functional.cross_entropy` on `[N, C]` logits (`@typetorch/nn`'s `crossEntropy` brings its
 * input to `[N, C]` and reduces these per-sample losses; the ops check their arguments, nn does not
 * check them again). A backend's fast paths (`FastPaths.crossEntropy`, `crossEntropyBackward`) do
 * each in one kernel; the reference compositions below use core ops.
 *
 * The forward also returns each row's log-softmax normaliser, `[max, log(sum(exp(x - max)))]`, which
 * autograd saves so that the backward needs one `exp` per element and no second pass for the max;
 * kept in two parts so that `x - max` stays exact for large logits, as in `log_softmax`.
 */
import type { Backend, CrossEntropyKernelOptions } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { isFloating, isIntegral } from '../dtype.js';
import { scope } from '../memory/index.js';
import { formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { arange } from './creation.js';
import { binary, unary, where } from './elementwise.js';
import { gather, indexSelect } from './indexing.js';
import { castTo, disposeTemps, newTensor, viewOf } from './internal.js';
import { stack } from './join.js';
import { amax, sum } from './reduce.js';
import { checkClassTargets } from './target-checks.js';
import { contiguous } from './views.js';

/**
 * Keyword options of {@link crossEntropyPerSample} and {@link crossEntropyPerSampleBackward}: the
 * kernel's options (PyTorch's defaults, `ignoreIndex` -100 and `labelSmoothing` 0) and the class
 * weights. There is no `reduction`: `@typetorch/nn`'s `CrossEntropyOptions` has it.
 */
export interface CrossEntropyPerSampleOptions extends Partial<CrossEntropyKernelOptions> {
  /** A rescaling weight per class, `[C]` (PyTorch: `weight=None`). */
  weight?: Tensor | null;
}

/** `t` `[N]` as `[N, 1]`, to broadcast along the classes. */
const column = (t: Tensor) => t.unsqueeze(1);

/**
 * The reference composition of `FastPaths.crossEntropy`: `[loss, targetWeight, normalizer]` for a
 * contiguous `[N, C]` `x`, an int32 `[N]` target and a `[C]` weight of x's dtype (or null).
 * (PyTorch: `torch.nn.functional.cross_entropy(x, target, weight, reduction='none')`, split into its parts.)
 */
export function crossEntropyComposite(
  backend: Backend,
  x: Tensor,
  target: Tensor,
  weight: Tensor | null,
  options: CrossEntropyKernelOptions,
): [Tensor, Tensor, Tensor] {
  const { ignoreIndex, labelSmoothing: s } = options;
  const C = x.shape[1];
  return scope(() => {
    // log_softmax's normaliser: shifted by the row max, by 0 on a row of only -Infinity.
    const m = amax(x, 1, true);
    const shift = where(binary('eq', m, Number.NEGATIVE_INFINITY), 0, m);
    const logSum = unary('log', sum(unary('exp', binary('sub', x, shift)), 1, true));
    const ignored = binary('eq', target, ignoreIndex);
    // Ignored rows may hold any target (-100): read class 0 there and discard it.
    const safe = where(ignored, 0, target);
    // -log_softmax at the target: (m - x[y]) + log(sum).
    const picked = gather(x, 1, column(safe));
    let nll = binary('add', binary('sub', shift, picked), logSum).squeeze(1);
    const wy = weight === null ? null : indexSelect(weight, 0, safe);
    if (wy !== null) nll = binary('mul', nll, wy);
    if (s > 0) {
      // The uniform part, sum over c of w[c] * -log_softmax(x)[c], only when it is used: a -Infinity
      // logit off the target must not turn an unsmoothed loss into NaN.
      let all = binary('add', binary('sub', shift, x), logSum);
      if (weight !== null) all = binary('mul', all, weight);
      nll = binary('add', binary('mul', nll, 1 - s), binary('mul', sum(all, 1), s / C));
    }
    const loss = where(ignored, 0, nll);
    const targetWeight = castTo(backend, where(ignored, 0, wy ?? 1), x.dtype);
    const normalizer = contiguous(stack([shift.squeeze(1), logSum.squeeze(1)], 1));
    return [loss, targetWeight, normalizer] as [Tensor, Tensor, Tensor];
  });
}

/** The softmax of `x` from its normaliser `[m, log(sum(exp(x - m)))]` per row. */
function softmaxFrom(x: Tensor, normalizer: Tensor): Tensor {
  const [shift, logSum] = [normalizer.select(1, 0), normalizer.select(1, 1)];
  return unary('exp', binary('sub', binary('sub', x, column(shift)), column(logSum)));
}

/**
 * The gradient of the per-sample losses with respect to `x` given their gradient `gradLoss` `[N]`
 * and the softmax `p` of `x`: `gradLoss * (a * p - b)`, `0 * p` on ignored rows (see
 * `FastPaths.crossEntropyBackward`). Differentiable in `gradLoss` and `p`.
 * (PyTorch: the backward of `torch.nn.functional.cross_entropy`.)
 */
export function crossEntropyGradient(
  backend: Backend,
  gradLoss: Tensor,
  p: Tensor,
  target: Tensor,
  weight: Tensor | null,
  options: CrossEntropyKernelOptions,
): Tensor {
  const { ignoreIndex, labelSmoothing: s } = options;
  const C = p.shape[1];
  return scope(() => {
    const ignored = binary('eq', target, ignoreIndex);
    const safe = where(ignored, 0, target);
    const onehot = castTo(backend, binary('eq', column(safe), arange(C, { device: p.device })), p.dtype);
    // a = (1 - s) * w[y] + (s / C) * sum(w); b = (1 - s) * w[y] * onehot + (s / C) * w[c].
    const wy = weight === null ? null : indexSelect(weight, 0, safe);
    let a: Tensor | null = wy;
    let b = wy === null ? onehot : binary('mul', onehot, column(wy));
    if (s > 0) {
      // Without weights sum(w) = C, so a = 1.
      if (wy !== null) a = binary('add', binary('mul', wy, 1 - s), binary('mul', sum(weight!), s / C));
      b = binary('add', binary('mul', b, 1 - s), weight === null ? s / C : binary('mul', weight, s / C));
    }
    const ap = a === null ? p : binary('mul', p, column(a));
    const grad = binary('mul', binary('sub', ap, b), column(gradLoss));
    // Ignored rows: 0 whatever gradLoss (an all-ignored mean sends 1/0), NaN where p is, as PyTorch.
    return where(column(ignored), binary('mul', p, 0), grad);
  });
}

/** The reference composition of `FastPaths.crossEntropyBackward` (PyTorch: the backward of `torch.nn.functional.cross_entropy`). */
export function crossEntropyBackwardComposite(
  backend: Backend,
  gradLoss: Tensor,
  x: Tensor,
  target: Tensor,
  weight: Tensor | null,
  normalizer: Tensor,
  options: CrossEntropyKernelOptions,
): Tensor {
  return scope(() =>
    crossEntropyGradient(backend, gradLoss, softmaxFrom(x, normalizer), target, weight, options),
  );
}

/**
 * The checks of PyTorch's `cross_entropy` on the 2-D class-index case, in its words and in the order
 * of `nll_loss_nd` (batch size, then the target's dtype and dims). The only place they are made for
 * class-index targets: `@typetorch/nn`'s `crossEntropy` checks what only it sees (unbatched and
 * `[N, C, d1, ...]` target shapes, probability targets) and leaves these to this op.
 */
function checkArguments(x: Tensor, target: Tensor, weight: Tensor | null, s: number): void {
  if (x.ndim !== 2) {
    throw new RangeError(`cross_entropy(): expected logits of shape [N, C], got ${formatShape(x.shape)}`);
  }
  if (!isFloating(x.dtype)) {
    throw new TypeError(`cross_entropy(): expected floating logits, got ${x.dtype}`);
  }
  if (target.ndim > 0 && target.shape[0] !== x.shape[0]) {
    throw new RangeError(
      `Expected input batch_size (${x.shape[0]}) to match target batch_size (${target.shape[0]}).`,
    );
  }
  if (!isIntegral(target.dtype)) {
    throw new TypeError(
      `cross_entropy(): expected a target of class indices with dtype int64 or int32, got ${target.dtype}`,
    );
  }
  if (target.ndim !== 1) throw new RangeError('0D or 1D target tensor expected, multi-target not supported');
  const C = x.shape[1];
  if (weight !== null && !(weight.ndim === 1 && weight.shape[0] === C)) {
    throw new RangeError(
      `weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${formatShape(weight.shape)}`,
    );
  }
  if (!(s >= 0 && s <= 1)) throw new RangeError(`label_smoothing must be between 0.0 and 1.0. Got: ${s}`);
}

function kernelOptions(options: CrossEntropyPerSampleOptions): CrossEntropyKernelOptions {
  return { ignoreIndex: options.ignoreIndex ?? -100, labelSmoothing: options.labelSmoothing ?? 0 };
}

/**
 * Cross entropy of class-index targets per sample (PyTorch: `torch.nn.functional.cross_entropy(logits,
 * target, weight, ignore_index=-100, reduction='none', label_smoothing=0.0)` on `[N, C]` logits), with
 * what a reduction and the backward need. Returns `[loss, targetWeight, normalizer]` of the logits'
 * dtype: `loss` `[N]`, `(1 - s) * w[y] * nll(y) + (s / C) * sum over c of w[c] * nll(c)` with
 * `nll = -log_softmax(logits[n])` (0 where the target is `ignoreIndex`); `targetWeight` `[N]`, `w[y]`
 * (0 where ignored: PyTorch's weighted mean divides `sum(loss)` by `sum(targetWeight)`); `normalizer`
 * `[N, 2]`, each row's `[max, log(sum(exp(x - max)))]` (their sum is `torch.logsumexp(logits, 1)`).
 *
 * Only `loss` is differentiable, with respect to the logits; the class weights get no gradient (as in
 * PyTorch's `nll_loss`: backward fails if `weight` requires grad). Use `@typetorch/nn`'s
 * `crossEntropy` (`F.crossEntropy`, which calls this op) for reductions, probability targets and
 * `[C]` or `[N, C, d1, ...]` inputs.
 */
export function crossEntropyPerSample(
  logits: Tensor,
  target: Tensor,
  options: CrossEntropyPerSampleOptions = {},
): [Tensor, Tensor, Tensor] {
  const weight = options.weight ?? null;
  const o = kernelOptions(options);
  checkArguments(logits, target, weight, o.labelSmoothing);
  const inputs = weight === null ? [logits, target] : [logits, target, weight];
  const outputs = dispatch('crossEntropyPerSample', inputs, { ...o }, (backend) => {
    const [N, C] = logits.shape;
    checkClassTargets(target, C, o.ignoreIndex);
    const x = contiguous(logits);
    const w = weight === null ? null : contiguous(castTo(backend, weight, x.dtype));
    const kernel = backend.fast?.crossEntropy;
    let out: [Tensor, Tensor, Tensor];
    if (kernel === undefined) {
      out = crossEntropyComposite(backend, x, target, w, o);
    } else {
      out = [
        newTensor(backend, [N], x.dtype),
        newTensor(backend, [N], x.dtype),
        newTensor(backend, [N, 2], x.dtype),
      ];
      if (N > 0) {
        const [loss, targetWeight, normalizer] = out.map(viewOf);
        kernel.call(
          backend.fast,
          viewOf(x),
          viewOf(target),
          w && viewOf(w),
          loss,
          targetWeight,
          normalizer,
          o,
        );
      }
    }
    disposeTemps([x, ...(w === null ? [] : [w])], [logits, ...(weight === null ? [] : [weight])]);
    return out;
  });
  // The denominator terms and the normaliser carry no gradient (the first is PyTorch's `total_weight`):
  // a reduction dividing by them must not send work back through the op. Autograd keeps its own
  // alias of the normaliser for the backward.
  const [loss, ...rest] = outputs;
  const [targetWeight, normalizer] = rest.map((t) => {
    const detached = t.detach();
    t.dispose();
    return detached;
  });
  return [loss, targetWeight, normalizer];
}

/**
 * The gradient of {@link crossEntropyPerSample}'s `loss` with respect to the logits, given the loss's
 * gradient `gradLoss` (`[N]`) and the forward's `normalizer`: per row, `gradLoss[n] * (a * softmax -
 * b)` with PyTorch's weights and label smoothing (see `FastPaths.crossEntropyBackward`), `0 * softmax`
 * on ignored rows. Autograd calls it; it is not itself differentiable.
 */
export function crossEntropyPerSampleBackward(
  gradLoss: Tensor,
  logits: Tensor,
  target: Tensor,
  normalizer: Tensor,
  options: CrossEntropyPerSampleOptions = {},
): Tensor {
  const weight = options.weight ?? null;
  const o = kernelOptions(options);
  checkArguments(logits, target, weight, o.labelSmoothing);
  const [N, C] = logits.shape;
  if (!shapesEqual(gradLoss.shape, [N]) || !shapesEqual(normalizer.shape, [N, 2])) {
    throw new RangeError(
      `cross_entropy_backward(): expected gradLoss [${N}] and normalizer [${N}, 2], got ${formatShape(gradLoss.shape)} and ${formatShape(normalizer.shape)}`,
    );
  }
  const inputs = [gradLoss, logits, target, normalizer, ...(weight === null ? [] : [weight])];
  return dispatch('crossEntropyPerSampleBackward', inputs, { ...o }, (backend) => {
    const x = contiguous(logits);
    const w = weight === null ? null : contiguous(castTo(backend, weight, x.dtype));
    const norm = contiguous(castTo(backend, normalizer, x.dtype));
    const g = castTo(backend, gradLoss, x.dtype);
    const kernel = backend.fast?.crossEntropyBackward;
    let out: Tensor;
    if (kernel === undefined) {
      out = crossEntropyBackwardComposite(backend, g, x, target, w, norm, o);
    } else {
      out = newTensor(backend, [N, C], x.dtype);
      if (out.numel() > 0) {
        const views = [g, x, target].map(viewOf);
        kernel.call(backend.fast, views[0], views[1], views[2], w && viewOf(w), viewOf(norm), viewOf(out), o);
      }
    }
    disposeTemps([x, norm, g, ...(w === null ? [] : [w])], inputs);
    return out;
  });
}
