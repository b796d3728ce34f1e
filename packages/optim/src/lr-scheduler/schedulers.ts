/** The closed-schedule learning-rate schedulers (PyTorch: `torch.optim.lr_scheduler.*`). */
import type { Optimizer } from '../optimizer.js';
import { lambdasPerGroup, type SchedulerArgs, schedulerArgs } from './args.js';
import { LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';

/** The learning rate of each group. */
function groupLrs(optimizer: Optimizer): number[] {
  return optimizer.paramGroups.map((g) => g.lr);
}

/** The options of {@link StepLR} (PyTorch: `step_size`, `gamma=0.1`, `last_epoch=-1`, `verbose=False`). */
export interface StepLROptions {
  /** Period of the decay, in epochs (PyTorch: `step_size`). */
  stepSize: number;
  /** Multiplier of each decay (default 0.1; PyTorch: `gamma`). */
  gamma?: number;
  /** The index of the last epoch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Print each new learning rate (default false; PyTorch: `verbose`). */
  verbose?: boolean;
}

/**
 * Multiplies each group's learning rate by `gamma` every `stepSize` epochs (PyTorch: `StepLR`):
 * `new lrScheduler.StepLR(optimizer, 30, 0.1)` or
 * `new lrScheduler.StepLR(optimizer, { stepSize: 30, gamma: 0.1 })`.
 */
export class StepLR extends LRScheduler {
  /** Period of the decay, in epochs (PyTorch: `step_size`). */
  stepSize: number;
  /** Multiplier of each decay (PyTorch: `gamma`). */
  gamma: number;

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [stepSize: number, gamma: number, lastEpoch: number, verbose: boolean],
      StepLROptions
    >
  ) {
    const options = schedulerArgs<StepLROptions>(
      'StepLR',
      args,
      ['stepSize', 'gamma', 'lastEpoch', 'verbose'],
      ['stepSize'],
    );
    super(optimizer, options.lastEpoch ?? -1, options.verbose ?? false);
    this.stepSize = options.stepSize!;
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groupLrs(this.optimizer);
    return groupLrs(this.optimizer).map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

/** The options of {@link MultiStepLR} (PyTorch: `milestones`, `gamma=0.1`, `last_epoch=-1`, `verbose`). */
export interface MultiStepLROptions {
  /** The epochs at which the learning rate is multiplied by `gamma` (PyTorch: `milestones`). */
  milestones: readonly number[];
  /** Multiplier at each milestone (default 0.1; PyTorch: `gamma`). */
  gamma?: number;
  /** The index of the last epoch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Print each new learning rate (default false; PyTorch: `verbose`). */
  verbose?: boolean;
}

/**
 * Multiplies each group's learning rate by `gamma` at each milestone epoch; a milestone listed twice
 * multiplies by `gamma ** 2` (PyTorch: `MultiStepLR`).
 */
export class MultiStepLR extends LRScheduler {
  /** How often each epoch occurs among the milestones (PyTorch: a `Counter`). */
  milestones: Record<number, number>;
  /** Multiplier at each milestone (PyTorch: `gamma`). */
  gamma: number;

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [milestones: readonly number[], gamma: number, lastEpoch: number, verbose: boolean],
      MultiStepLROptions
    >
  ) {
    const options = schedulerArgs<MultiStepLROptions>(
      'MultiStepLR',
      args,
      ['milestones', 'gamma', 'lastEpoch', 'verbose'],
      ['milestones'],
    );
    super(optimizer, options.lastEpoch ?? -1, options.verbose ?? false);
    this.milestones = {};
    for (const m of options.milestones!) this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  getLr(): number[] {
    const count = this.milestones[this.lastEpoch];
    if (count === undefined) return groupLrs(this.optimizer);
    return groupLrs(this.optimizer).map((lr) => lr * this.gamma ** count);
  }

  protected override closedFormLr(): number[] {
    let passed = 0; // bisect_right(sorted milestones, lastEpoch)
    for (const [m, count] of Object.entries(this.milestones))
      if (Number(m) <= this.lastEpoch) passed += count;
    return this.baseLrs.map((base) => base * this.gamma ** passed);
  }
}

/** The options of {@link ExponentialLR} (PyTorch: `gamma`, `last_epoch=-1`, `verbose=False`). */
export interface ExponentialLROptions {
  /** Multiplier of every epoch (PyTorch: `gamma`). */
  gamma: number;
  /** The index of the last epoch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Print each new learning rate (default false; PyTorch: `verbose`). */
  verbose?: boolean;
}

/** Multiplies each group's learning rate by `gamma` every epoch (PyTorch: `ExponentialLR`). */
export class ExponentialLR extends LRScheduler {
  /** Multiplier of every epoch (PyTorch: `gamma`). */
  gamma: number;

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<[gamma: number, lastEpoch: number, verbose: boolean], ExponentialLROptions>
  ) {
    const options = schedulerArgs<ExponentialLROptions>(
      'ExponentialLR',
      args,
      ['gamma', 'lastEpoch', 'verbose'],
      ['gamma'],
    );
    super(optimizer, options.lastEpoch ?? -1, options.verbose ?? false);
    this.gamma = options.gamma!;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch === 0) return groupLrs(this.optimizer);
    return groupLrs(this.optimizer).map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** this.lastEpoch);
  }
}

/** The options of {@link CosineAnnealingLR} (PyTorch: `T_max`, `eta_min=0`, `last_epoch=-1`, `verbose`). */
export interface CosineAnnealingLROptions {
  /** Half the period of the cosine, in epochs (PyTorch: `T_max`). */
  tMax: number;
  /** Minimum learning rate (default 0; PyTorch: `eta_min`). */
  etaMin?: number;
  /** The index of the last epoch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Print each new learning rate (default false; PyTorch: `verbose`). */
  verbose?: boolean;
}

/**
 * Cosine annealing from each group's initial learning rate down to `etaMin` over `tMax` epochs, and
 * back up over the next `tMax` (PyTorch: `CosineAnnealingLR`, its recursive form: changes made to `lr`
 * outside the scheduler carry over).
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Half period in epochs (PyTorch: `T_max`). */
  tMax: number;
  /** Minimum learning rate (PyTorch: `eta_min`). */
  etaMin: number;

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [tMax: number, etaMin: number, lastEpoch: number, verbose: boolean],
      CosineAnnealingLROptions
    >
  ) {
    const options = schedulerArgs<CosineAnnealingLROptions>(
      'CosineAnnealingLR',
      args,
      ['tMax', 'etaMin', 'lastEpoch', 'verbose'],
      ['tMax'],
    );
    super(optimizer, options.lastEpoch ?? -1, options.verbose ?? false);
    this.tMax = options.tMax!;
    this.etaMin = options.etaMin ?? 0;
    this.initialStep();
  }

  getLr(): number[] {
    const { lastEpoch: epoch, tMax, etaMin } = this;
    const groups = this.optimizer.paramGroups;
    if (epoch === 0) return groupLrs(this.optimizer);
    if (this.stepCount === 1 && epoch > 0) {
      return this.baseLrs.map(
        (base) => etaMin + ((base - etaMin) * (1 + Math.cos((epoch * Math.PI) / tMax))) / 2,
      );
    }
    if ((epoch - 1 - tMax) % (2 * tMax) === 0) {
      return groups.map((g, i) => g.lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    return groups.map(
      (g) =>
        ((1 + Math.cos((Math.PI * epoch) / tMax)) / (1 + Math.cos((Math.PI * (epoch - 1)) / tMax))) *
          (g.lr - etaMin) +
        etaMin,
    );
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: epoch, tMax, etaMin } = this;
    return this.baseLrs.map(
      (base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2,
    );
  }
}

/** The options of {@link LinearLR} (PyTorch: `start_factor=1/3`, `end_factor=1.0`, `total_iters=5`, ...). */
export interface LinearLROptions {
  /** The factor at epoch 0 (default 1/3; PyTorch: `start_factor`). */
  startFactor?: number;
  /** The factor from epoch `totalIters` on (default 1; PyTorch: `end_factor`). */
  endFactor?: number;
  /** Epochs over which the factor changes (default 5; PyTorch: `total_iters`). */
  totalIters?: number;
  /** The index of the last epoch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Print each new learning rate (default false; PyTorch: `verbose`). */
  verbose?: boolean;
}

/**
 * Scales each group's learning rate by a factor that changes linearly from `startFactor` to
 * `endFactor` over `totalIters` epochs (PyTorch: `LinearLR`).
 */
export class LinearLR extends LRScheduler {
  /** The factor at epoch 0 (PyTorch: `start_factor`). */
  startFactor: number;
  /** The factor from epoch `totalIters` on (PyTorch: `end_factor`). */
  endFactor: number;
  /** Epochs over which the factor changes (PyTorch: `total_iters`). */
  totalIters: number;

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [startFactor: number, endFactor: number, totalIters: number, lastEpoch: number, verbose: boolean],
      LinearLROptions
    >
  ) {
    const options = schedulerArgs<LinearLROptions>('LinearLR', args, [
      'startFactor',
      'endFactor',
      'totalIters',
      'lastEpoch',
      'verbose',
    ]);
    const startFactor = options.startFactor ?? 1 / 3;
    const endFactor = options.endFactor ?? 1;
    if (startFactor > 1 || startFactor < 0) {
      throw new RangeError('Starting multiplicative factor expected to be between 0 and 1.');
    }
    if (endFactor > 1 || endFactor < 0) {
      throw new RangeError('Ending multiplicative factor expected to be between 0 and 1.');
    }
    super(optimizer, options.lastEpoch ?? -1, options.verbose ?? false);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = options.totalIters ?? 5;
    this.initialStep();
  }

  getLr(): number[] {
    const { lastEpoch: epoch, startFactor, endFactor, totalIters } = this;
    if (epoch === 0) return groupLrs(this.optimizer).map((lr) => lr * startFactor);
    if (epoch > totalIters) return groupLrs(this.optimizer);
    return groupLrs(this.optimizer).map(
      (lr) =>
        lr *
        (1 +
          (endFactor - startFactor) / (totalIters * startFactor + (epoch - 1) * (endFactor - startFactor))),
    );
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: epoch, startFactor, endFactor, totalIters } = this;
    return this.baseLrs.map(
      (base) => base * (startFactor + ((endFactor - startFactor) * Math.min(totalIters, epoch)) / totalIters),
    );
  }
}

/** A learning-rate multiplier as a function of the epoch (PyTorch: `lr_lambda`). */
export type LrLambda = (epoch: number) => number;

/** The options of {@link LambdaLR} (PyTorch: `lr_lambda`, `last_epoch=-1`, `verbose=False`). */
export interface LambdaLROptions {
  /** The multiplier of the initial learning rate, one function or one per group (PyTorch: `lr_lambda`). */
  lrLambda: LrLambda | readonly LrLambda[];
  /** The index of the last epoch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Print each new learning rate (default false; PyTorch: `verbose`). */
  verbose?: boolean;
}

/**
 * Sets each group's learning rate to its initial learning rate times `lrLambda(epoch)`; pass one
 * function, or one per group (PyTorch: `LambdaLR`).
 */
export class LambdaLR extends LRScheduler {
  /** One multiplier function per group (PyTorch: `lr_lambdas`). */
  lrLambdas: LrLambda[];

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [lrLambda: LrLambda | readonly LrLambda[], lastEpoch: number, verbose: boolean],
      LambdaLROptions
    >
  ) {
    const options = schedulerArgs<LambdaLROptions>(
      'LambdaLR',
      args,
      ['lrLambda', 'lastEpoch', 'verbose'],
      ['lrLambda'],
    );
    const list = lambdasPerGroup(optimizer, options.lrLambda!);
    super(optimizer, options.lastEpoch ?? -1, options.verbose ?? false);
    this.lrLambdas = list;
    this.initialStep();
  }

  getLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i](this.lastEpoch));
  }

  /** The fields except the functions, which are stored as null (PyTorch saves only callable objects' state). */
  override stateDict(): SchedulerStateDict {
    const out = super.stateDict();
    out.lrLambdas = this.lrLambdas.map(() => null);
    return out;
  }

  /**
   * Restores the fields; the functions stay those given to the constructor (PyTorch:
   * `LambdaLR.load_state_dict`).
   */
  override loadStateDict(stateDict: SchedulerStateDict): void {
    const { lrLambdas: _ignored, ...rest } = stateDict;
    super.loadStateDict(rest);
  }
}
