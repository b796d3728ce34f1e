/**
 * The binary elementwise ops (broadcasting, PyTorch's type promotion, either operand may be a JS
 * number): one row each, which is also the function form (`torch.mul(a, b)`); the method `a.mul(b)`
 * (and `a.mul_(b)` where `inPlace`) is derived from the row unless the row says otherwise. Each reaches
 * the backend as the contract's `binary(op, a, b, out)` kernel.
 */
import { binaryOp } from './elementwise-row.js';

/** Sum (PyTorch: `torch.add`; use `a.add(b, { alpha })` for alpha). */
export const add = binaryOp('add', {
  differentiable: true,
  inPlace: true,
  method: 'custom',
  intOverflow: true,
});
/** Difference; rejects bool operands (PyTorch: `torch.sub`; `a.sub(b, { alpha })` for alpha). */
export const sub = binaryOp('sub', {
  differentiable: true,
  inPlace: true,
  method: 'custom',
  intOverflow: true,
});
/** Product (PyTorch: `torch.mul`). */
export const mul = binaryOp('mul', { differentiable: true, inPlace: true, intOverflow: true });
/** True division, always floating (PyTorch: `torch.div`). */
export const div = binaryOp('div', { differentiable: true, computes: 'float', inPlace: true });
/** Power (PyTorch: `torch.pow`). */
export const pow = binaryOp('pow', { differentiable: true, noBool: true, inPlace: true, intOverflow: true });
/** Elementwise maximum, NaN-propagating (PyTorch: `torch.maximum`). */
export const maximum = binaryOp('maximum', { differentiable: true, inPlace: true });
/** Elementwise minimum, NaN-propagating (PyTorch: `torch.minimum`). */
export const minimum = binaryOp('minimum', { differentiable: true, inPlace: true });
/** Division rounded toward -infinity (PyTorch: `torch.floor_divide`). */
export const floorDivide = binaryOp('floorDivide', {
  differentiable: true,
  noBool: true,
  intOverflow: true,
  intDivision: true,
});
/** Remainder with the sign of the divisor (PyTorch: `torch.remainder`). */
export const remainder = binaryOp('remainder', { differentiable: true, noBool: true, intDivision: true });
/**
 * The gradient of ReLU given its output: `grad` where `output > 0` (or NaN), 0 elsewhere, in one
 * kernel (PyTorch: `torch.ops.aten.threshold_backward(grad, output, 0)`). Floating dtypes only.
 */
export const reluBackward = binaryOp('reluBackward', { differentiable: true, method: 'none' });
/** `a == b` (PyTorch: `torch.eq`). */
export const eq = binaryOp('eq', { differentiable: false, compares: true });
/** `a != b` (PyTorch: `torch.ne`). */
export const ne = binaryOp('ne', { differentiable: false, compares: true });
/** `a < b` (PyTorch: `torch.lt`). */
export const lt = binaryOp('lt', { differentiable: false, compares: true });
/** `a <= b` (PyTorch: `torch.le`). */
export const le = binaryOp('le', { differentiable: false, compares: true });
/** `a > b` (PyTorch: `torch.gt`). */
export const gt = binaryOp('gt', { differentiable: false, compares: true });
/** `a >= b` (PyTorch: `torch.ge`). */
export const ge = binaryOp('ge', { differentiable: false, compares: true });
/** Logical and, on the truth of each element (PyTorch: `torch.logical_and`). */
export const logicalAnd = binaryOp('logicalAnd', { differentiable: false, logical: true });
/** Logical or (PyTorch: `torch.logical_or`). */
export const logicalOr = binaryOp('logicalOr', { differentiable: false, logical: true });
/** Logical exclusive or (PyTorch: `torch.logical_xor`). */
export const logicalXor = binaryOp('logicalXor', { differentiable: false, logical: true });
