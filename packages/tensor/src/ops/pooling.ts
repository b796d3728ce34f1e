/**
 * 2-D pooling (PyTorch: `torch.nn.functional.max_pool2d`, `avg_pool2d`, `adaptive_avg_pool2d`).
 *
 * A backend's fast path (`FastPaths.maxPool2d`, `avgPool2d`) runs the direct loops; the reference
 * compositions view every window of a padded copy of the input as one strided view (see `conv.ts`),
 * copy it with taps last and reduce over them:
 * - max: `amax`, and for the indices `argmax` over the taps (over the taps that hold the maximum and
 *   lie inside the input, when padding is involved), then a `gather` from a host-built table of each
 *   tap's flat input position;
 * - avg: `sum`, divided by a host-built table of PyTorch's divisors;
 * - adaptive avg: average pooling when the windows are uniform, else two matrix products with
 *   averaging matrices (`out = A_h @ x @ A_w^T`), which handles PyTorch's overlapping windows exactly.
 */
import type { Backend } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { allocTypedArray, type DType, type TypedArray } from '../dtype.js';
import type { AdaptiveAvgPoolAttrs, AvgPoolAttrs } from '../op-table/index.js';
import { contiguousStrides, formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkFloating, type Geometry, padCanvas, pair, type Size2d, tapView, windowOf } from './conv.js';
import { binary } from './elementwise.js';
import { gather } from './indexing.js';
import { castTo, disposeTemps, newTensor, viewOf, viewWith, writeHost } from './internal.js';
import { matmul } from './linalg.js';
import { amax, argmax, sum } from './reduce.js';
import { windowCount } from './window.js';

/** Keyword options of {@link maxPool2d} (PyTorch: `stride=kernel_size, padding=0, dilation=1, ...`). */
export interface MaxPool2dOptions {
  /** Defaults to `kernelSize` (also when null or an empty array, as PyTorch's `stride=None`/`[]`). */
  stride?: Size2d | null;
  /** Implicit `-Infinity` padding on both sides, at most half the kernel; default 0 (PyTorch: `padding`). */
  padding?: Size2d;
  /** Spacing between kernel taps; default 1 (PyTorch: `dilation`). */
  dilation?: Size2d;
  /** Output sizes rounded up instead of down; default false (PyTorch: `ceil_mode`). */
  ceilMode?: boolean;
  /** Also return the flat `row * W + col` position of each maximum (int32), as `[output, indices]` (PyTorch: `return_indices`). */
  returnIndices?: boolean;
}

/** Keyword options of {@link avgPool2d} (PyTorch: `stride=kernel_size, padding=0, ceil_mode=False, ...`). */
export interface AvgPool2dOptions {
  /** Defaults to `kernelSize` (also when null), as PyTorch's `stride=None`. */
  stride?: Size2d | null;
  /** Implicit zero padding on both sides, at most half the kernel; default 0 (PyTorch: `padding`). */
  padding?: Size2d;
  /** Output sizes rounded up instead of down; default false (PyTorch: `ceil_mode`). */
  ceilMode?: boolean;
  /** Count the zero padding in the divisor (default true) (PyTorch: `count_include_pad`). */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead (PyTorch: `divisor_override`). */
  divisorOverride?: number | null;
}

/** A tensor of `dtype` holding host values (geometry tables: at most `oH * oW * kH * kW` of them). */
function hostTensor(
  backend: Backend,
  data: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType,
): Tensor {
  const t = newTensor(backend, shape, dtype);
  const typed: TypedArray = allocTypedArray(dtype, data.length);
  typed.set(data);
  writeHost(backend, t, typed);
  return t;
}

/** PyTorch's `pooling_output_shape`: checks the padding, then the window count with ceil mode. */
function poolOutputSize(
  size: number,
  k: number,
  pad: number,
  stride: number,
  dilation: number,
  ceilMode: boolean,
): number {
  if (stride === 0) throw new RangeError('stride should not be zero');
  if (pad < 0) throw new RangeError(`pad must be non-negative, but got pad: ${pad}`);
  if (pad > Math.trunc(((k - 1) * dilation + 1) / 2)) {
    throw new RangeError(
      `pad should be at most half of effective kernel size, but got pad=${pad}, kernel_size=${k} and dilation=${dilation}`,
    );
  }
  return windowCount(size, pad, pad, k, dilation, stride, ceilMode);
}

function poolArg(v: Size2d, name: string, op: string, what: string): [number, number] {
  if (typeof v !== 'number' && v.length !== 1 && v.length !== 2)
    throw new RangeError(`${op}: ${name} ${what}`);
  return pair(v, name, op);
}

/** Resolves a pooling window with PyTorch's checks (`max_pool2d`/`avg_pool2d` meta functions). */
function poolGeometry(
  op: 'max_pool2d' | 'avg_pool2d',
  x: Tensor,
  kernelSize: Size2d,
  stride: Size2d | null | undefined,
  padding: Size2d,
  dilation: Size2d,
  ceilMode: boolean,
): Geometry {
  const [kH, kW] = poolArg(
    kernelSize,
    'kernel_size',
    op,
    'must either be a single int, or a tuple of two ints',
  );
  const noStride =
    stride === undefined || stride === null || (typeof stride !== 'number' && stride.length === 0);
  const [sH, sW] = noStride
    ? [kH, kW]
    : poolArg(stride, 'stride', op, 'must either be omitted, a single int, or a tuple of two ints');
  const [pH, pW] = poolArg(padding, 'padding', op, 'must either be a single int, or a tuple of two ints');
  const [dH, dW] = poolArg(dilation, 'dilation', op, 'must be either a single int, or a tuple of two ints');
  if (x.ndim !== 3 && x.ndim !== 4)
    throw new RangeError('non-empty 3D or 4D (batch mode) tensor expected for input');
  const s = x.shape;
  const [C, H, W] = s.slice(-3);
  const oH = poolOutputSize(H, kH, pH, sH, dH, ceilMode);
  const oW = poolOutputSize(W, kW, pW, sW, dW, ceilMode);
  if (!(kW > 0 && kH > 0)) {
    throw new RangeError(`kernel size should be greater than zero, but got kH: ${kH} kW: ${kW}`);
  }
  if (!(sW > 0 && sH > 0))
    throw new RangeError(`stride should be greater than zero, but got dH: ${sH} dW: ${sW}`);
  if (!(dH > 0 && dW > 0)) {
    throw new RangeError(`dilation should be greater than zero, but got dilationH: ${dH} dilationW: ${dW}`);
  }
  const validDims = s[x.ndim - 3] !== 0 && s[x.ndim - 2] !== 0;
  if (!((x.ndim === 3 && s[0] !== 0 && validDims) || (x.ndim === 4 && validDims && s[3] !== 0))) {
    throw new RangeError(
      `Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(s)}`,
    );
  }
  if (!(Math.trunc(kW / 2) >= pW && Math.trunc(kH / 2) >= pH)) {
    throw new RangeError(
      `pad should be smaller than or equal to half of kernel size, but got padW = ${pW}, padH = ${pH}, kW = ${kW}, kH = ${kH}`,
    );
  }
  if (oW < 1 || oH < 1) {
    throw new RangeError(
      `Given input size: (${C}x${H}x${W}). Calculated output size: (${C}x${oH}x${oW}). Output size is too small`,
    );
  }
  // Bottom/right padding that makes exactly oH x oW windows (ceil mode's extra window included).
  const pB = Math.max(0, (oH - 1) * sH + dH * (kH - 1) + 1 - pH - H);
  const pR = Math.max(0, (oW - 1) * sW + dW * (kW - 1) + 1 - pW - W);
  return { kH, kW, sH, sW, dH, dW, pT: pH, pB, pL: pW, pR, H, W, oH, oW };
}

/** Per window and tap, the input position `row * W + col`, or -1 where the tap is padding. */
function tapPositions(g: Geometry): { table: Int32Array; allInside: boolean } {
  const K = g.kH * g.kW;
  const table = new Int32Array(g.oH * g.oW * K);
  let allInside = true;
  let q = 0;
  for (let oh = 0; oh < g.oH; oh++) {
    for (let ow = 0; ow < g.oW; ow++) {
      for (let i = 0; i < g.kH; i++) {
        const r = oh * g.sH - g.pT + i * g.dH;
        for (let j = 0; j < g.kW; j++, q++) {
          const c = ow * g.sW - g.pL + j * g.dW;
          const inside = r >= 0 && r < g.H && c >= 0 && c < g.W;
          table[q] = inside ? r * g.W + c : -1;
          if (!inside) allInside = false;
        }
      }
    }
  }
  return { table, allInside };
}

/** The windows of a 4-D `x` with taps last: a contiguous `[N, C, oH, oW, kH * kW]`. */
function windows(backend: Backend, x: Tensor, g: Geometry, fill: number): Tensor {
  const [N, C] = x.shape;
  const out = newTensor(backend, [N, C, g.oH, g.oW, g.kH * g.kW], x.dtype);
  if (out.numel() === 0) return out;
  const canvas = padCanvas(backend, x, g, fill);
  const taps = tapView(canvas, g, 'pool');
  backend.copy(taps, viewWith(out, taps.shape, contiguousStrides(taps.shape), 0));
  disposeTemps([canvas], [x]);
  return out;
}

/**
 * The reference max pooling of a 4-D `x`: `[values, indices]`, both `[N, C, oH, oW]`; what
 * `FastPaths.maxPool2d` is checked against (PyTorch: `torch.nn.functional.max_pool2d_with_indices`).
 */
export function maxPool2dComposite(backend: Backend, x: Tensor, g: Geometry): [Tensor, Tensor] {
  const win = windows(backend, x, g, Number.NEGATIVE_INFINITY);
  const last = win.ndim - 1;
  const values = amax(win, last);
  const { table, allInside } = tapPositions(g);
  const temps: Tensor[] = [win];
  let tap: Tensor;
  if (allInside) {
    tap = argmax(win, last, true);
  } else {
    // The first tap inside the input that holds the maximum (NaN counts as the maximum): an input
    // of -Infinity must not lose to the -Infinity of the padding before it.
    const expanded = values.unsqueeze(last);
    const isMax = binary('eq', win, expanded);
    const nan = binary('ne', win, win);
    const hit = binary('logicalOr', isMax, nan);
    const inside = hostTensor(
      backend,
      table.map((p) => (p >= 0 ? 1 : 0)),
      [g.oH, g.oW, g.kH * g.kW],
      'bool',
    );
    const hitInside = binary('logicalAnd', hit, inside);
    const asInt = castTo(backend, hitInside, 'int32');
    temps.push(expanded, isMax, nan, hit, inside, hitInside, asInt);
    tap = argmax(asInt, last, true);
  }
  temps.push(tap);
  const positions = hostTensor(backend, table, [g.oH, g.oW, g.kH * g.kW], 'int64');
  const broadcast = positions.expand([...win.shape]);
  const picked = gather(broadcast, last, tap);
  const indices = picked.squeeze(last);
  temps.push(positions, broadcast, picked);
  disposeTemps(temps, [x, values, indices]);
  return [values, indices];
}

/** Max pooling of a 4-D `x`: the backend's fast path, else {@link maxPool2dComposite}. */
function maxPool2dKernel(backend: Backend, x: Tensor, g: Geometry): [Tensor, Tensor] {
  const kernel = backend.fast?.maxPool2d;
  if (kernel === undefined) return maxPool2dComposite(backend, x, g);
  const shape = [x.shape[0], x.shape[1], g.oH, g.oW];
  const values = newTensor(backend, shape, x.dtype);
  const indices = newTensor(backend, shape, 'int64');
  if (values.numel() > 0) kernel.call(backend.fast, viewOf(x), viewOf(values), viewOf(indices), windowOf(g));
  return [values, indices];
}

/**
 * PyTorch's avg_pool2d divisor of each window, row-major `[oH, oW]`; 1 for a window without any tap
 * inside the input (its sum is 0, and so is its result).
 */
export function avgPoolDivisors(
  g: Geometry,
  countIncludePad: boolean,
  divisorOverride: number | null,
): number[] {
  const out: number[] = [];
  for (let oh = 0; oh < g.oH; oh++) {
    const h0 = oh * g.sH - g.pT;
    const h1 = Math.min(h0 + g.kH, g.H + g.pT);
    const inH = Math.min(h1, g.H) - Math.max(h0, 0);
    for (let ow = 0; ow < g.oW; ow++) {
      const w0 = ow * g.sW - g.pL;
      const w1 = Math.min(w0 + g.kW, g.W + g.pL);
      const inW = Math.min(w1, g.W) - Math.max(w0, 0);
      if (inH <= 0 || inW <= 0) out.push(1);
      else if (divisorOverride !== null) out.push(divisorOverride);
      else out.push(countIncludePad ? (h1 - h0) * (w1 - w0) : inH * inW);
    }
  }
  return out;
}

/**
 * The reference average pooling of a 4-D `x`: window sums divided by the divisors; what
 * `FastPaths.avgPool2d` is checked against (PyTorch: `torch.nn.functional.avg_pool2d`).
 */
export function avgPool2dComposite(
  backend: Backend,
  x: Tensor,
  g: Geometry,
  countIncludePad: boolean,
  divisorOverride: number | null,
): Tensor {
  const win = windows(backend, x, g, 0);
  const sums = sum(win, win.ndim - 1);
  const divisors = hostTensor(
    backend,
    avgPoolDivisors(g, countIncludePad, divisorOverride),
    [g.oH, g.oW],
    x.dtype,
  );
  const out = binary('div', sums, divisors);
  disposeTemps([win, sums, divisors], [out]);
  return out;
}

/** Average pooling of a 4-D `x`: the backend's fast path, else {@link avgPool2dComposite}. */
function avgPool2dKernel(
  backend: Backend,
  x: Tensor,
  g: Geometry,
  countIncludePad: boolean,
  divisorOverride: number | null,
): Tensor {
  const kernel = backend.fast?.avgPool2d;
  if (kernel === undefined) return avgPool2dComposite(backend, x, g, countIncludePad, divisorOverride);
  const out = newTensor(backend, [x.shape[0], x.shape[1], g.oH, g.oW], x.dtype);
  if (out.numel() > 0) {
    kernel.call(backend.fast, viewOf(x), viewOf(out), windowOf(g), { countIncludePad, divisorOverride });
  }
  return out;
}

/** Runs `fn` on `input` as a 4-D tensor, removing the batch dim it added for an unbatched input. */
function batched<R extends Tensor | [Tensor, Tensor]>(input: Tensor, fn: (x: Tensor) => R): R {
  if (input.ndim === 4) return fn(input);
  const x = input.unsqueeze(0);
  const out = fn(x);
  x.dispose();
  const squeeze = (t: Tensor) => {
    const s = t.squeeze(0);
    if (s !== t) t.dispose();
    return s;
  };
  return (Array.isArray(out) ? out.map(squeeze) : squeeze(out as Tensor)) as R;
}

/**
 * 2-D max pooling (PyTorch: `torch.nn.functional.max_pool2d`) over `[N, C, H, W]` or `[C, H, W]`.
 * Padding is implicit `-Infinity`. With `returnIndices`, returns `[output, indices]`: int32 flat
 * positions `row * W + col` within each input plane (PyTorch: int64). Ties go to the first tap in
 * row-major order, as in PyTorch; in a window holding several NaNs the first NaN's position is
 * returned (PyTorch's CPU kernel returns the last one's).
 */
export function maxPool2d(
  input: Tensor,
  kernelSize: Size2d,
  options: MaxPool2dOptions & { returnIndices: true },
): [Tensor, Tensor];
export function maxPool2d(input: Tensor, kernelSize: Size2d, options?: MaxPool2dOptions): Tensor;
export function maxPool2d(
  input: Tensor,
  kernelSize: Size2d,
  options: MaxPool2dOptions = {},
): Tensor | [Tensor, Tensor] {
  const g = poolGeometry(
    'max_pool2d',
    input,
    kernelSize,
    options.stride,
    options.padding ?? 0,
    options.dilation ?? 1,
    options.ceilMode ?? false,
  );
  checkFloating('max_pool2d', input);
  const [values, indices] = dispatch(
    'maxPool2d',
    [input],
    { kernelSize: [g.kH, g.kW], stride: [g.sH, g.sW], padding: [g.pT, g.pL], dilation: [g.dH, g.dW] },
    (backend) => batched(input, (x) => maxPool2dKernel(backend, x, g)),
  );
  if (options.returnIndices) return [values, indices];
  indices.dispose();
  return values;
}

/**
 * 2-D average pooling (PyTorch: `torch.nn.functional.avg_pool2d`) over `[N, C, H, W]` or
 * `[C, H, W]`, with PyTorch's divisor rules for `countIncludePad`, `ceilMode` and `divisorOverride`.
 */
export function avgPool2d(input: Tensor, kernelSize: Size2d, options: AvgPool2dOptions = {}): Tensor {
  const divisorOverride = options.divisorOverride ?? null;
  const countIncludePad = options.countIncludePad ?? true;
  const ceilMode = options.ceilMode ?? false;
  const g = poolGeometry('avg_pool2d', input, kernelSize, options.stride, options.padding ?? 0, 1, ceilMode);
  if (divisorOverride !== null && divisorOverride === 0) throw new RangeError('divisor must be not zero');
  checkFloating('avg_pool2d', input);
  const attrs: AvgPoolAttrs = {
    kernelSize: [g.kH, g.kW],
    stride: [g.sH, g.sW],
    // [left, right, top, bottom]: the padding after makes exactly oH x oW windows in ceil mode.
    padding: [g.pL, g.pR, g.pT, g.pB],
    inputSize: [g.H, g.W],
    outputSize: [g.oH, g.oW],
    divisors: avgPoolDivisors(g, countIncludePad, divisorOverride),
  };
  return dispatch('avgPool2d', [input], attrs, (backend) =>
    batched(input, (x) => avgPool2dKernel(backend, x, g, countIncludePad, divisorOverride)),
  );
}

/** PyTorch's adaptive window along one dim: `[floor(o * in / out), ceil((o + 1) * in / out))`. */
function adaptiveWindow(o: number, size: number, outSize: number): [number, number] {
  return [Math.floor((o * size) / outSize), Math.ceil(((o + 1) * size) / outSize)];
}

/** The `[outSize, size]` averaging matrix of adaptive pooling along one dim, row-major. */
export function adaptiveAverageMatrix(size: number, outSize: number): number[] {
  const m = new Array<number>(outSize * size).fill(0);
  for (let o = 0; o < outSize; o++) {
    const [start, end] = adaptiveWindow(o, size, outSize);
    for (let i = start; i < end; i++) m[o * size + i] = 1 / (end - start);
  }
  return m;
}

/** Adaptive average pooling of a 4-D `x` by averaging matrices: `A_h @ x @ A_w^T`. */
function adaptiveByMatrices(backend: Backend, x: Tensor, oH: number, oW: number): Tensor {
  const [N, C, H, W] = x.shape;
  const M = N * C;
  const temps: Tensor[] = [];
  const keep = <T extends Tensor>(t: T) => {
    temps.push(t);
    return t;
  };
  // The averaging matrices A_w [oW, W] and A_h [oH, H], built on the host.
  const aw = keep(hostTensor(backend, adaptiveAverageMatrix(W, oW), [oW, W], x.dtype));
  const ah = keep(hostTensor(backend, adaptiveAverageMatrix(H, oH), [oH, H], x.dtype));
  const rows = keep(x.reshape([M * H, W]));
  const y = keep(matmul(rows, keep(aw.t()))); // [M*H, oW]
  const yt = keep(keep(keep(y.view([M, H, oW])).transpose(1, 2)).contiguous());
  const z = keep(matmul(keep(yt.view([M * oW, H])), keep(ah.t()))); // [M*oW, oH]
  const zt = keep(keep(keep(z.view([M, oW, oH])).transpose(1, 2)).contiguous());
  const out = zt.view([N, C, oH, oW]);
  disposeTemps(temps, [x, out]);
  return out;
}

/**
 * Adaptive 2-D average pooling (PyTorch: `torch.nn.functional.adaptive_avg_pool2d`): averages
 * PyTorch's windows `[floor(o * H / oH), ceil((o + 1) * H / oH))` to an `outputSize` of an int,
 * `[oH, oW]`, or with `null` entries that keep the input's size.
 */
export function adaptiveAvgPool2d(input: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  const sizes = typeof outputSize === 'number' ? [outputSize, outputSize] : [...outputSize];
  if (sizes.length !== 2) throw new RangeError('adaptive_avg_pool2d: output_size must be 2');
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new RangeError(
      `adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${formatShape(input.shape)}`,
    );
  }
  for (let d = input.ndim - 3; d < input.ndim; d++) {
    if (input.shape[d] === 0) {
      throw new RangeError(
        `adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${formatShape(input.shape)} with dimension ${d} being empty`,
      );
    }
  }
  const H = input.shape[input.ndim - 2];
  const W = input.shape[input.ndim - 1];
  const oH = sizes[0] ?? H;
  const oW = sizes[1] ?? W;
  if (!Number.isInteger(oH) || !Number.isInteger(oW) || oH < 0 || oW < 0) {
    throw new RangeError(
      `adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received [${oH}, ${oW}]`,
    );
  }
  checkFloating('adaptive_avg_pool2d', input);
  const attrs: AdaptiveAvgPoolAttrs = {
    inputSize: [H, W],
    outputSize: [oH, oW],
    rowMatrix: adaptiveAverageMatrix(H, oH),
    colMatrix: adaptiveAverageMatrix(W, oW),
  };
  return dispatch('adaptiveAvgPool2d', [input], attrs, (backend) =>
    batched(input, (x) => {
      if (x.numel() === 0 || oH === 0 || oW === 0)
        return newTensor(backend, [x.shape[0], x.shape[1], oH, oW], x.dtype);
      if (H % oH === 0 && W % oW === 0) {
        // Uniform windows: plain average pooling with kernel = stride = H / oH.
        const kH = H / oH;
        const kW = W / oW;
        const g: Geometry = {
          kH,
          kW,
          sH: kH,
          sW: kW,
          dH: 1,
          dW: 1,
          pT: 0,
          pB: 0,
          pL: 0,
          pR: 0,
          H,
          W,
          oH,
          oW,
        };
        return avgPool2dKernel(backend, x, g, true, null);
      }
      return adaptiveByMatrices(backend, x, oH, oW);
    }),
  );
}
