/**
 * @typetorch/nn: PyTorch's torch.nn in TypeScript. Use as `import * as nn from '@typetorch/nn'` and
 * `import { F } from '@typetorch/nn'` (torch.nn.functional).
 */
export { type LoadResult, Module, type StateDict } from './module.js';
export { ModuleDict, ModuleList, Sequential } from './modules/containers.js';
export { Parameter } from './parameter.js';
