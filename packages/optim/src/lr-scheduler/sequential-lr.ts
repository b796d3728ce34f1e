/** Schedulers of schedulers (PyTorch: `torch.optim.lr_scheduler.SequentialLR`, `ChainedScheduler`). */
import { bindArgs } from '@typetorch/tensor';
import type { Optimizer } from '../optimizer.js';
import { typeName } from '../optimizer.js';
import { checkNoEpoch, missing, type SchedulerArgs, schedulerArgs } from './args.js';
import { checkOptimizer, copyData, LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';

/**
 * What ChainedScheduler steps: an epoch scheduler, a SequentialLR or another ChainedScheduler (PyTorch: any
 * scheduler with `step`, `get_last_lr`, `state_dict`).
 */
export interface ChainableScheduler {
  /** The optimizer it schedules (PyTorch: `optimizer`). */
  readonly optimizer: Optimizer;
  /** Advances one epoch (PyTorch: `step()`). */
  step(): void;
  /** The learning rates after the last step (PyTorch: `get_last_lr()`). */
  getLastLr(): number[];
  /** The scheduler's state (PyTorch: `state_dict()`). */
  stateDict(): SchedulerStateDict;
  /** Restores a state from {@link ChainableScheduler.stateDict} (PyTorch: `load_state_dict()`). */
  loadStateDict(stateDict: SchedulerStateDict): void;
}

/** The options of {@link SequentialLR} (PyTorch: `schedulers`, `milestones`, `last_epoch=-1`, `verbose`). */
export interface SequentialLROptions {
  /** The schedulers to run one after another, all on the optimizer (PyTorch: `schedulers`). */
  schedulers: readonly LRScheduler[];
  /**
   * The epochs at which the next scheduler takes over: one fewer than the schedulers (PyTorch:
   * `milestones`).
   */
  milestones: readonly number[];
  /** The index of the last epoch when resuming (default -1; PyTorch: `last_epoch`). */
  lastEpoch?: number;
  /** Accepted and ignored, as in PyTorch 1.13 ("Does nothing"). */
  verbose?: boolean;
}

/** Python's `bisect_right(sorted, x)`: how many entries are <= x. */
function bisectRight(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < sorted[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Runs `schedulers` one after another, switching to the next at each milestone epoch, where it starts
 * from its epoch 0 (PyTorch: `SequentialLR`):
 * `new lrScheduler.SequentialLR(opt, [new ConstantLR(opt, 0.1, 2), new ExponentialLR(opt, 0.9)], [2])`.
 */
export class SequentialLR {
  /** The optimizer of every scheduler (PyTorch: `optimizer`). */
  readonly optimizer: Optimizer;
  /** The schedulers, in the order they run (PyTorch: `_schedulers`). */
  schedulers: LRScheduler[];
  /** The epochs at which the next scheduler takes over (PyTorch: `_milestones`). */
  milestones: number[];
  /** The index of the last epoch (PyTorch: `last_epoch`). */
  lastEpoch: number;
  /** The learning rates after the last step (PyTorch: `_last_lr`). */
  protected lastLr: number[];

  constructor(
    optimizer: Optimizer,
    ...args: SchedulerArgs<
      [
        schedulers: readonly LRScheduler[],
        milestones: readonly number[],
        lastEpoch: number,
        verbose: boolean,
      ],
      SequentialLROptions
    >
  ) {
    const options = schedulerArgs<SequentialLROptions>(
      'SequentialLR',
      args,
      ['schedulers', 'milestones', 'lastEpoch', 'verbose'],
      ['schedulers', 'milestones'],
    );
    checkOptimizer(optimizer);
    const schedulers = [...options.schedulers!];
    const milestones = [...options.milestones!];
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) {
        throw new TypeError(
          `SequentialLR expects epoch schedulers (LRScheduler), but schedulers[${i}] is ${typeName(s)}`,
        );
      }
      if (s.optimizer !== optimizer) {
        throw new RangeError(
          `Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
      }
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        `Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`,
      );
    }
    if (options.verbose !== undefined && typeof options.verbose !== 'boolean') {
      throw new TypeError(
        `SequentialLR.__init__(): argument 'verbose' must be bool, not ${typeof options.verbose}`,
      );
    }
    this.optimizer = optimizer;
    this.schedulers = schedulers;
    this.milestones = milestones;
    this.lastEpoch = (options.lastEpoch ?? -1) + 1;
    // Reset the learning rates, undo the schedulers' initial steps, and start the first one again.
    optimizer.paramGroups.forEach((group, i) => {
      if (group.initialLr === undefined)
        throw new Error(`param 'initialLr' is not specified in paramGroups[${i}]`);
      group.lr = group.initialLr as number;
    });
    for (const s of schedulers) s.lastEpoch -= 1;
    schedulers[0].initialStep();
    this.lastLr = schedulers[0].getLastLr();
  }

  /**
   * Steps the scheduler of the current epoch; at a milestone, the next one restarts at its epoch 0
   * (PyTorch: `SequentialLR.step()`).
   */
  step(): void {
    // biome-ignore lint/complexity/noArguments: takes none; JavaScript callers may pass an epoch
    if (arguments.length > 0) checkNoEpoch('SequentialLR', arguments);
    this.lastEpoch += 1;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const scheduler = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.stepAt(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

  /** The learning rate of each group as set by the last step (PyTorch: `get_last_lr()`). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The fields, with each scheduler's state dict in `schedulers` (PyTorch: `state_dict()`). */
  stateDict(): SchedulerStateDict {
    return stateWith(this, this.schedulers);
  }

  /** Restores the fields and each scheduler's state (PyTorch: `load_state_dict`). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadWith(this, this.schedulers, stateDict);
  }
}

/** The options of {@link ChainedScheduler} (PyTorch: `schedulers`). */
export interface ChainedSchedulerOptions {
  /** The schedulers to step together, all on one optimizer (PyTorch: `schedulers`). */
  schedulers: readonly ChainableScheduler[];
}

/**
 * Steps every scheduler in `schedulers` on each `step()`, so that their changes to the learning rate
 * compose (PyTorch: `ChainedScheduler`): `new lrScheduler.ChainedScheduler([constant, exponential])`.
 */
export class ChainedScheduler {
  /** The optimizer of every scheduler (PyTorch: `optimizer`). */
  readonly optimizer: Optimizer;
  /** The schedulers, stepped in this order (PyTorch: `_schedulers`). */
  schedulers: ChainableScheduler[];
  /** The learning rates after the last step (PyTorch: `_last_lr`). */
  protected lastLr: number[];

  constructor(...args: [schedulers: readonly ChainableScheduler[]] | [options: ChainedSchedulerOptions]) {
    const fn = 'ChainedScheduler.__init__()';
    const bound = bindArgs(fn, args, { positional: ['schedulers'] }) as Partial<ChainedSchedulerOptions>;
    missing(fn, ['schedulers'], bound);
    const schedulers = [...bound.schedulers!];
    if (schedulers.length === 0) throw new RangeError('ChainedScheduler expects at least one scheduler');
    for (let i = 1; i < schedulers.length; i++) {
      if (schedulers[i].optimizer !== schedulers[0].optimizer) {
        throw new RangeError(
          `ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`,
        );
      }
    }
    this.schedulers = schedulers;
    this.optimizer = schedulers[0].optimizer;
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Steps every scheduler, in order (PyTorch: `ChainedScheduler.step()`). */
  step(): void {
    // biome-ignore lint/complexity/noArguments: takes none; JavaScript callers may pass an epoch
    if (arguments.length > 0) checkNoEpoch('ChainedScheduler', arguments);
    for (const s of this.schedulers) s.step();
    this.lastLr = this.schedulers.at(-1)!.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The learning rate of each group as set by the last step (PyTorch: `get_last_lr()`). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The fields, with each scheduler's state dict in `schedulers` (PyTorch: `state_dict()`). */
  stateDict(): SchedulerStateDict {
    return stateWith(this, this.schedulers);
  }

  /** Restores the fields and each scheduler's state (PyTorch: `load_state_dict`). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadWith(this, this.schedulers, stateDict);
  }
}

function stateWith(owner: object, schedulers: readonly ChainableScheduler[]): SchedulerStateDict {
  const out: SchedulerStateDict = {};
  for (const [key, value] of Object.entries(owner)) {
    if (key !== 'optimizer' && key !== 'schedulers') out[key] = copyData(value);
  }
  out.schedulers = schedulers.map((s) => s.stateDict());
  return out;
}

function loadWith(
  owner: object,
  schedulers: readonly ChainableScheduler[],
  stateDict: SchedulerStateDict,
): void {
  for (const [key, value] of Object.entries(stateDict)) {
    if (key !== 'optimizer' && key !== 'schedulers')
      (owner as Record<string, unknown>)[key] = copyData(value);
  }
  const states = (stateDict.schedulers ?? []) as SchedulerStateDict[];
  states.forEach((s, i) => {
    schedulers[i].loadStateDict(s);
  });
}
