/**
 * Gradient clipping (PyTorch: `torch.nn.utils.clip_grad_norm_`, `clip_grad_value_`), in place on the
 * parameters' `.grad`, under no-grad, on whatever device the gradients live.
 */
import { noGrad } from '@typetorch/autograd';
import { assertAsync, scope, stack, type Tensor, tensor } from '@typetorch/tensor';

/** A tensor or an iterable of tensors, as PyTorch's `_tensor_or_tensors`. */
export type TensorOrTensors = Tensor | Iterable<Tensor>;

function gradsOf(parameters: TensorOrTensors): Tensor[] {
  const list =
    Symbol.iterator in Object(parameters) ? [...(parameters as Iterable<Tensor>)] : [parameters as Tensor];
  return list.flatMap((p) => (p.grad === null ? [] : [p.grad]));
}

/** Options of {@link clipGradNorm_} (PyTorch's keyword arguments). */
export interface ClipGradNormOptions {
  /** The p of the p-norm; `Infinity` for the largest absolute value (default 2). PyTorch: `norm_type`. */
  normType?: number;
  /** Raise when the total norm is NaN or infinite (default false, as in PyTorch 1.13). */
  errorIfNonfinite?: boolean;
}

/**
 * Scales the gradients of `parameters` so that their total `normType`-norm (the norm of all gradients
 * seen as one vector) is at most `maxNorm`, and returns that total norm, before clipping, as a 0-d
 * tensor (PyTorch: `torch.nn.utils.clip_grad_norm_(parameters, max_norm, norm_type=2.0,
 * error_if_nonfinite=False)`). The scale is `min(1, maxNorm / (total + 1e-6))`, as in PyTorch.
 * Parameters without a gradient are skipped; with none at all the norm is 0.
 */
export function clipGradNorm_(
  parameters: TensorOrTensors,
  maxNorm: number,
  normType: number | ClipGradNormOptions = 2,
  options: ClipGradNormOptions = {},
): Tensor {
  const opts = typeof normType === 'object' ? normType : { ...options, normType };
  const p = opts.normType ?? 2;
  const grads = gradsOf(parameters);
  if (grads.length === 0) return tensor(0, { dtype: 'float32' });
  const device = grads[0].device;
  return noGrad(() => {
    const total = scope(() => {
      const norms =
        p === Number.POSITIVE_INFINITY
          ? grads.map((g) => g.abs().amax().to(device))
          : grads.map((g) => g.norm(p).to(device));
      return p === Number.POSITIVE_INFINITY ? stack(norms).amax() : stack(norms).norm(p);
    });
    if (opts.errorIfNonfinite === true) {
      // PyTorch reads the norm here (a sync); a GPU raises at its next read instead.
      const message = `The total norm of order ${p} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``;
      try {
        scope(() => assertAsync(total.isfinite(), message));
      } catch (error) {
        total.dispose();
        throw error;
      }
    }
    scope(() => {
      // clamp instead of a branch on the value: no read from the device (as PyTorch avoids a sync).
      const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp(null, 1);
      for (const g of grads) g.mul_(coef.to(g.device));
    });
    return total;
  });
}

/**
 * Clamps every gradient of `parameters` into `[-clipValue, clipValue]`, in place (PyTorch:
 * `torch.nn.utils.clip_grad_value_(parameters, clip_value)`).
 */
export function clipGradValue_(parameters: TensorOrTensors, clipValue: number): void {
  noGrad(() => {
    for (const g of gradsOf(parameters)) g.clamp_(-clipValue, clipValue);
  });
}
