/**
 * @typetorch/optim: PyTorch's torch.optim in TypeScript. Optimizers update parameters in place on
 * their device under `noGrad`; `lrScheduler` holds the learning-rate schedulers
 * (PyTorch: `torch.optim.lr_scheduler`).
 *
 * ```ts
 * import * as optim from '@typetorch/optim';
 * const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
 * const scheduler = new optim.lrScheduler.StepLR(optimizer, { stepSize: 10 });
 * ```
 *
 * @packageDocumentation
 */

export { Adadelta, type AdadeltaOptions, type AdadeltaState } from './adadelta.js';
export { Adagrad, type AdagradOptions, type AdagradState } from './adagrad.js';
export { Adam, type AdamOptions, type AdamState, AdamW } from './adam.js';
export { Adamax, type AdamaxOptions, type AdamaxState } from './adamax.js';
export type { OptimizerArgs } from './args.js';
export { ASGD, type ASGDOptions, type ASGDState } from './asgd.js';
export { LBFGS, type LBFGSClosure, type LBFGSOptions, type LBFGSState } from './lbfgs.js';
export * as lrScheduler from './lr-scheduler/index.js';
export { NAdam, type NAdamOptions, type NAdamState } from './nadam.js';
export {
  Optimizer,
  type OptimizerOptions,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type Params,
  type StateValue,
} from './optimizer.js';
export { RAdam, type RAdamOptions, type RAdamState } from './radam.js';
export { RMSprop, type RMSpropOptions, type RMSpropState } from './rmsprop.js';
export { Rprop, type RpropOptions, type RpropState } from './rprop.js';
export { SGD, type SGDOptions, type SGDState } from './sgd.js';
