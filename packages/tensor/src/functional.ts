/**
 * Function forms of tensor methods, as in the `torch` namespace (`torch.add(a, b)`, `torch.exp(x)`).
 * Operands of binary functions may be JS numbers.
 */
import type { BinaryOp, UnaryOp } from './backend/contract.js';
import { binary, unary } from './ops/elementwise.js';
import type { TensorLike } from './ops/internal.js';
import type { Tensor } from './tensor.js';

const bin = (op: BinaryOp) => (a: TensorLike, b: TensorLike) => binary(op, a, b);
const un = (op: UnaryOp) => (x: Tensor) => unary(op, x);

/** PyTorch: `torch.add` (use `a.add(b, { alpha })` for alpha). */
export const add = bin('add');
export const sub = bin('sub');
export const mul = bin('mul');
export const div = bin('div');
export const pow = bin('pow');
export const maximum = bin('maximum');
export const minimum = bin('minimum');
export const floorDivide = bin('floorDivide');
export const remainder = bin('remainder');
/**
 * The gradient of ReLU given its output: `grad` where `output > 0` (or NaN), 0 elsewhere, in one
 * kernel (PyTorch: `torch.ops.aten.threshold_backward(grad, output, 0)`). Floating dtypes only.
 */
export const reluBackward = bin('reluBackward');
export const eq = bin('eq');
export const ne = bin('ne');
export const lt = bin('lt');
export const le = bin('le');
export const gt = bin('gt');
export const ge = bin('ge');
export const logicalAnd = bin('logicalAnd');
export const logicalOr = bin('logicalOr');
export const logicalXor = bin('logicalXor');
export const logicalNot = un('logicalNot');
export const neg = un('neg');
export const abs = un('abs');
export const exp = un('exp');
export const expm1 = un('expm1');
export const log = un('log');
export const log1p = un('log1p');
export const sqrt = un('sqrt');
export const rsqrt = un('rsqrt');
export const sin = un('sin');
export const cos = un('cos');
export const tanh = un('tanh');
export const sigmoid = un('sigmoid');
/** The Gauss error function (PyTorch: `torch.erf`). */
export const erf = un('erf');
export const relu = un('relu');
export const sign = un('sign');
export const floor = un('floor');
export const ceil = un('ceil');
export const round = un('round');
export const trunc = un('trunc');
export const reciprocal = un('reciprocal');
export const square = un('square');
export const isnan = un('isnan');
