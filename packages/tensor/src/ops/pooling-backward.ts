/**
 * Max pooling's input gradient as one op, `maxPool2dBackward` (PyTorch:
 * `max_pool2d_with_indices_backward`): a backend's fast path (`FastPaths.maxPool2dBackward`) zeroes
 * each plane and adds the output gradient at the saved indices in one pass; the reference composition
 * is a `scatterAdd` into a zeroed canvas. Both add in ascending output position within each plane, so
 * they give the same bits.
 */
import { positional } from '../arity.js';
import type { Backend } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { isIntegral } from '../dtype.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkFloating } from './conv.js';
import { zeros } from './creation.js';
import { checkIndicesOnDevice } from './int-checks.js';
import { disposeTemps, outputTensor, viewOf } from './internal.js';

/** Keyword options of {@link maxPool2dBackward} (PyTorch has none: its kernel never checks indices). */
export interface MaxPool2dBackwardOptions {
  /**
   * Check that every index lies in `[-1, H * W)` (default true). Pass false only for indices that
   * `maxPool2d` wrote and nothing modified since (autograd's saved outputs, whose version it checks):
   * the check reads the whole index tensor back. Kernels skip an index outside the plane either way
   * (PyTorch has none: its kernel trusts the indices).
   */
  readonly checkIndices?: boolean;
}

/** Rejects indices outside `[-1, size)`: on the host where the device reads synchronously, else on the device. */
function checkRange(backend: Backend, indices: Tensor, size: number): void {
  const op = 'max_pool2d_with_indices_backward()';
  checkIndicesOnDevice(backend, op, indices, -1, size);
  if (!backend.capabilities.syncRead || indices.numel() === 0) return;
  const values = backend.readSync!(viewOf(indices));
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < -1 || v >= size)
      throw new RangeError(`${op}: index ${v} is out of bounds for a plane of ${size} elements`);
  }
}

/**
 * The reference max-pool backward of 4-D `grad` and `indices` into `[N, C, H, W]`: `grad` scattered
 * (added) at `indices + 1` into a zeroed `[N, C, H * W + 1]`, whose column 0 takes the -1 indices and
 * is dropped; what `FastPaths.maxPool2dBackward` is checked against (PyTorch: the scatter form of
 * `max_pool2d_with_indices_backward`).
 */
export function maxPool2dBackwardComposite(grad: Tensor, indices: Tensor, H: number, W: number): Tensor {
  const [N, C, oH, oW] = grad.shape;
  const L = oH * oW;
  const canvas = zeros([N, C, H * W + 1], { dtype: grad.dtype, device: grad.device });
  const flat = indices.reshape([N, C, L]);
  const shifted = flat.add(1);
  const src = grad.reshape([N, C, L]);
  canvas.scatterAdd_(2, shifted, src);
  const cropped = canvas.narrow(2, 1, H * W);
  const out = cropped.reshape([N, C, H, W]).contiguous();
  disposeTemps([canvas, flat, shifted, src, cropped], [out, grad, indices]);
  return out;
}

/** The gradient of 4-D `grad`: the backend's fast path, else {@link maxPool2dBackwardComposite}. */
function maxPool2dBackwardKernel(backend: Backend, grad: Tensor, indices: Tensor, H: number, W: number) {
  const kernel = backend.fast?.maxPool2dBackward;
  if (kernel === undefined) return maxPool2dBackwardComposite(grad, indices, H, W);
  const out = outputTensor(backend, [grad.shape[0], grad.shape[1], H, W], grad.dtype);
  if (out.numel() === 0) return out;
  const idx = indices.isContiguous() ? indices : indices.contiguous();
  kernel.call(backend.fast, viewOf(grad), viewOf(idx), viewOf(out));
  if (idx !== indices) idx.dispose();
  return out;
}

function checkArguments(grad: Tensor, indices: Tensor, inputSize: readonly [number, number]): void {
  const op = 'max_pool2d_with_indices_backward()';
  checkFloating('max_pool2d_with_indices_backward', grad);
  if (!isIntegral(indices.dtype))
    throw new TypeError(`${op}: Expected dtype int64 for indices, got ${indices.dtype}`);
  if (grad.ndim !== 3 && grad.ndim !== 4)
    throw new RangeError(`${op}: Expected 3D or 4D grad_output, but got ${formatShape(grad.shape)}`);
  if (formatShape(indices.shape) !== formatShape(grad.shape))
    throw new RangeError(
      `${op}: Expected indices of grad_output's shape ${formatShape(grad.shape)}, but got ${formatShape(indices.shape)}`,
    );
  if (inputSize.length !== 2 || inputSize.some((s) => !Number.isInteger(s) || s < 0))
    throw new RangeError(`${op}: Expected an input size of two non-negative integers, got [${inputSize}]`);
}

/**
 * The gradient of `maxPool2d` with respect to its input (PyTorch: `torch.ops.aten.max_pool2d_with_indices_backward`):
 * `grad` (`[N, C, oH, oW]` or `[C, oH, oW]`) added, per plane, at the flat positions `indices`
 * (as `maxPool2d(..., { returnIndices: true })` returns them; -1 adds nothing) of a zeroed
 * `[N, C, H, W]` (or `[C, H, W]`), where `inputSize` is `[H, W]`. Overlapping windows add up, in
 * ascending output position.
 */
function maxPool2dBackwardImpl(
  grad: Tensor,
  indices: Tensor,
  inputSize: readonly [number, number],
  options: MaxPool2dBackwardOptions = {},
): Tensor {
  checkArguments(grad, indices, inputSize);
  const [H, W] = inputSize;
  return dispatch('maxPool2dBackward', [grad, indices], {}, (backend) => {
    if (options.checkIndices !== false) checkRange(backend, indices, H * W);
    if (grad.ndim === 4) return maxPool2dBackwardKernel(backend, grad, indices, H, W);
    const g = grad.unsqueeze(0);
    const i = indices.unsqueeze(0);
    const out = maxPool2dBackwardKernel(backend, g, i, H, W);
    const squeezed = out.squeeze(0);
    disposeTemps([g, i, out], [squeezed, grad, indices]);
    return squeezed;
  });
}

/**
 * The gradient of `maxPool2d` with respect to its input (PyTorch: `torch.ops.aten.max_pool2d_with_indices_backward`):
 * `grad` (`[N, C, oH, oW]` or `[C, oH, oW]`) added, per plane, at the flat positions `indices`
 * (as `maxPool2d(..., { returnIndices: true })` returns them; -1 adds nothing) of a zeroed
 * `[N, C, H, W]` (or `[C, H, W]`), where `inputSize` is `[H, W]`. Overlapping windows add up, in
 * ascending output position.
 */
export const maxPool2dBackward = positional(maxPool2dBackwardImpl, 'maxPool2dBackward', 3, 4);
