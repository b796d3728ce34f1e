/** Weight initialisation (PyTorch: `torch.nn.init`), as `import { init } from '@typetorch/nn'`. */
export {
  calculateCorrectFan,
  calculateFanInAndFanOut,
  calculateGain,
  type FanMode,
  type Nonlinearity,
} from './fan.js';
export {
  constant_,
  type InitOptions,
  type KaimingOptions,
  kaimingNormal_,
  kaimingUniform_,
  normal_,
  ones_,
  uniform_,
  xavierNormal_,
  xavierUniform_,
  zeros_,
} from './init.js';
