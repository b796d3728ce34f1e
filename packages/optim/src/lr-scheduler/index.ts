/**
 * Learning-rate schedulers (PyTorch: `torch.optim.lr_scheduler`), used as
 * `import { lrScheduler } from '@typetorch/optim'` and `new lrScheduler.StepLR(optimizer, 30)` or
 * `new lrScheduler.StepLR(optimizer, { stepSize: 30 })`: PyTorch 1.13's positional order, an options
 * object, or positional values then an options object.
 *
 * @packageDocumentation
 */

export type { Prefixes, SchedulerArgs } from './args.js';
export { CyclicLR, type CyclicLROptions, type ScaleFn } from './cyclic-lr.js';
export { LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';
export { OneCycleLR, type OneCycleLROptions, type OneCycleLRPhase } from './one-cycle-lr.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export {
  CosineAnnealingLR,
  type CosineAnnealingLROptions,
  ExponentialLR,
  type ExponentialLROptions,
  LambdaLR,
  type LambdaLROptions,
  LinearLR,
  type LinearLROptions,
  type LrLambda,
  MultiStepLR,
  type MultiStepLROptions,
  StepLR,
  type StepLROptions,
} from './schedulers.js';
export {
  ConstantLR,
  type ConstantLROptions,
  CosineAnnealingWarmRestarts,
  type CosineAnnealingWarmRestartsOptions,
  MultiplicativeLR,
  type MultiplicativeLROptions,
  PolynomialLR,
  type PolynomialLROptions,
} from './schedulers-extra.js';
export {
  type ChainableScheduler,
  ChainedScheduler,
  type ChainedSchedulerOptions,
  SequentialLR,
  type SequentialLROptions,
} from './sequential-lr.js';
