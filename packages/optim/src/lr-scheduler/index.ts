/**
 * Learning-rate schedulers (PyTorch: `torch.optim.lr_scheduler`), used as
 * `import { lrScheduler } from '@typetorch/optim'` and `new lrScheduler.StepLR(optimizer, { stepSize: 30 })`.
 */
export { LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';
export { OneCycleLR, type OneCycleLROptions } from './one-cycle-lr.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export {
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  type LrLambda,
  MultiStepLR,
  StepLR,
} from './schedulers.js';
