/** `torch.nn.utils`: gradient clipping and parameters as one vector. */
export {
  type ClipGradNormOptions,
  clipGradNorm_,
  clipGradValue_,
  type TensorOrTensors,
} from './clip-grad.js';
export { parametersToVector, vectorToParameters } from './convert.js';
