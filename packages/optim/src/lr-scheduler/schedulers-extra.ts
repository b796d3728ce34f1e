/**
 * PyTorch 1.13's `ConstantLR`, `PolynomialLR`, `MultiplicativeLR` and `CosineAnnealingWarmRestarts`
 * (`torch.optim.lr_scheduler.*`), in their chainable (recursive) forms.
 */
import type { Optimizer } from '../optimizer.js';
import { checkNoEpoch, lambdasPerGroup, type SchedulerArgs, schedulerArgs } from './args.js';
import { adjusting, LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';
import type { LrLambda } from './schedulers.js';

/** The learning rate of each group. */
function groupLrs(optimizer: Optimizer): number[] {
  return optimizer.paramGroups.map((g) => g.lr);
}

/** The options of {@link ConstantLR} (PyTorch: `factor=1/3`, `total_iters=5`, `last_epoch=-1`, `verbose`). */
export interface ConstantLROptions {
  /** The multiplier until epoch `totalIters` (default 1/3; PyTorch: `factor`). */
  factor?: number;
  /** The epoch at which the learning rate is restored (default 5; PyTorch: `total_iters`). */
  totalIters?: number;
  /** The index of the last epoch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Print each new learning rate (default false; PyTorch: `verbose`). */
  verbose?: boolean;
}

/**
 * Multiplies each group's learning rate by `factor` until epoch `totalIters`, then restores it
 * (PyTorch: `ConstantLR`): `new lrScheduler.ConstantLR(optimizer, 0.5, 4)` or
 * `new lrScheduler.ConstantLR(optimizer, { factor: 0.5, totalIters: 4 })`.
 */
export class ConstantLR extends LRScheduler {
  /** The multiplier until epoch `totalIters` (PyTorch: `factor`). */
  factor: number;
  /** The epoch at which the learning rate is restored (PyTorch: `total_iters`). */
  totalIters: number;

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [factor: number, totalIters: number, lastEpoch: number, verbose: boolean],
      ConstantLROptions
    >
  ) {
    const options = schedulerArgs<ConstantLROptions>('ConstantLR', args, [
      'factor',
      'totalIters',
      'lastEpoch',
      'verbose',
    ]);
    const factor = options.factor ?? 1 / 3;
    if (factor > 1 || factor < 0) {
      throw new RangeError('Constant multiplicative factor expected to be between 0 and 1.');
    }
    super(optimizer, options.lastEpoch ?? -1, options.verbose ?? false);
    this.factor = factor;
    this.totalIters = options.totalIters ?? 5;
    this.initialStep();
  }

  getLr(): number[] {
    if (this.lastEpoch === 0) return groupLrs(this.optimizer).map((lr) => lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return groupLrs(this.optimizer);
    return groupLrs(this.optimizer).map((lr) => lr * (1 / this.factor));
  }

  protected override closedFormLr(): number[] {
    const after = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((base) => base * (this.factor + after * (1 - this.factor)));
  }
}

/** The options of {@link PolynomialLR} (PyTorch: `total_iters=5`, `power=1.0`, `last_epoch=-1`, `verbose`). */
export interface PolynomialLROptions {
  /** Epochs over which the learning rate decays to zero (default 5; PyTorch: `total_iters`). */
  totalIters?: number;
  /** The polynomial's power (default 1; PyTorch: `power`). */
  power?: number;
  /** The index of the last epoch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Print each new learning rate (default false; PyTorch: `verbose`). */
  verbose?: boolean;
}

/**
 * Decays each group's learning rate by `(1 - epoch / totalIters) ** power` over `totalIters` epochs,
 * to zero (PyTorch: `PolynomialLR`): `new lrScheduler.PolynomialLR(optimizer, 10, 2)`.
 */
export class PolynomialLR extends LRScheduler {
  /** Epochs over which the learning rate decays to zero (PyTorch: `total_iters`). */
  totalIters: number;
  /** The polynomial's power (PyTorch: `power`). */
  power: number;

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [totalIters: number, power: number, lastEpoch: number, verbose: boolean],
      PolynomialLROptions
    >
  ) {
    const options = schedulerArgs<PolynomialLROptions>('PolynomialLR', args, [
      'totalIters',
      'power',
      'lastEpoch',
      'verbose',
    ]);
    super(optimizer, options.lastEpoch ?? -1, options.verbose ?? false);
    this.totalIters = options.totalIters ?? 5;
    this.power = options.power ?? 1;
    this.initialStep();
  }

  getLr(): number[] {
    const { lastEpoch: epoch, totalIters } = this;
    if (epoch === 0 || epoch > totalIters) return groupLrs(this.optimizer);
    const decay = ((1 - epoch / totalIters) / (1 - (epoch - 1) / totalIters)) ** this.power;
    return groupLrs(this.optimizer).map((lr) => lr * decay);
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: epoch, totalIters } = this;
    return this.baseLrs.map((base) => base * (1 - Math.min(totalIters, epoch) / totalIters) ** this.power);
  }
}

/** The options of {@link MultiplicativeLR} (PyTorch: `lr_lambda`, `last_epoch=-1`, `verbose=False`). */
export interface MultiplicativeLROptions {
  /** The factor of each epoch, one function or one per group (PyTorch: `lr_lambda`). */
  lrLambda: LrLambda | readonly LrLambda[];
  /** The index of the last epoch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Print each new learning rate (default false; PyTorch: `verbose`). */
  verbose?: boolean;
}

/**
 * Multiplies each group's learning rate by `lrLambda(epoch)` every epoch after the first; pass one
 * function, or one per group (PyTorch: `MultiplicativeLR`): `new lrScheduler.MultiplicativeLR(opt, () => 0.95)`.
 */
export class MultiplicativeLR extends LRScheduler {
  /** One factor function per group (PyTorch: `lr_lambdas`). */
  lrLambdas: LrLambda[];

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [lrLambda: LrLambda | readonly LrLambda[], lastEpoch: number, verbose: boolean],
      MultiplicativeLROptions
    >
  ) {
    const options = schedulerArgs<MultiplicativeLROptions>(
      'MultiplicativeLR',
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
    if (this.lastEpoch <= 0) return groupLrs(this.optimizer);
    return groupLrs(this.optimizer).map((lr, i) => lr * this.lrLambdas[i](this.lastEpoch));
  }

  /** The fields except the functions, which are stored as null (PyTorch saves only callable objects' state). */
  override stateDict(): SchedulerStateDict {
    const out = super.stateDict();
    out.lrLambdas = this.lrLambdas.map(() => null);
    return out;
  }

  /**
   * Restores the fields; the functions stay those given to the constructor (PyTorch:
   * `MultiplicativeLR.load_state_dict`).
   */
  override loadStateDict(stateDict: SchedulerStateDict): void {
    const { lrLambdas: _ignored, ...rest } = stateDict;
    super.loadStateDict(rest);
  }
}

/**
 * The options of {@link CosineAnnealingWarmRestarts} (PyTorch: `T_0`, `T_mult=1`, `eta_min=0`,
 * `last_epoch=-1`, `verbose=False`).
 */
export interface CosineAnnealingWarmRestartsOptions {
  /** Epochs until the first restart (PyTorch: `T_0`), a positive integer. */
  t0: number;
  /** Factor by which the period grows after each restart (PyTorch: `T_mult`), an integer >= 1. */
  tMult?: number;
  /** Minimum learning rate (PyTorch: `eta_min`). */
  etaMin?: number;
  /** The index of the last epoch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Print each new learning rate (default false; PyTorch: `verbose`). */
  verbose?: boolean;
}

/**
 * Cosine annealing from each group's initial learning rate to `etaMin` over `t0` epochs, restarting
 * at the initial learning rate with a period `tMult` times longer each time (PyTorch:
 * `CosineAnnealingWarmRestarts`, SGDR). `step(epoch)` takes a fractional epoch
 * (`scheduler.step(epoch + i / iters)`), as PyTorch's does.
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  /** PyTorch: `T_0`. */
  t0: number;
  /** The current period (PyTorch: `T_i`). */
  tI: number;
  /** PyTorch: `T_mult`. */
  tMult: number;
  /** PyTorch: `eta_min`. */
  etaMin: number;
  /** Epochs since the last restart (PyTorch: `T_cur`). */
  tCur: number;

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [t0: number, tMult: number, etaMin: number, lastEpoch: number, verbose: boolean],
      CosineAnnealingWarmRestartsOptions
    >
  ) {
    const options = schedulerArgs<CosineAnnealingWarmRestartsOptions>(
      'CosineAnnealingWarmRestarts',
      args,
      ['t0', 'tMult', 'etaMin', 'lastEpoch', 'verbose'],
      ['t0'],
    );
    const t0 = options.t0!;
    const tMult = options.tMult ?? 1;
    if (!Number.isInteger(t0) || t0 <= 0) throw new RangeError(`Expected positive integer t0, but got ${t0}`);
    if (!Number.isInteger(tMult) || tMult < 1) {
      throw new RangeError(`Expected integer tMult >= 1, but got ${tMult}`);
    }
    const lastEpoch = options.lastEpoch ?? -1;
    super(optimizer, lastEpoch, options.verbose ?? false);
    this.t0 = t0;
    this.tI = t0;
    this.tMult = tMult;
    this.etaMin = options.etaMin ?? 0;
    this.tCur = lastEpoch;
    this.initialStep();
  }

  getLr(): number[] {
    const { etaMin, tCur, tI } = this;
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2);
  }

  /**
   * Advances one epoch, or sets the (possibly fractional) epoch `epoch`, and sets each group's learning
   * rate (PyTorch: `CosineAnnealingWarmRestarts.step(epoch=None)`).
   */
  override step(epoch?: number): void {
    // biome-ignore lint/complexity/noArguments: takes one; JavaScript callers may pass more
    if (arguments.length > 1) checkNoEpoch(this.constructor.name, arguments, 1);
    let at: number;
    if (epoch === undefined && this.lastEpoch < 0) at = 0;
    else if (epoch === undefined) {
      at = this.lastEpoch + 1;
      this.tCur += 1;
      if (this.tCur >= this.tI) {
        this.tCur -= this.tI;
        this.tI *= this.tMult;
      }
    } else at = epoch;
    if (epoch !== undefined || this.lastEpoch < 0) this.setEpoch(at);
    this.lastEpoch = Math.floor(at);
    const values = this.getLr();
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i];
      if (this.verbose) console.log(adjusting(i, values[i], at));
    });
    this.lastLr = groupLrs(this.optimizer);
  }

  /** `step(epoch)`: SequentialLR restarts this scheduler with `step(0)`, as PyTorch's does. */
  override stepAt(epoch: number): void {
    this.step(epoch);
  }

  private setEpoch(epoch: number): void {
    if (epoch < 0) throw new RangeError(`Expected non-negative epoch, but got ${epoch}`);
    const { t0, tMult } = this;
    if (epoch >= t0) {
      if (tMult === 1) this.tCur = epoch % t0;
      else {
        const n = Math.trunc(Math.log((epoch / t0) * (tMult - 1) + 1) / Math.log(tMult));
        this.tCur = epoch - (t0 * (tMult ** n - 1)) / (tMult - 1);
        this.tI = t0 * tMult ** n;
      }
    } else {
      this.tI = t0;
      this.tCur = epoch;
    }
  }
}
