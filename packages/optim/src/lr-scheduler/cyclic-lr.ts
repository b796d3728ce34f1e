/** Cyclical learning rates (PyTorch: `torch.optim.lr_scheduler.CyclicLR`). */
import type { Optimizer } from '../optimizer.js';
import { type SchedulerArgs, schedulerArgs } from './args.js';
import { checkOptimizer, LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';

/**
 * A CyclicLR amplitude scaling: `0 <= scaleFn(x) <= 1` for `x >= 0` (PyTorch: `scale_fn` of `CyclicLR`).
 */
export type ScaleFn = (x: number) => number;

/** Options of {@link CyclicLR} (PyTorch: the keyword arguments of `torch.optim.lr_scheduler.CyclicLR`). */
export interface CyclicLROptions {
  /** The lower learning-rate boundary, one or one per group (PyTorch: `base_lr`). */
  baseLr: number | readonly number[];
  /** The upper learning-rate boundary, one or one per group (PyTorch: `max_lr`). */
  maxLr: number | readonly number[];
  /** Iterations in the increasing half of a cycle (default 2000; PyTorch: `step_size_up`). */
  stepSizeUp?: number;
  /** Iterations in the decreasing half (default null: `stepSizeUp`) (PyTorch: `step_size_down`). */
  stepSizeDown?: number | null;
  /**
   * `'triangular'` (default), `'triangular2'` (amplitude halves each cycle) or `'exp_range'` (`gamma **
   * iterations`); ignored with `scaleFn` (PyTorch: `mode`).
   */
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  /** The `'exp_range'` base (default 1; PyTorch: `gamma`). */
  gamma?: number;
  /** A custom amplitude scaling, replacing `mode` (default null; PyTorch: `scale_fn`). */
  scaleFn?: ScaleFn | null;
  /**
   * Whether `scaleFn` takes the cycle number (`'cycle'`, default) or the iteration (`'iterations'`)
   * (PyTorch: `scale_mode`).
   */
  scaleMode?: 'cycle' | 'iterations';
  /**
   * Cycle the optimizer's `momentum` inversely to the learning rate (default true; PyTorch:
   * `cycle_momentum`).
   */
  cycleMomentum?: boolean;
  /** Momentum at the learning-rate peak, one or one per group (default 0.8; PyTorch: `base_momentum`). */
  baseMomentum?: number | readonly number[];
  /** Momentum at the cycle's start, one or one per group (default 0.9; PyTorch: `max_momentum`). */
  maxMomentum?: number | readonly number[];
  /** The index of the last batch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Print each new learning rate (default false; PyTorch: `verbose`). */
  verbose?: boolean;
}

const POSITIONAL = [
  'baseLr',
  'maxLr',
  'stepSizeUp',
  'stepSizeDown',
  'mode',
  'gamma',
  'scaleFn',
  'scaleMode',
  'cycleMomentum',
  'baseMomentum',
  'maxMomentum',
  'lastEpoch',
  'verbose',
] as const;

function formatParam(name: string, optimizer: Optimizer, value: number | readonly number[]): number[] {
  const groups = optimizer.paramGroups.length;
  if (typeof value === 'number') return new Array<number>(groups).fill(value);
  if (value.length !== groups)
    throw new RangeError(`expected ${groups} values for ${name}, got ${value.length}`);
  return [...value];
}

/**
 * Cycles each group's learning rate between `baseLr` and `maxLr` (and SGD's `momentum` inversely,
 * between `maxMomentum` and `baseMomentum`), stepping once per batch (PyTorch: `CyclicLR`):
 * `new lrScheduler.CyclicLR(optimizer, 0.01, 0.1, 2000)` or
 * `new lrScheduler.CyclicLR(optimizer, { baseLr: 0.01, maxLr: 0.1, mode: 'triangular2' })`.
 */
export class CyclicLR extends LRScheduler {
  /** The upper learning-rate boundary of each group (PyTorch: `max_lrs`). */
  maxLrs: number[];
  /** Iterations in one cycle (PyTorch: `total_size`). */
  totalSize: number;
  /** The increasing half's share of a cycle (PyTorch: `step_ratio`). */
  stepRatio: number;
  /** `'triangular'`, `'triangular2'` or `'exp_range'` (PyTorch: `mode`). */
  mode: string;
  /** The `'exp_range'` base (PyTorch: `gamma`). */
  gamma: number;
  /** The custom scaling, or null for `mode`'s (PyTorch: `_scale_fn_custom`). */
  scaleFnCustom: ScaleFn | null;
  /** Whether the scaling takes the cycle number or the iteration (PyTorch: `scale_mode`). */
  scaleMode: string;
  /** Whether momentum cycles inversely to the learning rate (PyTorch: `cycle_momentum`). */
  cycleMomentum: boolean;
  /** Momentum at the learning-rate peak, per group (PyTorch: `base_momentums`). */
  baseMomentums: number[] = [];
  /** Momentum at the cycle's start, per group (PyTorch: `max_momentums`). */
  maxMomentums: number[] = [];

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [
        baseLr: number | readonly number[],
        maxLr: number | readonly number[],
        stepSizeUp: number,
        stepSizeDown: number | null,
        mode: 'triangular' | 'triangular2' | 'exp_range',
        gamma: number,
        scaleFn: ScaleFn | null,
        scaleMode: 'cycle' | 'iterations',
        cycleMomentum: boolean,
        baseMomentum: number | readonly number[],
        maxMomentum: number | readonly number[],
        lastEpoch: number,
        verbose: boolean,
      ],
      CyclicLROptions
    >
  ) {
    const options = schedulerArgs<CyclicLROptions>('CyclicLR', args, [...POSITIONAL], ['baseLr', 'maxLr']);
    checkOptimizer(optimizer);
    const lastEpoch = options.lastEpoch ?? -1;
    const baseLrs = formatParam('baseLr', optimizer, options.baseLr!);
    if (lastEpoch === -1) {
      optimizer.paramGroups.forEach((group, i) => {
        group.lr = baseLrs[i];
      });
    }
    const maxLrs = formatParam('maxLr', optimizer, options.maxLr!);
    const up = options.stepSizeUp ?? 2000;
    const down = options.stepSizeDown ?? up;
    const mode = options.mode ?? 'triangular';
    const scaleFn = options.scaleFn ?? null;
    if (!['triangular', 'triangular2', 'exp_range'].includes(mode) && scaleFn === null) {
      throw new RangeError('mode is invalid and scaleFn is null');
    }
    const cycleMomentum = options.cycleMomentum ?? true;
    let baseMomentums: number[] = [];
    let maxMomentums: number[] = [];
    if (cycleMomentum) {
      if (!('momentum' in (optimizer.defaults as object))) {
        throw new RangeError('optimizer must support momentum with `cycleMomentum` option enabled');
      }
      const base = formatParam('baseMomentum', optimizer, options.baseMomentum ?? 0.8);
      if (lastEpoch === -1) {
        optimizer.paramGroups.forEach((group, i) => {
          group.momentum = base[i];
        });
      }
      baseMomentums = optimizer.paramGroups.map((g) => g.momentum as number);
      maxMomentums = formatParam('maxMomentum', optimizer, options.maxMomentum ?? 0.9);
    }
    super(optimizer, lastEpoch, options.verbose ?? false);
    this.maxLrs = maxLrs;
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    this.mode = mode;
    this.gamma = options.gamma ?? 1;
    this.scaleFnCustom = scaleFn;
    this.scaleMode =
      scaleFn === null ? (mode === 'exp_range' ? 'iterations' : 'cycle') : (options.scaleMode ?? 'cycle');
    this.cycleMomentum = cycleMomentum;
    this.baseMomentums = baseMomentums;
    this.maxMomentums = maxMomentums;
    this.initialStep();
    // As PyTorch's: the initial step starts from the groups' initialLr, later ones from baseLr.
    this.baseLrs = baseLrs;
  }

  /** The amplitude scaling at `x`: `scaleFn`'s, or `mode`'s (PyTorch: `scale_fn`). */
  scaleFn(x: number): number {
    if (this.scaleFnCustom !== null) return this.scaleFnCustom(x);
    if (this.mode === 'triangular2') return 1 / 2 ** (x - 1);
    if (this.mode === 'exp_range') return this.gamma ** x;
    return 1;
  }

  /**
   * The learning rates at batch `lastEpoch`; sets each group's `momentum` when cycling it (PyTorch:
   * `CyclicLR.get_lr`).
   */
  getLr(): number[] {
    const epoch = this.lastEpoch;
    const cycle = Math.floor(1 + epoch / this.totalSize);
    const x = 1 + epoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scale = this.scaleFn(this.scaleMode === 'cycle' ? cycle : epoch);
    const lrs = this.baseLrs.map((base, i) => base + (this.maxLrs[i] - base) * scaleFactor * scale);
    if (this.cycleMomentum) {
      this.optimizer.paramGroups.forEach((group, i) => {
        const height = (this.maxMomentums[i] - this.baseMomentums[i]) * scaleFactor;
        group.momentum = this.maxMomentums[i] - height * scale;
      });
    }
    return lrs;
  }

  /**
   * The fields, with a custom `scaleFn` stored as null (a function is not data; PyTorch:
   * `CyclicLR.state_dict`).
   */
  override stateDict(): SchedulerStateDict {
    const out = super.stateDict();
    if (out.scaleFnCustom !== null) out.scaleFnCustom = null;
    return out;
  }

  /**
   * Restores the fields; a custom `scaleFn` stays the one given to the constructor (PyTorch:
   * `CyclicLR.load_state_dict`).
   */
  override loadStateDict(stateDict: SchedulerStateDict): void {
    const { scaleFnCustom: _ignored, ...rest } = stateDict;
    super.loadStateDict(rest);
  }
}
