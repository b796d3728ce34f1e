/**
 * The unary elementwise ops: one row each, which is also the function form (`torch.exp(x)`); the
 * method `x.exp()` (and `x.exp_()` where `inPlace`) is derived from the row. Each reaches the backend
 * as the contract's `unary(op, x, out)` kernel, so the CPU and WGSL kernel tables are keyed by these
 * names and a missing kernel is a compile error. CONTRIBUTING.md, "Adding an op", walks through `log2`.
 */
import { unaryOp } from './elementwise-row.js';

/** Negation (PyTorch: `torch.neg`); rejects bool, as PyTorch does. */
export const neg = unaryOp('neg', { differentiable: true, inPlace: true, intOverflow: true });
/** Absolute value (PyTorch: `torch.abs`). */
export const abs = unaryOp('abs', { differentiable: true, inPlace: true, intOverflow: true });
/** `e^x` (PyTorch: `torch.exp`). */
export const exp = unaryOp('exp', { differentiable: true, computes: 'float', inPlace: true });
/** `e^x - 1`, exact near 0 (PyTorch: `torch.expm1`). */
export const expm1 = unaryOp('expm1', { differentiable: true, computes: 'float' });
/** Natural logarithm (PyTorch: `torch.log`). */
export const log = unaryOp('log', { differentiable: true, computes: 'float', inPlace: true });
/** Base-2 logarithm (PyTorch: `torch.log2`). */
export const log2 = unaryOp('log2', { differentiable: true, computes: 'float', inPlace: true });
/** `log(1 + x)`, exact near 0 (PyTorch: `torch.log1p`). */
export const log1p = unaryOp('log1p', { differentiable: true, computes: 'float' });
/** Square root (PyTorch: `torch.sqrt`). */
export const sqrt = unaryOp('sqrt', { differentiable: true, computes: 'float', inPlace: true });
/** `1 / sqrt(x)` (PyTorch: `torch.rsqrt`). */
export const rsqrt = unaryOp('rsqrt', { differentiable: true, computes: 'float' });
/** Sine (PyTorch: `torch.sin`). */
export const sin = unaryOp('sin', { differentiable: true, computes: 'float' });
/** Cosine (PyTorch: `torch.cos`). */
export const cos = unaryOp('cos', { differentiable: true, computes: 'float' });
/** Hyperbolic tangent (PyTorch: `torch.tanh`). */
export const tanh = unaryOp('tanh', { differentiable: true, computes: 'float', inPlace: true });
/** The logistic function `1 / (1 + e^-x)` (PyTorch: `torch.sigmoid`). */
export const sigmoid = unaryOp('sigmoid', { differentiable: true, computes: 'float', inPlace: true });
/** The Gauss error function (PyTorch: `torch.erf`). */
export const erf = unaryOp('erf', { differentiable: true, computes: 'float' });
/** `max(x, 0)`; NaN stays NaN (PyTorch: `torch.relu`). */
export const relu = unaryOp('relu', { differentiable: true, inPlace: true });
/** -1, 0 or 1 (PyTorch: `torch.sign`). */
export const sign = unaryOp('sign', { differentiable: true });
/** Rounds down (PyTorch: `torch.floor`). */
export const floor = unaryOp('floor', { differentiable: true, integerIdentity: true });
/** Rounds up (PyTorch: `torch.ceil`). */
export const ceil = unaryOp('ceil', { differentiable: true, integerIdentity: true });
/** Rounds half to even (PyTorch: `torch.round`). */
export const round = unaryOp('round', { differentiable: true, integerIdentity: true });
/** Rounds toward zero (PyTorch: `torch.trunc`). */
export const trunc = unaryOp('trunc', { differentiable: true, integerIdentity: true });
/** `1 / x` (PyTorch: `torch.reciprocal`). */
export const reciprocal = unaryOp('reciprocal', { differentiable: true, computes: 'float' });
/** `x * x`; a bool squared is an integer, as PyTorch's `x ** 2` (PyTorch: `torch.square`). */
export const square = unaryOp('square', { differentiable: true, intOverflow: true });
/** Logical not, on the truth of each element (PyTorch: `torch.logical_not`). */
export const logicalNot = unaryOp('logicalNot', {
  differentiable: false,
  computes: 'bool',
  returnsBool: true,
});
/** Whether each element is NaN (PyTorch: `torch.isnan`). */
export const isnan = unaryOp('isnan', { differentiable: false, returnsBool: true });
/** Whether each element is +inf or -inf (PyTorch: `torch.isinf`). */
export const isinf = unaryOp('isinf', { differentiable: false, returnsBool: true });
/** Whether each element is finite: not inf, not NaN (PyTorch: `torch.isfinite`). */
export const isfinite = unaryOp('isfinite', { differentiable: false, returnsBool: true });
/** Whether each element is +inf (PyTorch: `torch.isposinf`). */
export const isposinf = unaryOp('isposinf', { differentiable: false, returnsBool: true });
/** Whether each element is -inf (PyTorch: `torch.isneginf`). */
export const isneginf = unaryOp('isneginf', { differentiable: false, returnsBool: true });
