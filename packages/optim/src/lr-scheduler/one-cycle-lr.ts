/** The 1cycle policy (PyTorch: `torch.optim.lr_scheduler.OneCycleLR`). */
import type { Optimizer, ParamGroup } from '../optimizer.js';
import { type SchedulerArgs, schedulerArgs } from './args.js';
import { checkOptimizer, LRScheduler } from './lr-scheduler.js';

/**
 * Options of {@link OneCycleLR} (PyTorch: the keyword arguments of `torch.optim.lr_scheduler.OneCycleLR`).
 */
export interface OneCycleLROptions {
  /** Peak learning rate, one for all groups or one per group (PyTorch: `max_lr`). */
  maxLr: number | readonly number[];
  /** Steps in the cycle; or give `epochs` and `stepsPerEpoch` (PyTorch: `total_steps`). */
  totalSteps?: number;
  /** Epochs, used with `stepsPerEpoch` when `totalSteps` is not given (PyTorch: `epochs`). */
  epochs?: number;
  /** Steps per epoch, used with `epochs` when `totalSteps` is not given (PyTorch: `steps_per_epoch`). */
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the learning rate (default 0.3; PyTorch: `pct_start`). */
  pctStart?: number;
  /** `'cos'` (default) or `'linear'` annealing (PyTorch: `anneal_strategy`). */
  annealStrategy?: 'cos' | 'linear';
  /**
   * Cycle momentum (SGD's `momentum`, Adam's `betas[0]`) inversely to the learning rate (default true;
   * PyTorch: `cycle_momentum`).
   */
  cycleMomentum?: boolean;
  /** Momentum at the learning-rate peak, one or one per group (default 0.85; PyTorch: `base_momentum`). */
  baseMomentum?: number | readonly number[];
  /** Momentum at the start and end, one or one per group (default 0.95; PyTorch: `max_momentum`). */
  maxMomentum?: number | readonly number[];
  /** `initialLr = maxLr / divFactor` (default 25; PyTorch: `div_factor`). */
  divFactor?: number;
  /** `minLr = initialLr / finalDivFactor` (default 1e4; PyTorch: `final_div_factor`). */
  finalDivFactor?: number;
  /**
   * Three phases (up, down to the initial lr, then to the minimum) as in the paper (default false; PyTorch:
   * `three_phase`).
   */
  threePhase?: boolean;
  /** The index of the last batch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Print each new learning rate (default false; PyTorch: `verbose`). */
  verbose?: boolean;
}

/**
 * One phase of the cycle: the step it ends at and the group entries it anneals between (PyTorch: an
 * entry of `OneCycleLR._schedule_phases`).
 */
export interface OneCycleLRPhase {
  /** The step at which the phase ends (PyTorch: `end_step`). */
  endStep: number;
  /** The group entry holding the phase's starting learning rate, e.g. `'initialLr'` (PyTorch: `start_lr`). */
  startLr: string;
  /** The group entry holding the phase's final learning rate, e.g. `'maxLr'` (PyTorch: `end_lr`). */
  endLr: string;
  /** The group entry holding the phase's starting momentum (PyTorch: `start_momentum`). */
  startMomentum: string;
  /** The group entry holding the phase's final momentum (PyTorch: `end_momentum`). */
  endMomentum: string;
}

function isPositiveInteger(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x > 0;
}

/**
 * Anneals each group's learning rate from `maxLr / divFactor` up to `maxLr`, then down to
 * `initialLr / finalDivFactor`, once per batch (PyTorch: `OneCycleLR`). Groups get the entries
 * `initialLr`, `maxLr`, `minLr` (and `maxMomentum`, `baseMomentum` when cycling momentum).
 */
export class OneCycleLR extends LRScheduler {
  /** Steps in the cycle (PyTorch: `total_steps`). */
  totalSteps: number;
  /**
   * The cycle's phases in order: the step each ends at, the group entries it anneals between (PyTorch:
   * `_schedule_phases`).
   */
  schedulePhases: OneCycleLRPhase[];
  /** `'cos'` or `'linear'` annealing (PyTorch: `anneal_strategy`, kept as `_anneal_func`). */
  annealStrategy: 'cos' | 'linear';
  /** Whether momentum cycles inversely to the learning rate (PyTorch: `cycle_momentum`). */
  cycleMomentum: boolean;
  /** Whether momentum is Adam's `betas[0]` rather than SGD's `momentum` (PyTorch: `use_beta1`). */
  useBeta1 = false;

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [
        maxLr: number | readonly number[],
        totalSteps: number | null,
        epochs: number | null,
        stepsPerEpoch: number | null,
        pctStart: number,
        annealStrategy: 'cos' | 'linear',
        cycleMomentum: boolean,
        baseMomentum: number | readonly number[],
        maxMomentum: number | readonly number[],
        divFactor: number,
        finalDivFactor: number,
        threePhase: boolean,
        lastEpoch: number,
        verbose: boolean,
      ],
      OneCycleLROptions
    >
  ) {
    const options = schedulerArgs<OneCycleLROptions>(
      'OneCycleLR',
      args,
      [
        'maxLr',
        'totalSteps',
        'epochs',
        'stepsPerEpoch',
        'pctStart',
        'annealStrategy',
        'cycleMomentum',
        'baseMomentum',
        'maxMomentum',
        'divFactor',
        'finalDivFactor',
        'threePhase',
        'lastEpoch',
        'verbose',
      ],
      ['maxLr'],
    );
    checkOptimizer(optimizer);
    // PyTorch's None (positional placeholders: `OneCycleLR(opt, 0.1, None, 10, 100)`) is "not given".
    const totalSteps = options.totalSteps ?? undefined;
    const epochs = options.epochs ?? undefined;
    const stepsPerEpoch = options.stepsPerEpoch ?? undefined;
    let total: number;
    if (totalSteps === undefined && epochs === undefined && stepsPerEpoch === undefined) {
      throw new RangeError('You must define either totalSteps OR (epochs AND stepsPerEpoch)');
    } else if (totalSteps !== undefined) {
      if (!isPositiveInteger(totalSteps)) {
        throw new RangeError(`Expected positive integer totalSteps, but got ${totalSteps}`);
      }
      total = totalSteps;
    } else {
      if (!isPositiveInteger(epochs))
        throw new RangeError(`Expected positive integer epochs, but got ${epochs}`);
      if (!isPositiveInteger(stepsPerEpoch)) {
        throw new RangeError(`Expected positive integer stepsPerEpoch, but got ${stepsPerEpoch}`);
      }
      total = epochs! * stepsPerEpoch!;
    }
    const pctStart = options.pctStart ?? 0.3;
    const phases: OneCycleLRPhase[] = options.threePhase
      ? [
          phase(pctStart * total - 1, 'initialLr', 'maxLr', 'maxMomentum', 'baseMomentum'),
          phase(2 * pctStart * total - 2, 'maxLr', 'initialLr', 'baseMomentum', 'maxMomentum'),
          phase(total - 1, 'initialLr', 'minLr', 'maxMomentum', 'maxMomentum'),
        ]
      : [
          phase(pctStart * total - 1, 'initialLr', 'maxLr', 'maxMomentum', 'baseMomentum'),
          phase(total - 1, 'maxLr', 'minLr', 'baseMomentum', 'maxMomentum'),
        ];
    if (!(pctStart >= 0 && pctStart <= 1)) {
      throw new RangeError(`Expected float between 0 and 1 pctStart, but got ${pctStart}`);
    }
    const annealStrategy = options.annealStrategy ?? 'cos';
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new RangeError(`annealStrategy must by one of 'cos' or 'linear', instead got ${annealStrategy}`);
    }
    const lastEpoch = options.lastEpoch ?? -1;
    const groups = optimizer.paramGroups;
    const maxLrs = formatParam('maxLr', groups, options.maxLr!);
    if (lastEpoch === -1) {
      groups.forEach((group, i) => {
        group.initialLr = maxLrs[i] / (options.divFactor ?? 25);
        group.maxLr = maxLrs[i];
        group.minLr = group.initialLr / (options.finalDivFactor ?? 1e4);
      });
    }
    const cycleMomentum = options.cycleMomentum ?? true;
    let useBeta1 = false;
    if (cycleMomentum) {
      const defaults = optimizer.defaults as object;
      if (!('momentum' in defaults) && !('betas' in defaults)) {
        throw new RangeError('optimizer must support momentum with `cycleMomentum` option enabled');
      }
      useBeta1 = 'betas' in defaults;
      const maxMomentums = formatParam('maxMomentum', groups, options.maxMomentum ?? 0.95);
      const baseMomentums = formatParam('baseMomentum', groups, options.baseMomentum ?? 0.85);
      if (lastEpoch === -1) {
        groups.forEach((group, i) => {
          setMomentum(group, useBeta1, maxMomentums[i]);
          group.maxMomentum = maxMomentums[i];
          group.baseMomentum = baseMomentums[i];
        });
      }
    }
    super(optimizer, lastEpoch, options.verbose ?? false);
    this.totalSteps = total;
    this.schedulePhases = phases;
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'cos') return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new RangeError(
        `Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}`,
      );
    }
    return this.optimizer.paramGroups.map((group) => {
      let startStep = 0;
      let lr = 0;
      const phases = this.schedulePhases;
      for (let i = 0; i < phases.length; i++) {
        const { endStep } = phases[i];
        if (stepNum <= endStep || i === phases.length - 1) {
          const pct = (stepNum - startStep) / (endStep - startStep);
          lr = this.anneal(group[phases[i].startLr] as number, group[phases[i].endLr] as number, pct);
          if (this.cycleMomentum) {
            const m = this.anneal(
              group[phases[i].startMomentum] as number,
              group[phases[i].endMomentum] as number,
              pct,
            );
            setMomentum(group, this.useBeta1, m);
          }
          break;
        }
        startStep = endStep;
      }
      return lr;
    });
  }
}

function phase(
  endStep: number,
  startLr: string,
  endLr: string,
  startMomentum: string,
  endMomentum: string,
): OneCycleLRPhase {
  return { endStep, startLr, endLr, startMomentum, endMomentum };
}

function formatParam(
  name: string,
  groups: readonly ParamGroup[],
  value: number | readonly number[],
): number[] {
  if (typeof value === 'number') return groups.map(() => value);
  if (value.length !== groups.length) {
    throw new RangeError(`expected ${groups.length} values for ${name}, got ${value.length}`);
  }
  return [...value];
}

function setMomentum(group: ParamGroup, useBeta1: boolean, momentum: number): void {
  if (useBeta1) group.betas = [momentum, ...(group.betas as number[]).slice(1)];
  else group.momentum = momentum;
}
