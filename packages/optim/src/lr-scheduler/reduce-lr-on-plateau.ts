/** Reduce the learning rate when a metric stops improving (PyTorch: `ReduceLROnPlateau`). */

import type { Tensor } from '@typetorch/tensor';
import { bindArgs, isOptionsObject } from '@typetorch/tensor';
import type { Optimizer } from '../optimizer.js';
import { checkNoEpoch, formatE4, formatEpoch, missing, type SchedulerArgs, schedulerArgs } from './args.js';
import { checkOptimizer, copyData, type SchedulerStateDict } from './lr-scheduler.js';

/**
 * Options of {@link ReduceLROnPlateau} (PyTorch: the keyword arguments of
 * `torch.optim.lr_scheduler.ReduceLROnPlateau`).
 */
export interface ReduceLROnPlateauOptions {
  /**
   * `'min'` (default): reduce when the metric stops decreasing; `'max'`: when it stops increasing (PyTorch:
   * `mode`).
   */
  mode?: 'min' | 'max';
  /** `newLr = lr * factor` (default 0.1; PyTorch: `factor`). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10; PyTorch: `patience`). */
  patience?: number;
  /** What counts as an improvement (default 1e-4; PyTorch: `threshold`). */
  threshold?: number;
  /**
   * `'rel'` (default): `best * (1 ∓ threshold)`; `'abs'`: `best ∓ threshold` (PyTorch: `threshold_mode`).
   */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0; PyTorch: `cooldown`). */
  cooldown?: number;
  /** Lower bound on the learning rate, one or one per group (default 0; PyTorch: `min_lr`). */
  minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped (default 1e-8; PyTorch: `eps`). */
  eps?: number;
  /**
   * Print `Epoch 00005: reducing learning rate of group 0 to 1.0000e-03.` on reductions (default false;
   * PyTorch: `verbose`).
   */
  verbose?: boolean;
}

/**
 * Multiplies each group's learning rate by `factor` once the metric passed to `step(metric)` has not
 * improved for more than `patience` epochs (PyTorch: `ReduceLROnPlateau`).
 */
export class ReduceLROnPlateau {
  /** The optimizer whose learning rates it reduces (PyTorch: `optimizer`). */
  readonly optimizer: Optimizer;
  /** `newLr = lr * factor` (PyTorch: `factor`). */
  factor: number;
  /** Lower bound on each group's learning rate (PyTorch: `min_lrs`). */
  minLrs: number[];
  /** Epochs without improvement tolerated before reducing (PyTorch: `patience`). */
  patience: number;
  /** Epochs to wait after a reduction before counting bad epochs again (PyTorch: `cooldown`). */
  cooldown: number;
  /** Epochs of cooldown left (PyTorch: `cooldown_counter`). */
  cooldownCounter = 0;
  /** `'min'` or `'max'` (PyTorch: `mode`). */
  mode: 'min' | 'max' = 'min';
  /** What counts as an improvement (PyTorch: `threshold`). */
  threshold = 1e-4;
  /** `'rel'` or `'abs'` (PyTorch: `threshold_mode`). */
  thresholdMode: 'rel' | 'abs' = 'rel';
  /** The best metric so far (PyTorch: `best`). */
  best = Number.POSITIVE_INFINITY;
  /** Consecutive epochs without improvement (PyTorch: `num_bad_epochs`). */
  numBadEpochs = 0;
  /** The worst value for `mode`: +Infinity for `'min'`, -Infinity for `'max'` (PyTorch: `mode_worse`). */
  modeWorse = Number.POSITIVE_INFINITY;
  /** Reductions smaller than this are skipped (PyTorch: `eps`). */
  eps: number;
  /** The number of the last epoch (PyTorch: `last_epoch`). */
  lastEpoch = 0;
  /** Whether reductions are printed (PyTorch: `verbose`). */
  verbose: boolean;
  /** The learning rates after the last step (PyTorch: `_last_lr`). */
  protected lastLr: number[];

  /**
   * PyTorch's order: `new ReduceLROnPlateau(opt, 'min', 0.1, 10)`, or an options object, or both
   * (`new ReduceLROnPlateau(opt, 'max', { patience: 3 })`).
   */
  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [
        mode: 'min' | 'max',
        factor: number,
        patience: number,
        threshold: number,
        thresholdMode: 'rel' | 'abs',
        cooldown: number,
        minLr: number | readonly number[],
        eps: number,
        verbose: boolean,
      ],
      ReduceLROnPlateauOptions
    >
  ) {
    const options = schedulerArgs<ReduceLROnPlateauOptions>('ReduceLROnPlateau', args, [
      'mode',
      'factor',
      'patience',
      'threshold',
      'thresholdMode',
      'cooldown',
      'minLr',
      'eps',
      'verbose',
    ]);
    this.verbose = options.verbose ?? false;
    const factor = options.factor ?? 0.1;
    if (factor >= 1) throw new RangeError('Factor should be < 1.0.');
    checkOptimizer(optimizer);
    this.factor = factor;
    this.optimizer = optimizer;
    const minLr = options.minLr ?? 0;
    const groups = optimizer.paramGroups.length;
    if (typeof minLr === 'number') this.minLrs = new Array<number>(groups).fill(minLr);
    else {
      if (minLr.length !== groups) throw new RangeError(`expected ${groups} minLrs, got ${minLr.length}`);
      this.minLrs = [...minLr];
    }
    this.patience = options.patience ?? 10;
    this.cooldown = options.cooldown ?? 0;
    this.eps = options.eps ?? 1e-8;
    this.initIsBetter(options.mode ?? 'min', options.threshold ?? 1e-4, options.thresholdMode ?? 'rel');
    this.reset();
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  private reset(): void {
    this.best = this.modeWorse;
    this.cooldownCounter = 0;
    this.numBadEpochs = 0;
  }

  /**
   * Records the metric of one epoch and reduces the learning rates after too many bad epochs. A tensor
   * metric is read synchronously (on devices that cannot, pass `await loss.item()`) (PyTorch:
   * `ReduceLROnPlateau.step(metrics)`).
   */
  step(metrics: number | Tensor | { metrics: number | Tensor }): void {
    // biome-ignore lint/complexity/noArguments: PyTorch's step(metrics, epoch=None); the epoch is deprecated
    if (arguments.length > 1) checkNoEpoch('ReduceLROnPlateau', arguments, 1);
    if (isOptionsObject(metrics)) {
      metrics = bindArgs('ReduceLROnPlateau.step()', [metrics], { positional: ['metrics'] }).metrics as
        | number
        | Tensor;
    }
    missing('ReduceLROnPlateau.step()', ['metrics'], { metrics });
    const current = typeof metrics === 'number' ? metrics : Number(metrics.itemSync());
    const epoch = this.lastEpoch + 1;
    this.lastEpoch = epoch;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // ignore any bad epochs in cooldown
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr(epoch);
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private reduceLr(epoch: number): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const oldLr = group.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]);
      if (oldLr - newLr > this.eps) {
        group.lr = newLr;
        if (this.verbose) {
          console.log(
            `Epoch ${formatEpoch(epoch)}: reducing learning rate of group ${i} to ${formatE4(newLr)}.`,
          );
        }
      }
    });
  }

  /** Whether the scheduler is cooling down after a reduction (PyTorch: `in_cooldown`). */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Whether metric `a` improves on `best` (PyTorch: `is_better`). */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min' && this.thresholdMode === 'abs') return a < best - this.threshold;
    if (this.mode === 'max' && this.thresholdMode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  private initIsBetter(mode: string, threshold: number, thresholdMode: string): void {
    if (mode !== 'min' && mode !== 'max') throw new RangeError(`mode ${mode} is unknown!`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
      throw new RangeError(`threshold mode ${thresholdMode} is unknown!`);
    }
    this.modeWorse = mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.mode = mode;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
  }

  /** The learning rate of each group after the last step (PyTorch: `_last_lr`). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Every field except the optimizer (PyTorch: `state_dict()`). */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [key, value] of Object.entries(this)) if (key !== 'optimizer') out[key] = copyData(value);
    return out;
  }

  /** Restores the fields saved by {@link ReduceLROnPlateau.stateDict} (PyTorch: `load_state_dict`). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    for (const [key, value] of Object.entries(stateDict)) {
      if (key !== 'optimizer') (this as unknown as Record<string, unknown>)[key] = copyData(value);
    }
    this.initIsBetter(this.mode, this.threshold, this.thresholdMode);
  }
}
