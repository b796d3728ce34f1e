/** The public function of ops/dropout-mask.ts with its positional arity checked (see arity.ts). */
import { positional } from '../arity.js';
import * as ops from './dropout-mask.js';

export { type DropoutMaskOptions, dropoutMaskComposite } from './dropout-mask.js';
/**
 * Inverted dropout's mask, `1 / (1 - p)` with probability `1 - p` and 0 otherwise, in one kernel
 * (PyTorch: the mask of `torch.native_dropout`, scaled by `1 / (1 - p)`).
 */
export const dropoutMask = positional(ops.dropoutMask, 'dropoutMask', 2, 3);
