/** The closed-schedule learning-rate schedulers (PyTorch: `torch.optim.lr_scheduler.*`). */
import { checkOptions } from '@typetorch/tensor';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';

/** The learning rate of each group. */
function groupLrs(optimizer: Optimizer): number[] {
  return optimizer.paramGroups.map((g) => g.lr);
}

/**
 * Multiplies each group's learning rate by `gamma` every `stepSize` epochs (PyTorch: `StepLR`):
 * `new lrScheduler.StepLR(optimizer, { stepSize: 30, gamma: 0.1 })`.
 */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: Optimizer, options: { stepSize: number; gamma?: number; lastEpoch?: number }) {
    checkOptions('StepLR.__init__()', options, ['stepSize', 'gamma', 'lastEpoch']);
    super(optimizer, options.lastEpoch ?? -1);
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groupLrs(this.optimizer);
    return groupLrs(this.optimizer).map((lr) => lr * this.gamma);
  }
}

/**
 * Multiplies each group's learning rate by `gamma` at each milestone epoch; a milestone listed twice
 * multiplies by `gamma ** 2` (PyTorch: `MultiStepLR`).
 */
export class MultiStepLR extends LRScheduler {
  /** How often each epoch occurs among the milestones (PyTorch: a `Counter`). */
  milestones: Record<number, number>;
  gamma: number;

  constructor(
    optimizer: Optimizer,
    options: { milestones: readonly number[]; gamma?: number; lastEpoch?: number },
  ) {
    checkOptions('MultiStepLR.__init__()', options, ['milestones', 'gamma', 'lastEpoch']);
    super(optimizer, options.lastEpoch ?? -1);
    this.milestones = {};
    for (const m of options.milestones) this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  getLr(): number[] {
    const count = this.milestones[this.lastEpoch];
    if (count === undefined) return groupLrs(this.optimizer);
    return groupLrs(this.optimizer).map((lr) => lr * this.gamma ** count);
  }
}

/** Multiplies each group's learning rate by `gamma` every epoch (PyTorch: `ExponentialLR`). */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: Optimizer, options: { gamma: number; lastEpoch?: number }) {
    checkOptions('ExponentialLR.__init__()', options, ['gamma', 'lastEpoch']);
    super(optimizer, options.lastEpoch ?? -1);
    this.gamma = options.gamma;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch === 0) return groupLrs(this.optimizer);
    return groupLrs(this.optimizer).map((lr) => lr * this.gamma);
  }
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

  constructor(optimizer: Optimizer, options: { tMax: number; etaMin?: number; lastEpoch?: number }) {
    checkOptions('CosineAnnealingLR.__init__()', options, ['tMax', 'etaMin', 'lastEpoch']);
    super(optimizer, options.lastEpoch ?? -1);
    this.tMax = options.tMax;
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
}

/**
 * Scales each group's learning rate by a factor that changes linearly from `startFactor` to
 * `endFactor` over `totalIters` epochs (PyTorch: `LinearLR`).
 */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(
    optimizer: Optimizer,
    options: { startFactor?: number; endFactor?: number; totalIters?: number; lastEpoch?: number } = {},
  ) {
    checkOptions('LinearLR.__init__()', options, ['startFactor', 'endFactor', 'totalIters', 'lastEpoch']);
    const startFactor = options.startFactor ?? 1 / 3;
    const endFactor = options.endFactor ?? 1;
    if (startFactor > 1 || startFactor < 0) {
      throw new RangeError('Starting multiplicative factor expected to be between 0 and 1.');
    }
    if (endFactor > 1 || endFactor < 0) {
      throw new RangeError('Ending multiplicative factor expected to be between 0 and 1.');
    }
    super(optimizer, options.lastEpoch ?? -1);
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
}

/** A learning-rate multiplier as a function of the epoch. */
export type LrLambda = (epoch: number) => number;

/**
 * Sets each group's learning rate to its initial learning rate times `lrLambda(epoch)`; pass one
 * function, or one per group (PyTorch: `LambdaLR`).
 */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(
    optimizer: Optimizer,
    options: { lrLambda: LrLambda | readonly LrLambda[]; lastEpoch?: number },
  ) {
    checkOptions('LambdaLR.__init__()', options, ['lrLambda', 'lastEpoch']);
    const groups = optimizer?.paramGroups?.length ?? 0;
    const lambdas = options.lrLambda;
    let list: LrLambda[];
    if (typeof lambdas === 'function') list = new Array<LrLambda>(groups).fill(lambdas);
    else {
      if (lambdas.length !== groups)
        throw new RangeError(`Expected ${groups} lrLambdas, but got ${lambdas.length}`);
      list = [...lambdas];
    }
    super(optimizer, options.lastEpoch ?? -1);
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

  /** Restores the fields; the functions stay those given to the constructor. */
  override loadStateDict(stateDict: SchedulerStateDict): void {
    const { lrLambdas: _ignored, ...rest } = stateDict;
    super.loadStateDict(rest);
  }
}
