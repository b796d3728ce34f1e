/** The public functions of ops/softmax.ts with their positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './softmax.js';

export * from './softmax.js';
/** Log-softmax over `dim` (PyTorch: `torch.log_softmax`). */
export const logSoftmax = positional(ops.logSoftmax, 'logSoftmax', 2, 2);
/** Softmax over `dim` (PyTorch: `torch.softmax`). */
export const softmax = positional(ops.softmax, 'softmax', 2, 2);
