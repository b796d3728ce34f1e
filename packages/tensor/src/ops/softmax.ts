/**
 * `softmax` and `logSoftmax` over one dim (PyTorch: `torch.softmax`, `torch.log_softmax`).
 * Uses the backend's fused kernel when it has one, else the stable composition
 * `exp(x - max) / sum(exp(x - max))`.
 */
import type { Backend } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { toFloating } from '../dtype.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { dimArgs } from './args.js';
import { binary, unary } from './elementwise.js';
import { castTo, disposeTemps, newTensor, viewOf } from './internal.js';
import { amax, sum } from './reduce.js';
import { contiguous, transpose } from './views.js';

/** The reference composition every fused softmax kernel is checked against (PyTorch: `torch.softmax`, `torch.log_softmax` when `log`). */
export function softmaxComposite(x: Tensor, dim: number, log: boolean): Tensor {
  const m = amax(x, dim, true);
  const shifted = binary('sub', x, m);
  const e = unary('exp', shifted);
  const s = sum(e, dim, true);
  let out: Tensor;
  if (log) {
    const ls = unary('log', s);
    out = binary('sub', shifted, ls);
    ls.dispose();
  } else {
    out = binary('div', e, s);
  }
  disposeTemps([m, shifted, e, s], [out]);
  return out;
}

function fused(backend: Backend, x: Tensor, d: number, log: boolean): Tensor | undefined {
  const kernel = backend.fast?.softmax;
  if (kernel === undefined || x.numel() === 0) return undefined;
  const last = x.ndim - 1;
  const moved = d === last ? x : transpose(x, d, last);
  const input = contiguous(moved);
  const out = newTensor(backend, input.shape, input.dtype);
  kernel.call(backend.fast, viewOf(input), viewOf(out), log);
  disposeTemps([moved, input], [x]);
  if (d === last) return out;
  const back = transpose(out, d, last);
  const result = contiguous(back);
  disposeTemps([out, back], [result]);
  return result;
}

function run(name: 'softmax' | 'logSoftmax', x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim, name === 'softmax' ? 'softmax' : 'log_softmax');
  return dispatch(name, [x], { dim: d }, (backend) => {
    const input = castTo(backend, x, toFloating(x.dtype));
    // An empty tensor has nothing to normalise (and amax rejects an empty dim): the result is empty.
    if (input.numel() === 0) return input === x ? newTensor(backend, x.shape, x.dtype) : input;
    const log = name === 'logSoftmax';
    // A 0-d input behaves as one element along dim 0, as in PyTorch.
    const flat = input.ndim === 0 ? input.reshape([1]) : input;
    const res = fused(backend, flat, d, log) ?? softmaxComposite(flat, d, log);
    const out = input.ndim === 0 ? res.reshape([]) : res;
    disposeTemps([input, flat, res], [x, out]);
    return out;
  });
}

/** Softmax over `dim` (PyTorch: `torch.softmax`). */
export function softmax(x: Tensor, dim: number | { dim: number }): Tensor {
  return run('softmax', x, dimArgs('softmax', [dim], 1, undefined).dim);
}

/** Log-softmax over `dim` (PyTorch: `torch.log_softmax`). */
export function logSoftmax(x: Tensor, dim: number | { dim: number }): Tensor {
  return run('logSoftmax', x, dimArgs('log_softmax', [dim], 1, undefined).dim);
}
