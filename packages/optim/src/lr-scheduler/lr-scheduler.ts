/**
 * The base of the epoch-indexed learning-rate schedulers (PyTorch: `torch.optim.lr_scheduler._LRScheduler`,
 * `LRScheduler` in PyTorch 2).
 */
import { Optimizer, optimizerStepCount, typeName } from '../optimizer.js';
import { checkNoEpoch, formatE4, formatEpoch } from './args.js';

/** A scheduler's state dict: its fields, without the optimizer (PyTorch: `scheduler.state_dict()`). */
export type SchedulerStateDict = Record<string, unknown>;

/** Deep copy of plain data (arrays and plain objects); functions and other objects are kept as they are. */
export function copyData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyData(v)])) as T;
  }
  return value;
}

/** Checks the argument is an Optimizer, as PyTorch's schedulers do. */
export function checkOptimizer(optimizer: unknown): void {
  if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeName(optimizer)} is not an Optimizer`);
}

/**
 * Base class of the schedulers that step once per epoch (or batch). Each `step()` advances
 * `lastEpoch` and writes the new learning rate into every parameter group's `lr`.
 *
 * Subclasses set their own fields, then call {@link initialStep} at the end of their constructor
 * (JavaScript runs a subclass's field assignments only after the base constructor returns, so the base
 * cannot take the initial step itself as PyTorch's does).
 */
export abstract class LRScheduler {
  /** The optimizer whose learning rates it sets (PyTorch: `optimizer`). */
  readonly optimizer: Optimizer;
  /** The learning rates the schedule starts from: each group's `initialLr` (PyTorch: `base_lrs`). */
  baseLrs: number[];
  /** The index of the last epoch; -1 before the initial step (PyTorch: `last_epoch`). */
  lastEpoch: number;
  /** Calls of `step()`, the initial one included (PyTorch: `_step_count`). */
  protected stepCount = 0;
  /** The learning rates set by the last step (PyTorch: `_last_lr`). */
  protected lastLr: number[] = [];
  /** Print each group's new learning rate on every step, as PyTorch's `verbose=True` does. */
  verbose: boolean;
  #optimizerStepsAtStart = 0;

  /**
   * @param lastEpoch -1 to start the schedule; otherwise the epoch to resume after, in which case every
   *   group must already have `initialLr` (from a previous scheduler or a loaded optimizer state).
   * @param verbose print `Adjusting learning rate of group 0 to 1.0000e-02.` on every step.
   */
  constructor(optimizer: Optimizer, lastEpoch = -1, verbose = false) {
    checkOptimizer(optimizer);
    if (typeof verbose !== 'boolean') {
      throw new TypeError(
        `${new.target.name}.__init__(): argument 'verbose' must be bool, not ${typeof verbose}`,
      );
    }
    this.verbose = verbose;
    this.optimizer = optimizer;
    if (lastEpoch === -1) {
      for (const group of optimizer.paramGroups)
        if (group.initialLr === undefined) group.initialLr = group.lr;
    } else {
      optimizer.paramGroups.forEach((group, i) => {
        if (group.initialLr === undefined) {
          throw new Error(
            `param 'initialLr' is not specified in paramGroups[${i}] when resuming an optimizer`,
          );
        }
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  /**
   * Takes the initial step that sets the first learning rate; subclasses call it last in their
   * constructor, and SequentialLR calls it on its first scheduler (PyTorch: `_initial_step`).
   */
  initialStep(): void {
    this.#optimizerStepsAtStart = optimizerStepCount(this.optimizer);
    this.stepCount = 0;
    this.step();
  }

  /** The learning rates for the current `lastEpoch`, in the chainable form (PyTorch: `get_lr`). */
  abstract getLr(): number[];

  /** The learning rates at `lastEpoch` from `baseLrs` alone, where PyTorch has it (`_get_closed_form_lr`). */
  protected closedFormLr?(): number[];

  /** The learning rate of each group as set by the last step (PyTorch: `get_last_lr()`). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /**
   * Advances the schedule by one epoch and sets each group's `lr` (PyTorch: `scheduler.step()`).
   * PyTorch's deprecated `step(epoch)` throws.
   */
  step(): void {
    // biome-ignore lint/complexity/noArguments: takes none; JavaScript callers may pass an epoch
    if (arguments.length > 0) checkNoEpoch(this.constructor.name, arguments);
    this.advance();
  }

  /**
   * Sets `lastEpoch` to `epoch` and the learning rates to the closed form there (`getLr()` where there
   * is none): PyTorch's `step(epoch)` without its deprecation warning, which SequentialLR uses to
   * restart a scheduler at its milestone (`scheduler.step(0)`). Prints `Epoch 00000: adjusting ...`
   * when verbose.
   */
  stepAt(epoch: number): void {
    this.advance(epoch);
  }

  private advance(epoch?: number): void {
    if (this.stepCount === 1 && optimizerStepCount(this.optimizer) - this.#optimizerStepsAtStart < 1) {
      console.warn(
        'Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate',
      );
    }
    this.stepCount++;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch++;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr ? this.closedFormLr() : this.getLr();
    }
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i];
      if (this.verbose) console.log(adjusting(i, values[i], epoch));
    });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Every field except the optimizer (PyTorch: `state_dict()`). */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [key, value] of Object.entries(this)) if (key !== 'optimizer') out[key] = copyData(value);
    return out;
  }

  /** Restores the fields saved by {@link LRScheduler.stateDict} (PyTorch: `load_state_dict`). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    for (const [key, value] of Object.entries(stateDict)) {
      if (key !== 'optimizer') (this as unknown as Record<string, unknown>)[key] = copyData(value);
    }
  }
}

/** PyTorch's `print_lr` message: `Adjusting learning rate of group 0 to 1.0000e-02.`, with an epoch `Epoch 00003: adjusting ...`. */
export function adjusting(group: number, lr: number, epoch?: number): string {
  const what = `learning rate of group ${group} to ${formatE4(lr)}.`;
  return epoch === undefined ? `Adjusting ${what}` : `Epoch ${formatEpoch(epoch)}: adjusting ${what}`;
}
