/**
 * Constructor checks and loaded-state conversions shared by Adamax, NAdam, RAdam, Rprop and ASGD,
 * with PyTorch 1.13's error messages.
 */
import { Tensor } from '@typetorch/tensor';

/** PyTorch's `Invalid learning rate` / `Invalid weight_decay value` / ... checks, in its order. */
export function checkCommon(d: {
  lr: number;
  eps?: number;
  betas?: readonly [number, number];
  weightDecay?: number;
}): void {
  if (!(d.lr >= 0)) throw new RangeError(`Invalid learning rate: ${d.lr}`);
  if (d.eps !== undefined && !(d.eps >= 0)) throw new RangeError(`Invalid epsilon value: ${d.eps}`);
  if (d.betas !== undefined) {
    d.betas.forEach((b, i) => {
      if (!(b >= 0 && b < 1)) throw new RangeError(`Invalid beta parameter at index ${i}: ${b}`);
    });
  }
  if (d.weightDecay !== undefined && !(d.weightDecay >= 0)) {
    throw new RangeError(`Invalid weight_decay value: ${d.weightDecay}`);
  }
}

/** A copy of a `[a, b]` option (betas, etas, step sizes), or `fallback`. */
export function pair(value: readonly number[] | undefined, fallback: [number, number]): [number, number] {
  return value ? [value[0], value[1]] : fallback;
}

/**
 * After `loadStateDict`: state entries PyTorch keeps as 0-d float32 tensors (NAdam's `mu_product`,
 * ASGD's `eta` and `mu`) become numbers, so that a step never reads the device.
 */
export function scalarsToNumbers(state: Map<Tensor, object>, keys: readonly string[]): void {
  for (const s of state.values()) {
    const entry = s as Record<string, unknown>;
    for (const key of keys) {
      const v = entry[key];
      if (v instanceof Tensor) {
        entry[key] = Math.fround(Number(v.itemSync()));
        v.dispose();
      }
    }
  }
}
