/**
 * The row of the fixture op table for `addmm` (PyTorch: `torch.addmm`), recorded by
 * `scripts/fixtures/addmm.py` (group `pytorch:addmm`), forward and gradients.
 */
import * as torch from '@typetorch/tensor';
import { Tensor } from '@typetorch/tensor';
import type { Args, FixtureOp, Op, Operand } from './pytorch-cases.js';

/** The arguments addmm takes beyond the shared {@link Args}. */
interface AddmmArgs extends Args {
  beta?: number;
  alpha?: number;
}

/** Harness errors start with 'fixture: ' (pytorch-cases.ts's FIXTURE). */
function T(x: Operand): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`fixture: expected a tensor operand, got ${String(x)}`);
  return x;
}

export const ADDMM_OPS: Partial<Record<FixtureOp, Op>> = {
  addmm: ([x, a, b], args) => {
    const { beta, alpha } = args as AddmmArgs;
    return torch.addmm(T(x), T(a), T(b), { beta, alpha });
  },
};
