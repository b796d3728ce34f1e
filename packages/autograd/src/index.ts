/**
 * @typetorch/autograd: reverse-mode automatic differentiation for @typetorch/tensor. Importing it
 * installs the engine into the tensor package's dispatch point, which enables `backward()`.
 *
 * @packageDocumentation
 */
import { installAutograd } from '@typetorch/tensor';
import { engine } from './engine.js';
import './formulas/index.js';

installAutograd(engine);

export {
  type BackwardContext,
  defineGradient,
  differentiableOps,
  type Formula,
  type TensorMeta,
} from './formulas/registry.js';
export { Function, FunctionCtx, type FunctionOutput } from './function.js';
export { type GradOptions, grad } from './grad.js';
export { enableGrad, isGradEnabled, noGrad, setGradEnabled } from './grad-mode.js';
export { type GradcheckFunction, type GradcheckOptions, gradcheck } from './gradcheck.js';
