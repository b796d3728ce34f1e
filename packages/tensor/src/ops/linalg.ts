/**
 * Matrix products with PyTorch's `matmul` rules: 1-D·1-D is a dot product, 2-D·2-D a matrix
 * product, a 1-D operand gets a dim prepended/appended and removed afterwards, and batch dims
 * broadcast. Every form reaches the backend as one batched `[B, M, K] x [B, K, N]` kernel.
 */
import type { Backend, View } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { isFloating } from '../dtype.js';
import { broadcastShapes, formatShape, numelOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { disposeTemps, newTensor, outputTensor, viewOf, viewStrides, viewWith } from './internal.js';

function checkFloating(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new TypeError(
      `${op}(): expected both arguments to have the same dtype, but got: ${a.dtype} != ${b.dtype}`,
    );
  }
  if (!isFloating(a.dtype)) {
    throw new TypeError(
      `${op}(): "addmm_impl" not implemented for '${a.dtype}': use float32 or float64 tensors`,
    );
  }
}

/**
 * A 3-D `[B, R, C]` view of `t` (whose last two dims are R, C and whose batch dims have been
 * broadcast to `batch`), copying only when the batch dims cannot be folded into one stride.
 */
function asBatched(backend: Backend, t: Tensor, batch: readonly number[], temps: Tensor[]): View {
  const r = t.shape[t.ndim - 2];
  const c = t.shape[t.ndim - 1];
  const lead = batch.length - (t.ndim - 2);
  const bStrides = batch.map((_, i) => {
    const j = i - lead;
    return j < 0 || t.shape[j] === 1 ? 0 : t.strides[j];
  });
  const rs = t.strides[t.ndim - 2];
  const cs = t.strides[t.ndim - 1];
  const B = numelOf(batch);
  const real = batch.map((size, i) => [size, bStrides[i]] as const).filter(([size]) => size !== 1);
  if (real.every(([, stride]) => stride === 0)) return viewWith(t, [B, r, c], [0, rs, cs]);
  if (real.every(([, stride]) => stride !== 0)) {
    const folded = viewStrides(
      real.map(([size]) => size),
      real.map(([, stride]) => stride),
      [B],
    );
    if (folded !== null) return viewWith(t, [B, r, c], [folded[0], rs, cs]);
  }
  // Mixed broadcast/real batch dims or a non-foldable layout: materialise the broadcast operand.
  const full = newTensor(backend, [...batch, r, c], t.dtype);
  backend.copy(viewWith(t, [...batch, r, c], [...bStrides, rs, cs]), viewOf(full));
  temps.push(full);
  return viewWith(full, [B, r, c], [r * c, c, 1]);
}

/** Batched product of tensors with >= 2 dims each, already dtype-checked. */
function batchedMatmul(backend: Backend, a: Tensor, b: Tensor): Tensor {
  const m = a.shape[a.ndim - 2];
  const k = a.shape[a.ndim - 1];
  const k2 = b.shape[b.ndim - 2];
  const n = b.shape[b.ndim - 1];
  if (k !== k2) {
    throw new RangeError(
      `mat1 and mat2 shapes cannot be multiplied (${numelOf(a.shape.slice(0, -1))}x${k} and ${k2}x${n})`,
    );
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  // With K = 0 the product is zeros, which the kernel need not write: only then keep the zeroing.
  const shape = [...batch, m, n];
  const out = k === 0 ? newTensor(backend, shape, a.dtype) : outputTensor(backend, shape, a.dtype);
  const B = numelOf(batch);
  if (B === 0 || m === 0 || n === 0) return out;
  const temps: Tensor[] = [];
  // A batched operand times a plain matrix is one big matrix product when the batch folds into rows.
  if (b.ndim === 2 && a.ndim > 2) {
    const rows = viewStrides(a.shape.slice(0, -1), a.strides.slice(0, -1), [B * m]);
    if (rows !== null) {
      backend.matmul(
        viewWith(a, [1, B * m, k], [0, rows[0], a.strides[a.ndim - 1]]),
        viewWith(b, [1, k, n], [0, b.strides[0], b.strides[1]]),
        viewWith(out, [1, B * m, n], [0, n, 1], 0),
      );
      return out;
    }
  }
  const va = asBatched(backend, a, batch, temps);
  const vb = asBatched(backend, b, batch, temps);
  backend.matmul(va, vb, viewWith(out, [B, m, n], [m * n, n, 1], 0));
  disposeTemps(temps, []);
  return out;
}

/** Matrix product with broadcasting (PyTorch: `torch.matmul`, the `@` operator). */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new RangeError(
      `both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`,
    );
  }
  checkFloating('matmul', a, b);
  return dispatch('matmul', [a, b], {}, (backend) => {
    if (a.ndim === 1 && b.ndim === 1) {
      if (a.shape[0] !== b.shape[0]) {
        throw new RangeError(
          `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
        );
      }
    }
    const a2 = a.ndim === 1 ? a.unsqueeze(0) : a;
    const b2 = b.ndim === 1 ? b.unsqueeze(1) : b;
    const out = batchedMatmul(backend, a2, b2);
    disposeTemps([a2, b2], [a, b]);
    if (a.ndim > 1 && b.ndim > 1) return out;
    const shape = [...out.shape];
    if (b.ndim === 1) shape.pop();
    if (a.ndim === 1) shape.splice(shape.length - (b.ndim === 1 ? 1 : 2), 1);
    const result = out.reshape(shape);
    out.dispose();
    return result;
  });
}

/** Product of two matrices (PyTorch: `torch.mm`). */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2) throw new RangeError(`self must be a matrix`);
  if (b.ndim !== 2) throw new RangeError(`mat2 must be a matrix`);
  return matmul(a, b);
}

/** Batched product of 3-D tensors with equal batch sizes (PyTorch: `torch.bmm`). */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3) throw new RangeError(`batch1 must be a 3D tensor`);
  if (b.ndim !== 3) throw new RangeError(`batch2 must be a 3D tensor`);
  if (b.shape[0] !== a.shape[0] || b.shape[1] !== a.shape[2]) {
    throw new RangeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`,
    );
  }
  return matmul(a, b);
}

/** Dot product of two 1-D tensors (PyTorch: `torch.dot`). */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new RangeError(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  }
  return matmul(a, b);
}

/** Outer product of two 1-D tensors (PyTorch: `torch.outer`). */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new RangeError(
      `outer(): expected 1D tensors, but got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  // A composition, not an op of its own: autograd differentiates it through unsqueeze and mul.
  const col = a.unsqueeze(1);
  const row = b.unsqueeze(0);
  const out = col.mul(row);
  col.dispose();
  row.dispose();
  return out;
}

/** Scale factors of {@link addmm} (PyTorch's keyword-only `beta` and `alpha`). */
export interface AddmmOptions {
  /** Multiplier of `input`; default 1. With 0, `input` is ignored (its NaN and inf do not propagate) (PyTorch: `beta`). */
  beta?: number;
  /** Multiplier of `mat1 @ mat2`; default 1 (PyTorch: `alpha`). */
  alpha?: number;
}

/** PyTorch's `expand` check of `input` against the product's `[n, p]`. */
function checkAddmmInput(input: Tensor, target: readonly [number, number]): void {
  if (input.ndim > 2) {
    throw new RangeError(
      `expand(torch.FloatTensor{[${input.shape.join(', ')}]}, size=[${target.join(', ')}]): the number of sizes provided (2) must be greater or equal to the number of dimensions in the tensor (${input.ndim})`,
    );
  }
  const lead = 2 - input.ndim;
  input.shape.forEach((size, i) => {
    if (size !== 1 && size !== target[i + lead]) {
      throw new RangeError(
        `The expanded size of the tensor (${target[i + lead]}) must match the existing size (${size}) at non-singleton dimension ${i + lead}.  Target sizes: [${target.join(', ')}].  Tensor sizes: [${input.shape.join(', ')}]`,
      );
    }
  });
}

/**
 * `beta * input + alpha * (mat1 @ mat2)` for matrices `mat1` `[n, m]` and `mat2` `[m, p]`, with
 * `input` broadcastable to `[n, p]` (PyTorch: `torch.addmm(input, mat1, mat2, *, beta=1, alpha=1)`).
 * `nn.functional.linear` runs it for a 2-D input with a bias, so its node is `AddmmBackward0`.
 */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, options: AddmmOptions = {}): Tensor {
  const { beta = 1, alpha = 1 } = options;
  if (mat1.ndim !== 2) throw new RangeError(`mat1 must be a matrix, got ${mat1.ndim}-D tensor`);
  if (mat2.ndim !== 2) throw new RangeError(`mat2 must be a matrix, got ${mat2.ndim}-D tensor`);
  if (mat1.shape[1] !== mat2.shape[0]) {
    throw new RangeError(
      `mat1 and mat2 shapes cannot be multiplied (${mat1.shape[0]}x${mat1.shape[1]} and ${mat2.shape[0]}x${mat2.shape[1]})`,
    );
  }
  checkAddmmInput(input, [mat1.shape[0], mat2.shape[1]]);
  if (input.dtype !== mat1.dtype || mat1.dtype !== mat2.dtype) {
    throw new TypeError('self and mat2 must have the same dtype');
  }
  checkFloating('addmm', mat1, mat2);
  return dispatch('addmm', [input, mat1, mat2], { beta, alpha }, (backend) => {
    const product = batchedMatmul(backend, mat1, mat2);
    const scaled = alpha === 1 ? product : product.mul(alpha);
    if (scaled !== product) product.dispose();
    // PyTorch's BLAS contract: with beta = 0 the input is not read (its NaN and inf do not propagate).
    if (beta === 0) return scaled;
    const term = beta === 1 ? input : input.mul(beta);
    const out = term.add(scaled);
    disposeTemps([term, scaled], [input]);
    return out;
  });
}
