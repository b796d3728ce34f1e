/**
 * The range check of class-index targets (PyTorch's `nll_loss` and `cross_entropy`): every target lies
 * in `[0, classes)` or equals `ignoreIndex`. The same error, in PyTorch's words naming an offending
 * target, on every device: at the op where the device reads synchronously (the first offending
 * target, as PyTorch's CPU), at the next read from the device otherwise (the largest offending target;
 * see `device-checks.ts`).
 */
import { getBackend } from '../backend/registry.js';
import type { Tensor } from '../tensor.js';
import { checkValuesReporting } from './int-checks.js';
import { viewOf } from './internal.js';

const outOfBounds = (v?: number) => new RangeError(`Target ${v} is out of bounds.`);

/**
 * Raises `Target {t} is out of bounds.` for a target outside `[0, classes)` that is not
 * `ignoreIndex`: now on a device that reads synchronously (naming the first such target), else at the
 * next read from the target's device (naming the largest).
 * (PyTorch: the check of `torch.nn.functional.cross_entropy` and `nll_loss`.)
 */
export function checkClassTargets(target: Tensor, classes: number, ignoreIndex = -100): void {
  if (target.numel() === 0) return;
  const backend = getBackend(target.device);
  if (!backend.capabilities.syncRead || backend.readSync === undefined) {
    const outside = (t: Tensor) => t.ne(ignoreIndex).logicalAnd(t.lt(0).logicalOr(t.ge(classes)));
    checkValuesReporting(backend, target, outside, 'class target out of bounds', outOfBounds);
    return;
  }
  const values = backend.readSync(viewOf(target));
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== ignoreIndex && (v < 0 || v >= classes)) throw outOfBounds(v);
  }
}
