/**
 * The CLI's divergence guard (issue 18: `--lr 1e30` trained to NaN and exited 0 without a word). The
 * library keeps PyTorch's behaviour (a NaN loss is just a number); the command line stops at the first
 * step whose loss is not finite, with one line naming the epoch and the batch, and exit code 2.
 */
import { UsageError } from './errors.js';
import type { StepInfo, TrainCallbacks } from './train.js';

/**
 * Wraps `callbacks` so training stops (rejects with a UsageError) at the first non-finite step loss,
 * before the wrapped `onStep` sees it. `lr` is named in the message.
 */
export function stopOnDivergence(callbacks: TrainCallbacks, lr: number): TrainCallbacks {
  return {
    ...callbacks,
    onStep(info: StepInfo) {
      if (!Number.isFinite(info.loss)) {
        throw new UsageError(
          `training diverged: the loss is ${info.loss} at epoch ${info.epoch}, batch ${info.batch} of ${info.batches} (--lr ${lr}); try a smaller --lr`,
        );
      }
      return callbacks.onStep?.(info);
    },
  };
}
