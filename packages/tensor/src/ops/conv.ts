/**
 * 2-D convolution and its building blocks (PyTorch: `torch.nn.functional.conv2d`, `unfold`, `fold`).
 *
 * Every op here reaches a backend through an optional fast path (`FastPaths.conv2d`, `im2col`,
 * `col2im`) or, where the backend lacks it, through a composition of core kernels:
 * - im2col (`unfold`): ONE strided `copy`. The windows of a (zero-padded) input are a 6-D strided view
 *   `[N, C, kH, kW, oH, oW]` of it (strides `dilation * rowStride`, `stride * rowStride`, ...), so
 *   copying that view into a contiguous tensor materialises every column at once. Padding costs one
 *   more copy, into a zeroed canvas, and only when a tap falls outside the input.
 * - col2im (`fold`), its adjoint: `kH * kW` in-place strided `add`s of the column planes into a zeroed
 *   canvas (within one tap, windows never overlap), then a cropping copy.
 * - conv2d: im2col, then one batched `matmul` of the `[O/G, C/G*kH*kW]` weights by the columns of
 *   each group, then a broadcast bias `add`.
 *
 * Shapes, defaults and error messages follow PyTorch. Internally every window carries four-sided
 * padding, because PyTorch's `padding='same'` pads one more row/column after than before for even
 * effective kernels; `unfold` and `fold` accept that form too (`[left, right, top, bottom]`, the order
 * of `torch.nn.functional.pad`) so that their gradients are each other.
 */
import type { Backend, Window2d } from '../backend/contract.js';
import { dispatch } from '../dispatch.js';
import { type DType, isFloating } from '../dtype.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { binary } from './elementwise.js';
import { disposeTemps, newTensor, viewOf, viewWith } from './internal.js';
import { matmul } from './linalg.js';
import { windowCount } from './window.js';

/** An int for both spatial dims, or `[height, width]` (PyTorch's `_pair`). */
export type Size2d = number | readonly number[];

/**
 * Padding of `unfold`/`fold`: an int, `[height, width]` (both sides of each dim), or per side as
 * `[left, right, top, bottom]` (typetorch extension, the order of `torch.nn.functional.pad`).
 */
export type Padding2d = number | readonly number[];

/** Keyword options of {@link conv2d} (PyTorch: `stride=1, padding=0, dilation=1, groups=1`). */
export interface Conv2dOptions {
  /** Step between windows, an int or `[sH, sW]`; default 1 (PyTorch: `stride`). */
  stride?: Size2d;
  /** An int, `[height, width]`, or `'valid'` (no padding) / `'same'` (output size = input size, stride 1) (PyTorch: `padding`). */
  padding?: Size2d | 'valid' | 'same';
  /** Spacing between kernel taps, an int or `[dH, dW]`; default 1 (PyTorch: `dilation`). */
  dilation?: Size2d;
  /** Channel groups: input and output channels split into `groups` independent convolutions; default 1 (PyTorch: `groups`). */
  groups?: number;
}

/** Keyword options of {@link unfold} and {@link fold} (PyTorch: `dilation=1, padding=0, stride=1`). */
export interface UnfoldOptions {
  /** Spacing between kernel taps, an int or `[dH, dW]`; default 1 (PyTorch: `dilation`). */
  dilation?: Size2d;
  /** Zero padding on both sides of each spatial dim; default 0 (PyTorch: `padding`). */
  padding?: Padding2d;
  /** Step between windows; default 1 (PyTorch: `stride`). */
  stride?: Size2d;
}

/**
 * A resolved sliding window over an `H x W` input: kernel, stride, dilation, four-sided padding and
 * the `oH x oW` windows, as the reference compositions of convolution and pooling take it (fast paths
 * see {@link Window2d}). Exported for backend authors, whose conformance cases compare fast paths with
 * those compositions. (PyTorch has none: its im2col kernels derive the same numbers from the arguments
 * of `torch.nn.functional.unfold`.)
 */
export interface Geometry {
  /** Kernel height (PyTorch: `kernel_size[0]`). */
  readonly kH: number;
  /** Kernel width (PyTorch: `kernel_size[1]`). */
  readonly kW: number;
  /** Vertical stride (PyTorch: `stride[0]`). */
  readonly sH: number;
  /** Horizontal stride (PyTorch: `stride[1]`). */
  readonly sW: number;
  /** Vertical dilation (PyTorch: `dilation[0]`). */
  readonly dH: number;
  /** Horizontal dilation (PyTorch: `dilation[1]`). */
  readonly dW: number;
  /** Zero rows above the input (PyTorch: `padding[0]`; four-sided padding as `torch.nn.functional.pad` orders it). */
  readonly pT: number;
  /** Zero rows below the input (PyTorch: `padding[0]`, or the bottom of a four-sided padding). */
  readonly pB: number;
  /** Zero columns left of the input (PyTorch: `padding[1]`, or the left of a four-sided padding). */
  readonly pL: number;
  /** Zero columns right of the input (PyTorch: `padding[1]`, or the right of a four-sided padding). */
  readonly pR: number;
  /** Input height (PyTorch: `input.shape[-2]`). */
  readonly H: number;
  /** Input width (PyTorch: `input.shape[-1]`). */
  readonly W: number;
  /** Window rows, the output height (PyTorch: `output.shape[-2]`). */
  readonly oH: number;
  /** Window columns, the output width (PyTorch: `output.shape[-1]`). */
  readonly oW: number;
}

// ---- argument parsing ----

/** `[h, w]` from an int or a one/two-element array; `op` names the argument in errors. */
export function pair(v: Size2d, name: string, op: string): [number, number] {
  const list =
    typeof v === 'number' ? [v, v] : !Array.isArray(v) ? [] : v.length === 1 ? [v[0], v[0]] : [...v];
  if (list.length !== 2 || !list.every((x) => Number.isInteger(x))) {
    throw new TypeError(
      `${op}(): ${name} must be an int or a list of 1 or 2 ints, but got ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`,
    );
  }
  return list as [number, number];
}

/** Four-sided padding `{ pT, pB, pL, pR }` from an int, `[h, w]`, or `[left, right, top, bottom]`. */
export function sides(v: Padding2d, op: string): { pT: number; pB: number; pL: number; pR: number } {
  if (Array.isArray(v) && v.length === 4) {
    if (!v.every((x) => Number.isInteger(x))) {
      throw new TypeError(`${op}(): padding must be ints, but got [${v.join(', ')}]`);
    }
    return { pL: v[0], pR: v[1], pT: v[2], pB: v[3] };
  }
  const [h, w] = pair(v, 'padding', op);
  return { pT: h, pB: h, pL: w, pR: w };
}

/** PyTorch's rendering of a padding in messages: `(h, w)` when symmetric, else the four sides. */
function paddingText(g: Pick<Geometry, 'pT' | 'pB' | 'pL' | 'pR'>): string {
  return g.pT === g.pB && g.pL === g.pR ? `(${g.pT}, ${g.pL})` : `(${g.pL}, ${g.pR}, ${g.pT}, ${g.pB})`;
}

/** The contract's view of a geometry. */
export function windowOf(g: Geometry): Window2d {
  return { kernelSize: [g.kH, g.kW], stride: [g.sH, g.sW], dilation: [g.dH, g.dW], padding: [g.pT, g.pL] };
}

/** Attributes recorded with unfold/fold/conv2d: what the adjoint op needs to be called with. */
export function windowAttrs(g: Geometry): {
  kernelSize: [number, number];
  dilation: [number, number];
  padding: [number, number, number, number];
  stride: [number, number];
  inputSize: [number, number];
} {
  return {
    kernelSize: [g.kH, g.kW],
    dilation: [g.dH, g.dW],
    padding: [g.pL, g.pR, g.pT, g.pB],
    stride: [g.sH, g.sW],
    inputSize: [g.H, g.W],
  };
}

export function checkFloating(op: string, x: Tensor): void {
  if (!isFloating(x.dtype)) {
    throw new TypeError(`"${op}" not implemented for '${x.dtype}': use float32 or float64 tensors`);
  }
}

// ---- the kernels and their reference compositions ----

/**
 * Rows `[-pT, pT + extent)` and columns likewise of a canvas that holds the input and every tap of
 * every window (taps may reach past the input in ceil mode or with bottom/right padding).
 */
function canvasSize(g: Geometry): [number, number] {
  const rows = Math.max(g.H, (g.oH - 1) * g.sH + g.dH * (g.kH - 1) + 1 - g.pT);
  const cols = Math.max(g.W, (g.oW - 1) * g.sW + g.dW * (g.kW - 1) + 1 - g.pL);
  return [g.pT + rows, g.pL + cols];
}

/**
 * `x` (`[N, C, H, W]`) placed at `(pT, pL)` in a canvas filled with `fill`, large enough for every
 * tap; `x` itself when no tap falls outside it.
 */
export function padCanvas(backend: Backend, x: Tensor, g: Geometry, fill: number): Tensor {
  const [rows, cols] = canvasSize(g);
  if (g.pT === 0 && g.pL === 0 && rows === g.H && cols === g.W) return x;
  const canvas = newTensor(backend, [x.shape[0], x.shape[1], rows, cols], x.dtype);
  if (canvas.numel() === 0) return canvas;
  if (fill !== 0) backend.fill(viewOf(canvas), fill);
  const cs = canvas.strides;
  backend.copy(viewOf(x), viewWith(canvas, x.shape, cs, g.pT * cs[2] + g.pL * cs[3]));
  return canvas;
}

/**
 * Every tap of every window of `canvas` (from {@link padCanvas}) as one strided view: `[N, C, kH, kW,
 * oH, oW]` (`'cols'`, im2col's order) or `[N, C, oH, oW, kH, kW]` (`'pool'`, taps last for a reduce).
 */
export function tapView(canvas: Tensor, g: Geometry, order: 'cols' | 'pool') {
  const [N, C] = canvas.shape;
  const [sN, sC, sRow, sCol] = canvas.strides;
  const taps: [number, number][] = [
    [g.kH, g.dH * sRow],
    [g.kW, g.dW * sCol],
  ];
  const windows: [number, number][] = [
    [g.oH, g.sH * sRow],
    [g.oW, g.sW * sCol],
  ];
  const dims: [number, number][] = [
    [N, sN],
    [C, sC],
    ...(order === 'cols' ? [...taps, ...windows] : [...windows, ...taps]),
  ];
  return viewWith(
    canvas,
    dims.map(([size]) => size),
    dims.map(([, stride]) => stride),
  );
}

/**
 * The reference im2col: a contiguous `[N, C, kH, kW, oH, oW]` from one strided copy; what
 * `FastPaths.im2col` is checked against (PyTorch: the im2col of `torch.nn.functional.unfold`).
 */
export function im2colComposite(backend: Backend, x: Tensor, g: Geometry): Tensor {
  const [N, C] = x.shape;
  const out = newTensor(backend, [N, C, g.kH, g.kW, g.oH, g.oW], x.dtype);
  if (out.numel() === 0) return out;
  const canvas = padCanvas(backend, x, g, 0);
  backend.copy(tapView(canvas, g, 'cols'), viewOf(out));
  disposeTemps([canvas], [x]);
  return out;
}

/** im2col of a 4-D `x`: the backend's fast path, else {@link im2colComposite}. */
export function im2col(backend: Backend, x: Tensor, g: Geometry): Tensor {
  const kernel = backend.fast?.im2col;
  if (kernel === undefined) return im2colComposite(backend, x, g);
  const [N, C] = x.shape;
  const out = newTensor(backend, [N, C, g.kH, g.kW, g.oH, g.oW], x.dtype);
  if (out.numel() > 0) kernel.call(backend.fast, viewOf(x), viewOf(out), windowOf(g));
  return out;
}

/**
 * The reference col2im of a 6-D `cols` (any strides): `kH * kW` strided adds, then a crop; what
 * `FastPaths.col2im` is checked against (PyTorch: the col2im of `torch.nn.functional.fold`).
 */
export function col2imComposite(backend: Backend, cols: Tensor, g: Geometry): Tensor {
  const [N, C] = cols.shape;
  const [rows, width] = canvasSize(g);
  const canvas = newTensor(backend, [N, C, rows, width], cols.dtype);
  if (canvas.numel() > 0 && cols.numel() > 0) {
    const [sN, sC, sRow, sCol] = canvas.strides;
    const cs = cols.strides;
    const shape = [N, C, g.oH, g.oW];
    for (let i = 0; i < g.kH; i++) {
      for (let j = 0; j < g.kW; j++) {
        // Within one tap the windows' pixels are distinct, so one in-place add per tap is exact.
        const target = viewWith(
          canvas,
          shape,
          [sN, sC, g.sH * sRow, g.sW * sCol],
          i * g.dH * sRow + j * g.dW * sCol,
        );
        const plane = viewWith(
          cols,
          shape,
          [cs[0], cs[1], cs[4], cs[5]],
          cols.offset + i * cs[2] + j * cs[3],
        );
        backend.binary('add', target, plane, target);
      }
    }
  }
  if (g.pT === 0 && g.pL === 0 && rows === g.H && width === g.W) return canvas;
  const out = newTensor(backend, [N, C, g.H, g.W], cols.dtype);
  if (out.numel() > 0) {
    const cs = canvas.strides;
    backend.copy(viewWith(canvas, out.shape, cs, g.pT * cs[2] + g.pL * cs[3]), viewOf(out));
  }
  canvas.dispose();
  return out;
}

/** col2im of a 6-D `cols`: the backend's fast path, else {@link col2imComposite}. */
export function col2im(backend: Backend, cols: Tensor, g: Geometry): Tensor {
  const kernel = backend.fast?.col2im;
  if (kernel === undefined) return col2imComposite(backend, cols, g);
  const out = newTensor(backend, [cols.shape[0], cols.shape[1], g.H, g.W], cols.dtype);
  if (out.numel() > 0) kernel.call(backend.fast, viewOf(cols), viewOf(out), windowOf(g));
  return out;
}

/**
 * The reference conv2d of a 4-D `x`: im2col, one batched matmul per group, broadcast bias add.
 * Returns a contiguous `[N, O, oH, oW]`.
 */
export function conv2dComposite(
  backend: Backend,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  g: Geometry,
  groups: number,
): Tensor {
  const [N, C] = x.shape;
  const O = weight.shape[0];
  const k = (C / groups) * g.kH * g.kW;
  const L = g.oH * g.oW;
  const temps: Tensor[] = [];
  const cols = im2col(backend, x, g);
  temps.push(cols);
  let product: Tensor;
  if (groups === 1) {
    const w = weight.reshape([O, k]);
    const c = cols.view([N, k, L]);
    temps.push(w, c);
    product = matmul(w, c);
  } else {
    const w = weight.reshape([groups, O / groups, k]);
    const c = cols.view([N, groups, k, L]);
    temps.push(w, c);
    product = matmul(w, c);
  }
  temps.push(product);
  let out = product.view([N, O, g.oH, g.oW]);
  if (bias !== null) {
    temps.push(out);
    const b = bias.view([1, O, 1, 1]);
    temps.push(b);
    out = binary('add', out, b);
  }
  disposeTemps(temps, [x, weight, out]);
  return out;
}

// ---- validation ----

/** PyTorch's `im2col_shape_check`/`col2im_shape_check` argument checks. */
function checkWindowArgs(g: Omit<Geometry, 'H' | 'W' | 'oH' | 'oW'>): void {
  if (!(g.kH > 0 && g.kW > 0)) {
    throw new RangeError(
      `kernel size should be greater than zero, but got kernel_height: ${g.kH} kernel_width: ${g.kW}`,
    );
  }
  if (!(g.dH > 0 && g.dW > 0)) {
    throw new RangeError(
      `dilation should be greater than zero, but got dilation_height: ${g.dH} dilation_width: ${g.dW}`,
    );
  }
  if (!(g.pT >= 0 && g.pB >= 0 && g.pL >= 0 && g.pR >= 0)) {
    throw new RangeError(
      g.pT === g.pB && g.pL === g.pR
        ? `padding should be non-negative, but got pad_height: ${g.pT} pad_width: ${g.pL}`
        : `padding should be non-negative, but got padding=${paddingText(g)}`,
    );
  }
  if (!(g.sH > 0 && g.sW > 0)) {
    throw new RangeError(
      `stride should be greater than zero, but got stride_height: ${g.sH} stride_width: ${g.sW}`,
    );
  }
}

function unfoldGeometry(x: Tensor, kernelSize: Size2d, options: UnfoldOptions): Geometry {
  const [kH, kW] = pair(kernelSize, 'kernel_size', 'unfold');
  const [dH, dW] = pair(options.dilation ?? 1, 'dilation', 'unfold');
  const [sH, sW] = pair(options.stride ?? 1, 'stride', 'unfold');
  const pad = sides(options.padding ?? 0, 'unfold');
  const args = { kH, kW, dH, dW, sH, sW, ...pad };
  checkWindowArgs(args);
  const s = x.shape;
  const validDims = x.ndim >= 3 && s[x.ndim - 3] !== 0 && s[x.ndim - 2] !== 0;
  if (!((x.ndim === 3 && validDims && s[2] !== 0) || (x.ndim === 4 && validDims && s[3] !== 0))) {
    throw new RangeError(
      `Expected 3D or 4D (batch mode) tensor input with possible 0 batch size and non-zero dimensions, but got: ${formatShape(s)}`,
    );
  }
  const H = s[x.ndim - 2];
  const W = s[x.ndim - 1];
  const oH = windowCount(H, pad.pT, pad.pB, kH, dH, sH);
  const oW = windowCount(W, pad.pL, pad.pR, kW, dW, sW);
  if (oH < 1 || oW < 1) {
    throw new RangeError(
      `Given input with spatial size (${H}, ${W}), kernel_size=(${kH}, ${kW}), dilation=(${dH}, ${dW}), padding=${paddingText(pad)}, calculated shape of the array of sliding blocks as (${oH}, ${oW}), but its components must be at least one.`,
    );
  }
  return { ...args, H, W, oH, oW };
}

function foldGeometry(
  x: Tensor,
  outputSize: Size2d,
  kernelSize: Size2d,
  options: UnfoldOptions,
): { g: Geometry; C: number } {
  const [H, W] = pair(outputSize, 'output_size', 'fold');
  const [kH, kW] = pair(kernelSize, 'kernel_size', 'fold');
  const [dH, dW] = pair(options.dilation ?? 1, 'dilation', 'fold');
  const [sH, sW] = pair(options.stride ?? 1, 'stride', 'fold');
  const pad = sides(options.padding ?? 0, 'fold');
  const args = { kH, kW, dH, dW, sH, sW, ...pad };
  if (!(H > 0 && W > 0)) {
    throw new RangeError(`Expected output spatial size to be positive, but got: output_size=(${H}, ${W}).`);
  }
  checkWindowArgs(args);
  const s = x.shape;
  if (!((x.ndim === 2 && s[0] !== 0 && s[1] !== 0) || (x.ndim === 3 && s[1] !== 0 && s[2] !== 0))) {
    throw new RangeError(
      `Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: ${formatShape(s)}`,
    );
  }
  const planes = s[x.ndim - 2];
  if (planes % (kH * kW) !== 0) {
    throw new RangeError(
      `Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${planes} and kernel_size=(${kH}, ${kW}).`,
    );
  }
  const oH = windowCount(H, pad.pT, pad.pB, kH, dH, sH);
  const oW = windowCount(W, pad.pL, pad.pR, kW, dW, sW);
  const described = `Given output_size=(${H}, ${W}), kernel_size=(${kH}, ${kW}), dilation=(${dH}, ${dW}), padding=${paddingText(pad)}, stride=(${sH}, ${sW})`;
  const L = s[x.ndim - 1];
  if (L !== oH * oW) {
    throw new RangeError(
      `${described}, expected size of input's dimension 2 to match the calculated number of sliding blocks ${oH} * ${oW} = ${oH * oW}, but got input.size(2)=${L}.`,
    );
  }
  if (oH < 1 || oW < 1) {
    throw new RangeError(
      `${described}, calculated shape of the array of sliding blocks as (${oH}, ${oW}), which is too small (non-positive)`,
    );
  }
  return { g: { ...args, H, W, oH, oW }, C: planes / (kH * kW) };
}

// ---- ops ----

/**
 * Extracts sliding local blocks (PyTorch: `torch.nn.functional.unfold`, im2col): `[N, C, H, W]` (or
 * unbatched `[C, H, W]`) to `[N, C * kH * kW, L]` (or `[C * kH * kW, L]`), where column `l` holds the
 * window at `(l / oW, l % oW)` with channel-major rows `c * kH * kW + i * kW + j`. Floating dtypes.
 */
export function unfold(input: Tensor, kernelSize: Size2d, options: UnfoldOptions = {}): Tensor {
  const g = unfoldGeometry(input, kernelSize, options);
  checkFloating('unfold', input);
  return dispatch('unfold', [input], windowAttrs(g), (backend) => {
    const batched = input.ndim === 4;
    const x = batched ? input : input.unsqueeze(0);
    const cols = im2col(backend, x, g);
    const [N, C] = x.shape;
    const shape = batched ? [N, C * g.kH * g.kW, g.oH * g.oW] : [C * g.kH * g.kW, g.oH * g.oW];
    const out = cols.view(shape);
    disposeTemps([x, cols], [input, out]);
    return out;
  });
}

/**
 * Combines sliding local blocks into a tensor, summing overlaps (PyTorch:
 * `torch.nn.functional.fold`, col2im; the adjoint of {@link unfold}): `[N, C * kH * kW, L]` (or
 * `[C * kH * kW, L]`) to `[N, C, H, W]` (or `[C, H, W]`) for `outputSize = [H, W]`.
 */
export function fold(
  input: Tensor,
  outputSize: Size2d,
  kernelSize: Size2d,
  options: UnfoldOptions = {},
): Tensor {
  const { g, C } = foldGeometry(input, outputSize, kernelSize, options);
  checkFloating('fold', input);
  return dispatch('fold', [input], windowAttrs(g), (backend) => {
    const batched = input.ndim === 3;
    const N = batched ? input.shape[0] : 1;
    const cols = input.reshape([N, C, g.kH, g.kW, g.oH, g.oW]);
    const out = col2im(backend, cols, g);
    const result = batched ? out : out.view([C, g.H, g.W]);
    disposeTemps([cols, out], [input, result]);
    return result;
  });
}

/** Resolves conv2d's arguments with PyTorch's checks, in PyTorch's order. */
function convGeometry(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  options: Conv2dOptions,
): { g: Geometry; groups: number } {
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new RangeError(
      `Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: ${formatShape(x.shape)}`,
    );
  }
  const input = x.ndim === 3 ? [1, ...x.shape] : [...x.shape];
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups)) throw new TypeError(`conv2d(): groups must be an int, but got ${groups}`);
  const [sH, sW] = pair(options.stride ?? 1, 'stride', 'conv2d');
  const [dH, dW] = pair(options.dilation ?? 1, 'dilation', 'conv2d');
  const padding = options.padding ?? 0;
  if (typeof padding === 'string' && padding !== 'valid' && padding !== 'same') {
    throw new RangeError(`Invalid padding string: '${padding}'`);
  }
  if (sH <= 0 || sW <= 0) throw new RangeError('non-positive stride is not supported');
  if (dH <= 0 || dW <= 0)
    throw new RangeError(`dilation should be greater than zero, but got [${dH}, ${dW}]`);
  if (groups <= 0) throw new RangeError('non-positive groups is not supported');
  const ws = weight.shape;
  if (weight.ndim !== 4) {
    throw new RangeError(
      `Expected ${weight.ndim}-dimensional input for ${weight.ndim}-dimensional weight ${formatShape(ws)}, but got ${input.length}-dimensional input of size ${formatShape(input)} instead`,
    );
  }
  const [kH, kW] = [ws[2], ws[3]];
  let pad: { pT: number; pB: number; pL: number; pR: number };
  if (padding === 'valid') pad = { pT: 0, pB: 0, pL: 0, pR: 0 };
  else if (padding === 'same') {
    if (sH !== 1 || sW !== 1)
      throw new RangeError("padding='same' is not supported for strided convolutions");
    // PyTorch puts the odd row/column of an even effective kernel after the input.
    const totalH = dH * (kH - 1);
    const totalW = dW * (kW - 1);
    pad = {
      pT: Math.floor(totalH / 2),
      pB: totalH - Math.floor(totalH / 2),
      pL: Math.floor(totalW / 2),
      pR: totalW - Math.floor(totalW / 2),
    };
  } else {
    const [h, w] = pair(padding, 'padding', 'conv2d');
    if (h < 0 || w < 0) throw new RangeError('negative padding is not supported');
    pad = { pT: h, pB: h, pL: w, pR: w };
  }
  if (ws[0] < groups) {
    throw new RangeError(
      `Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size ${formatShape(ws)} instead`,
    );
  }
  if (ws[0] % groups !== 0) {
    throw new RangeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${formatShape(ws)}] instead`,
    );
  }
  if (input[1] !== ws[1] * groups) {
    throw new RangeError(
      `Given groups=${groups}, weight of size ${formatShape(ws)}, expected input${formatShape(input)} to have ${ws[1] * groups} channels, but got ${input[1]} channels instead`,
    );
  }
  if (bias !== null && bias !== undefined && (bias.ndim !== 1 || bias.shape[0] !== ws[0])) {
    throw new RangeError(
      `Given weight of size ${formatShape(ws)}, expected bias to be 1-dimensional with ${ws[0]} elements, but got bias of size ${formatShape(bias.shape)} instead`,
    );
  }
  const [H, W] = [input[2], input[3]];
  const spanH = dH * (kH - 1) + 1;
  const spanW = dW * (kW - 1) + 1;
  if (H + pad.pT + pad.pB < spanH || W + pad.pL + pad.pR < spanW) {
    throw new RangeError(
      `Calculated padded input size per channel: (${H + pad.pT + pad.pB} x ${W + pad.pL + pad.pR}). Kernel size: (${spanH} x ${spanW}). Kernel size can't be greater than actual input size`,
    );
  }
  const oH = windowCount(H, pad.pT, pad.pB, kH, dH, sH);
  const oW = windowCount(W, pad.pL, pad.pR, kW, dW, sW);
  return { g: { kH, kW, sH, sW, dH, dW, ...pad, H, W, oH, oW }, groups };
}

function checkConvDtypes(x: Tensor, weight: Tensor, bias: Tensor | null): DType {
  checkFloating('conv2d', x);
  if (weight.dtype !== x.dtype) {
    throw new TypeError(`Input type (${x.dtype}) and weight type (${weight.dtype}) should be the same`);
  }
  if (bias !== null && bias.dtype !== x.dtype) {
    throw new TypeError(`Input type (${x.dtype}) and bias type (${bias.dtype}) should be the same`);
  }
  return x.dtype;
}

/**
 * 2-D convolution, strictly a cross-correlation (PyTorch: `torch.nn.functional.conv2d`): `input`
 * `[N, C, H, W]` or unbatched `[C, H, W]`, `weight` `[O, C / groups, kH, kW]`, optional `bias` `[O]`.
 * Returns `[N, O, oH, oW]` (or `[O, oH, oW]`) with `oH = floor((H + 2 * padding - dilation * (kH - 1)
 * - 1) / stride) + 1`. Floating dtypes; all operands share one.
 */
export function conv2d(
  input: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: Conv2dOptions = {},
): Tensor {
  const { g, groups } = convGeometry(input, weight, bias, options);
  const b = bias ?? null;
  checkConvDtypes(input, weight, b);
  const inputs = b === null ? [input, weight] : [input, weight, b];
  return dispatch('conv2d', inputs, { ...windowAttrs(g), groups }, (backend) => {
    const batched = input.ndim === 4;
    const x = batched ? input : input.unsqueeze(0);
    const kernel = backend.fast?.conv2d;
    let out: Tensor;
    if (kernel !== undefined) {
      out = newTensor(backend, [x.shape[0], weight.shape[0], g.oH, g.oW], x.dtype);
      if (out.numel() > 0) {
        kernel.call(
          backend.fast,
          viewOf(x),
          viewOf(weight),
          b === null ? null : viewOf(b),
          viewOf(out),
          windowOf(g),
          groups,
        );
      }
    } else {
      out = conv2dComposite(backend, x, weight, b, g, groups);
    }
    const result = batched ? out : out.view([weight.shape[0], g.oH, g.oW]);
    disposeTemps([x, out], [input, result]);
    return result;
  });
}
