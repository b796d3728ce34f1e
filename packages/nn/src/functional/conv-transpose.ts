/**
 * Transposed convolution (PyTorch: `torch.nn.functional.conv_transpose2d`, `conv_transpose1d`), composed
 * of differentiable tensor ops: the input times the weight gives every window's columns (one batched
 * `matmul` per group), and `fold` (col2im) sums them into the output. This is conv2d's input gradient,
 * so every device and the gradients come with the ops.
 */
import { fold, formatShape, matmul, scope, type Tensor } from '@typetorch/tensor';
import { pad } from './padding.js';

/** An int for both spatial dims, or `[height, width]` (PyTorch: an int or a tuple, through `_pair`). */
export type SizeT2d = number | readonly number[];

/** Keyword options of {@link convTranspose2d} (PyTorch: `stride=1, padding=0, output_padding=0, groups=1, dilation=1`). */
export interface ConvTranspose2dOptions {
  /** An int or `[sH, sW]`; default 1. PyTorch: `stride`. */
  stride?: SizeT2d;
  /**
   * An int or `[pH, pW]`: `dilation * (k - 1) - padding` zeros pad both sides of the input; default 0.
   * PyTorch: `padding`.
   */
  padding?: SizeT2d;
  /** An int or `[oH, oW]`, added to one side of the output; default 0. PyTorch: `output_padding`. */
  outputPadding?: SizeT2d;
  /** Blocked connections from input to output channels; default 1. PyTorch: `groups`. */
  groups?: number;
  /** An int or `[dH, dW]`; default 1. PyTorch: `dilation`. */
  dilation?: SizeT2d;
}

/** `[h, w]` from an int or a one/two-element list; throws PyTorch's message otherwise. */
export function pairOf(v: SizeT2d, name: string, op: string): [number, number] {
  const list = typeof v === 'number' ? [v, v] : v.length === 1 ? [v[0], v[0]] : [...v];
  if (list.length !== 2 || !list.every((x) => Number.isInteger(x))) {
    throw new TypeError(
      `${op}(): argument '${name}' must be an int or a list of 1 or 2 ints, but got ${JSON.stringify(v)}`,
    );
  }
  return list as [number, number];
}

/** The resolved settings of one transposed convolution. */
interface Settings {
  s: [number, number];
  p: [number, number];
  op: [number, number];
  d: [number, number];
  groups: number;
}

function settings(options: ConvTranspose2dOptions, op: string): Settings {
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups)) throw new TypeError(`${op}(): groups must be an int, but got ${groups}`);
  const s = pairOf(options.stride ?? 1, 'stride', op);
  const p = pairOf(options.padding ?? 0, 'padding', op);
  const o = pairOf(options.outputPadding ?? 0, 'output_padding', op);
  const d = pairOf(options.dilation ?? 1, 'dilation', op);
  if (s[0] <= 0 || s[1] <= 0) throw new RangeError('non-positive stride is not supported');
  if (p[0] < 0 || p[1] < 0) throw new RangeError('negative padding is not supported');
  if (o[0] < 0 || o[1] < 0) throw new RangeError('negative output_padding is not supported');
  if (groups <= 0) throw new RangeError('non-positive groups is not supported');
  if (d[0] <= 0 || d[1] <= 0) {
    throw new RangeError(
      `dilation should be greater than zero, but got dilation_height: ${d[0]}, dilation_width: ${d[1]}`,
    );
  }
  return { s, p, op: o, d, groups };
}

/** PyTorch's shape checks of a transposed convolution; returns the output's `[oH, oW]`. */
function checkShapes(x: readonly number[], w: Tensor, bias: Tensor | null, c: Settings): [number, number] {
  const ws = w.shape;
  if (w.ndim !== 4) {
    throw new RangeError(
      `Expected ${w.ndim}-dimensional input for ${w.ndim}-dimensional weight ${formatShape(ws)}, but got 4-dimensional input of size ${formatShape(x)} instead`,
    );
  }
  if (ws[0] % c.groups !== 0 || ws[0] < c.groups) {
    throw new RangeError(
      `Given groups=${c.groups}, expected weight to be divisible by ${c.groups} at dimension 0, but got weight of size ${formatShape(ws)} instead`,
    );
  }
  if (x[1] !== ws[0]) {
    throw new RangeError(
      `Given transposed=1, weight of size ${formatShape(ws)}, expected input${formatShape(x)} to have ${ws[0]} channels, but got ${x[1]} channels instead`,
    );
  }
  const out = ws[1] * c.groups;
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== out)) {
    throw new RangeError(
      `Given transposed=1, weight of size ${formatShape(ws)}, expected bias to be 1-dimensional with ${out} elements, but got bias of size ${formatShape(bias.shape)} instead`,
    );
  }
  const { s, d, op } = c;
  if (!((op[0] < s[0] || op[0] < d[0]) && (op[1] < s[1] || op[1] < d[1]))) {
    throw new RangeError(
      `output padding must be smaller than either stride or dilation, but got output_padding_height: ${op[0]} output_padding_width: ${op[1]} stride_height: ${s[0]} stride_width: ${s[1]} dilation_height: ${d[0]} dilation_width: ${d[1]}`,
    );
  }
  const size = (i: number) => (x[2 + i] - 1) * s[i] - 2 * c.p[i] + d[i] * (ws[2 + i] - 1) + op[i] + 1;
  const [oH, oW] = [size(0), size(1)];
  if (oH < 1 || oW < 1) {
    throw new RangeError(
      `Given input size per channel: (${x[2]} x ${x[3]}). Calculated output size per channel: (${oH} x ${oW}). Output size is too small`,
    );
  }
  return [oH, oW];
}

/**
 * 2-D transposed convolution, the adjoint of `conv2d` (PyTorch: `torch.nn.functional.conv_transpose2d(
 * input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)`): `input`
 * `[N, C_in, H, W]` or unbatched `[C_in, H, W]`, `weight` `[C_in, C_out / groups, kH, kW]`, optional
 * `bias` `[C_out]`. Returns `[N, C_out, oH, oW]` with `oH = (H - 1) * stride - 2 * padding + dilation *
 * (kH - 1) + output_padding + 1`. Floating dtypes.
 */
export function convTranspose2d(
  input: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvTranspose2dOptions = {},
): Tensor {
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new RangeError(
      `Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: ${formatShape(input.shape)}`,
    );
  }
  const c = settings(options, 'conv_transpose2d');
  const b = bias ?? null;
  const shape = input.ndim === 3 ? [1, ...input.shape] : [...input.shape];
  const [oH, oW] = checkShapes(shape, weight, b, c);
  return scope(() => {
    const [N, C, H, W] = shape;
    const [, Og, kH, kW] = weight.shape;
    const g = c.groups;
    // [G, Og * kH * kW, C / G] @ [N, G, C / G, H * W] -> the columns [N, O * kH * kW, H * W].
    const w = weight.reshape([g, C / g, Og * kH * kW]).transpose(1, 2);
    const cols = matmul(w, input.reshape([N, g, C / g, H * W])).reshape([N, g * Og * kH * kW, H * W]);
    // fold's windows must count exactly H x W: pad below/right by padding - output_padding where that
    // is non-negative, else fold without it and add the missing zero rows/columns afterwards.
    const below = [Math.max(c.p[0] - c.op[0], 0), Math.max(c.p[1] - c.op[1], 0)];
    const extra = [Math.max(c.op[0] - c.p[0], 0), Math.max(c.op[1] - c.p[1], 0)];
    let out = fold(cols, [oH - extra[0], oW - extra[1]], [kH, kW], {
      stride: c.s,
      dilation: c.d,
      padding: [c.p[1], below[1], c.p[0], below[0]],
    });
    if (extra[0] > 0 || extra[1] > 0) out = pad(out, [0, extra[1], 0, extra[0]]);
    if (b !== null) out = out.add(b.view([1, g * Og, 1, 1]));
    return input.ndim === 3 ? out.squeeze(0) : out;
  });
}

/**
 * Keyword options of {@link convTranspose1d}: ints or one-element lists (PyTorch: the arguments of
 * `torch.nn.functional.conv_transpose1d` after `bias`).
 */
export interface ConvTranspose1dOptions {
  /** Stride; default 1. PyTorch: `stride`. */
  stride?: number | readonly [number];
  /** `dilation * (k - 1) - padding` zeros pad both sides of the input; default 0. PyTorch: `padding`. */
  padding?: number | readonly [number];
  /** Added to one side of the output; default 0. PyTorch: `output_padding`. */
  outputPadding?: number | readonly [number];
  /** Blocked connections from input to output channels; default 1. PyTorch: `groups`. */
  groups?: number;
  /** Spacing between kernel elements; default 1. PyTorch: `dilation`. */
  dilation?: number | readonly [number];
}

/** The int of an int or one-element list (PyTorch's `_single`). */
export function singleOf(v: number | readonly number[], name: string): number {
  const n = typeof v === 'number' ? v : v.length === 1 ? v[0] : Number.NaN;
  if (!Number.isInteger(n)) {
    throw new RangeError(
      `expected ${name} to be a single integer value or a list of 1 values to match the convolution dimensions, but got ${name}=${typeof v === 'number' ? v : `[${v.join(', ')}]`}`,
    );
  }
  return n;
}

/**
 * 1-D transposed convolution (PyTorch: `torch.nn.functional.conv_transpose1d(input, weight, bias=None,
 * stride=1, padding=0, output_padding=0, groups=1, dilation=1)`): `input` `[N, C_in, L]` or `[C_in, L]`,
 * `weight` `[C_in, C_out / groups, k]`. Runs as {@link convTranspose2d} over `[N, C_in, 1, L]`, as PyTorch.
 */
export function convTranspose1d(
  input: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvTranspose1dOptions = {},
): Tensor {
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new RangeError(
      `Expected 2D (unbatched) or 3D (batched) input to conv_transpose1d, but got input of size: ${formatShape(input.shape)}`,
    );
  }
  if (weight.ndim !== 3) {
    throw new RangeError(
      `Expected ${weight.ndim}-dimensional input for ${weight.ndim}-dimensional weight ${formatShape(weight.shape)}, but got 3-dimensional input of size ${formatShape(input.ndim === 3 ? input.shape : [1, ...input.shape])} instead`,
    );
  }
  const one = (v: number | readonly number[] | undefined, dflt: number, name: string) => [
    dflt === 1 ? 1 : 0,
    singleOf(v ?? dflt, name),
  ];
  return scope(() => {
    const out = convTranspose2d(input.unsqueeze(-2), weight.unsqueeze(-2), bias ?? null, {
      stride: one(options.stride, 1, 'stride'),
      padding: one(options.padding, 0, 'padding'),
      outputPadding: one(options.outputPadding, 0, 'output_padding'),
      dilation: one(options.dilation, 1, 'dilation'),
      groups: options.groups ?? 1,
    });
    return out.squeeze(-2);
  });
}
