/**
 * Image functions on `[..., C, H, W]` tensors (torchvision: `torchvision.transforms.functional`).
 *
 * Geometric functions build their index maps on the host (a few integers per output row, column or
 * pixel) and gather on the device with `indexSelect`, so they run on every backend and leave nothing
 * behind. Each returns a new tensor (or a view of its input); the input is left alone.
 *
 * @packageDocumentation
 */
import { type DType, formatShape, isFloating, scope, Tensor, tensor, where } from '@typetorch/tensor';

/**
 * Raw image data laid out `[H, W]` or `[H, W, C]` (row-major, channels last), such as the browser's
 * `ImageData` (`{ data: Uint8ClampedArray, width, height }`, RGBA). `channels` defaults to
 * `data.length / (width * height)`. torchvision takes a PIL image instead.
 */
export interface ImageLike {
  /** The pixels, row-major, channels last (torchvision: a PIL image's bytes). */
  readonly data: ArrayLike<number>;
  /** Width in pixels (torchvision: a PIL image's `width`). */
  readonly width: number;
  /** Height in pixels (torchvision: a PIL image's `height`). */
  readonly height: number;
  /** Channels per pixel (torchvision: a PIL image's band count). */
  readonly channels?: number;
}

/** A fill value for pixels outside the source: one number, or one per channel (torchvision: `fill`). */
export type Fill = number | readonly number[];

/**
 * Pixel interpolation of the geometric transforms (torchvision: `InterpolationMode.NEAREST`, `BILINEAR`).
 */
export type Interpolation = 'nearest' | 'bilinear';

/** How `pad` fills the border (torchvision: `padding_mode`). */
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

function checkImage(op: string, x: Tensor): void {
  if (x.ndim < 2) {
    throw new RangeError(
      `${op}(): expected a tensor image of shape [..., H, W], got ${formatShape(x.shape)}`,
    );
  }
  if (x.shape[x.ndim - 1] === 0 || x.shape[x.ndim - 2] === 0) {
    throw new RangeError(`${op}(): the image is empty, shape ${formatShape(x.shape)}`);
  }
}

/**
 * Converts uint8 image data to a float32 `[C, H, W]` tensor in [0, 1] (torchvision: `to_tensor`):
 * an {@link ImageLike}, or a tensor `[H, W]` / `[H, W, C]` holding values 0..255 (any dtype but bool;
 * typetorch has no uint8 dtype). Values are divided by 255.
 */
export function toTensor(pic: ImageLike | Tensor): Tensor {
  if (!(pic instanceof Tensor)) return imageToTensor(pic);
  const x = pic;
  if (x.dtype === 'bool')
    throw new TypeError('toTensor(): expected uint8 image data (0..255), got a bool tensor');
  if (x.ndim !== 2 && x.ndim !== 3) {
    throw new RangeError(`pic should be 2/3 dimensional. Got ${x.ndim} dimensions.`);
  }
  return scope(() => {
    const f = x.to('float32');
    const chw = f.ndim === 2 ? f.unsqueeze(0) : f.permute(2, 0, 1);
    return chw.div(255);
  });
}

function imageToTensor(pic: ImageLike): Tensor {
  const { data, width: w, height: h } = pic;
  if (!Number.isInteger(w) || !Number.isInteger(h) || w <= 0 || h <= 0) {
    throw new RangeError(`toTensor(): width and height must be positive integers, got ${w}x${h}`);
  }
  const c = pic.channels ?? data.length / (w * h);
  if (!Number.isInteger(c) || c <= 0 || data.length !== w * h * c) {
    throw new RangeError(
      `toTensor(): image data of length ${data.length} does not fit ${h}x${w} pixels${pic.channels === undefined ? '' : ` with ${pic.channels} channels`}`,
    );
  }
  const plane = h * w;
  const out = new Float32Array(c * plane);
  if (c === 1) {
    for (let p = 0; p < plane; p++) out[p] = data[p] / 255;
  } else {
    for (let p = 0; p < plane; p++) for (let k = 0; k < c; k++) out[k * plane + p] = data[p * c + k] / 255;
  }
  const flat = tensor(out);
  const result = flat.view([c, h, w]);
  flat.dispose();
  return result;
}

function asList(name: string, value: number | readonly number[]): readonly number[] {
  const list = typeof value === 'number' ? [value] : value;
  if (list.length === 0) throw new RangeError(`normalize(): ${name} must not be empty`);
  return list;
}

/**
 * `(x - mean) / std` per channel of a float `[..., C, H, W]` image (torchvision: `normalize`).
 * `mean` and `std` are one value for all channels or one per channel. With `inplace`, `x` is
 * overwritten and returned.
 */
export function normalize(
  x: Tensor,
  mean: number | readonly number[],
  std: number | readonly number[],
  options: { inplace?: boolean } = {},
): Tensor {
  if (!isFloating(x.dtype)) throw new TypeError(`Input tensor should be a float tensor. Got ${x.dtype}.`);
  if (x.ndim < 3) {
    throw new RangeError(
      `Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = ${formatShape(x.shape)}`,
    );
  }
  const m = asList('mean', mean);
  const s = asList('std', std);
  const stored = Float64Array.from(s, (v) => (x.dtype === 'float32' ? Math.fround(v) : v));
  if (stored.some((v) => v === 0)) {
    throw new RangeError(
      `std evaluated to zero after conversion to ${x.dtype}, leading to division by zero.`,
    );
  }
  const c = x.shape[x.ndim - 3];
  for (const [, list] of [
    ['mean', m],
    ['std', s],
  ] as const) {
    if (list.length === c || list.length === 1) continue;
    if (c === 1) {
      const broadcast = [...x.shape];
      broadcast[x.ndim - 3] = list.length;
      throw new RangeError(
        `output with shape ${formatShape(x.shape)} doesn't match the broadcast shape ${formatShape(broadcast)}`,
      );
    }
    throw new RangeError(
      `The size of tensor a (${c}) must match the size of tensor b (${list.length}) at non-singleton dimension ${x.ndim - 3}`,
    );
  }
  const inplace = options.inplace ?? false;
  return scope(() => {
    const meanArg = m.length === 1 ? m[0] : channelTensor(m, x);
    const stdArg = s.length === 1 ? s[0] : channelTensor(s, x);
    if (inplace) return x.sub_(meanArg).div_(stdArg);
    return x.sub(meanArg).div(stdArg);
  });
}

/** Per-channel values as a `[C, 1, 1]` tensor of `x`'s dtype and device. */
function channelTensor(values: readonly number[], x: Tensor): Tensor {
  const t = tensor([...values], { dtype: x.dtype, device: x.device });
  return t.view([values.length, 1, 1]);
}

/** The fill as something `where` broadcasts against `[..., C, H, W]`, in `x`'s dtype. */
function fillOperand(fill: Fill, x: Tensor): Tensor {
  const values = typeof fill === 'number' ? [fill] : fill;
  const c = x.ndim >= 3 ? x.shape[x.ndim - 3] : 1;
  if (values.length !== 1 && values.length !== c) {
    throw new RangeError(
      `The number of elements in 'fill' does not match the number of channels of the image (${values.length} != ${c})`,
    );
  }
  if (values.length === 1) return tensor(values[0], { dtype: x.dtype, device: x.device });
  return channelTensor(values, x);
}

/** `x` at positions `index` along `dim`: a view when they are consecutive, else `indexSelect`. */
function selectAlong(x: Tensor, dim: number, index: Int32Array): Tensor {
  let run = true;
  for (let i = 1; i < index.length && run; i++) run = index[i] === index[i - 1] + 1;
  if (run && index.length > 0) return x.narrow(dim, index[0], index.length);
  const idx = tensor(index, { device: x.device });
  return x.indexSelect(dim, idx);
}

/**
 * Output row `r` is source row `rows[r]`, output column `c` is source column `cols[c]`; `-1` means
 * the fill value. The core of crop, pad and flips.
 */
function remap(x: Tensor, rows: Int32Array, cols: Int32Array, fill: Fill): Tensor {
  return scope(() => {
    const safeRows = rows.map((r) => Math.max(r, 0));
    const safeCols = cols.map((c) => Math.max(c, 0));
    const picked = selectAlong(selectAlong(x, -2, safeRows), -1, safeCols);
    if (!rows.includes(-1) && !cols.includes(-1)) return picked;
    const mask = new Uint8Array(rows.length * cols.length);
    for (let r = 0; r < rows.length; r++) {
      if (rows[r] < 0) continue;
      for (let c = 0; c < cols.length; c++) mask[r * cols.length + c] = cols[c] < 0 ? 0 : 1;
    }
    const maskT = tensor(mask, { dtype: 'bool', device: x.device }).view([rows.length, cols.length]);
    return where(maskT, picked, fillOperand(fill, x));
  });
}

function identityMap(n: number): Int32Array {
  const m = new Int32Array(n);
  for (let i = 0; i < n; i++) m[i] = i;
  return m;
}

/**
 * The source index of each position of an axis of length `n` padded by `before` and `after`:
 * `-1` for constant padding, else the edge, reflected or mirrored index.
 */
function padAxis(n: number, before: number, after: number, mode: PaddingMode, dim: number): Int32Array {
  if (mode === 'reflect' && (before >= n || after >= n)) {
    throw new RangeError(
      `Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${dim} of input of size ${n}`,
    );
  }
  const out = new Int32Array(n + before + after);
  for (let k = 0; k < out.length; k++) {
    let s = k - before;
    if (s >= 0 && s < n) {
      out[k] = s;
      continue;
    }
    switch (mode) {
      case 'constant':
        s = -1;
        break;
      case 'edge':
        s = s < 0 ? 0 : n - 1;
        break;
      case 'reflect':
        if (n === 1) s = 0;
        else while (s < 0 || s >= n) s = s < 0 ? -s : 2 * (n - 1) - s;
        break;
      case 'symmetric':
        while (s < 0 || s >= n) s = s < 0 ? -s - 1 : 2 * n - 1 - s;
        break;
    }
    out[k] = s;
  }
  return out;
}

/** `outer` looked up through `inner` (padding the padded): -1 stays -1. */
function composeMaps(inner: Int32Array, outer: Int32Array): Int32Array {
  return outer.map((k) => (k < 0 ? -1 : inner[k]));
}

/**
 * Left, top, right, bottom from an int, `[leftRight, topBottom]` or `[left, top, right, bottom]`
 * (torchvision: `_parse_pad_padding`).
 */
export function parsePadding(padding: number | readonly number[]): [number, number, number, number] {
  const p = typeof padding === 'number' ? [padding] : padding;
  let out: [number, number, number, number];
  if (p.length === 1) out = [p[0], p[0], p[0], p[0]];
  else if (p.length === 2) out = [p[0], p[1], p[0], p[1]];
  else if (p.length === 4) out = [p[0], p[1], p[2], p[3]];
  else
    throw new RangeError(
      `Padding must be an int or a 1, 2, or 4 element tuple, not a ${p.length} element tuple`,
    );
  if (!out.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new RangeError(`padding values must be non-negative integers, got [${p.join(', ')}]`);
  }
  return out;
}

/** Options of {@link pad} (torchvision: the keyword arguments of `transforms.functional.pad`). */
export interface PadOptions {
  /**
   * Value of new pixels in 'constant' mode (default 0): one number or one per channel (torchvision:
   * `fill`).
   */
  fill?: Fill;
  /**
   * 'constant' (default), 'edge' (repeat the border), 'reflect' (mirror without the border), 'symmetric'
   * (torchvision: `padding_mode`).
   */
  paddingMode?: PaddingMode;
}

/** Index maps of the rows and columns of a padded image (so pads compose exactly). */
interface AxisMaps {
  rows: Int32Array;
  cols: Int32Array;
}

function padMaps(maps: AxisMaps, padding: [number, number, number, number], mode: PaddingMode): AxisMaps {
  const [left, top, right, bottom] = padding;
  return {
    rows: composeMaps(maps.rows, padAxis(maps.rows.length, top, bottom, mode, -2)),
    cols: composeMaps(maps.cols, padAxis(maps.cols.length, left, right, mode, -1)),
  };
}

/** Pads the last two dims (torchvision: `pad`). */
export function pad(x: Tensor, padding: number | readonly number[], options: PadOptions = {}): Tensor {
  checkImage('pad', x);
  const { fill = 0, paddingMode = 'constant' } = options;
  const maps = padMaps(
    { rows: identityMap(x.shape[x.ndim - 2]), cols: identityMap(x.shape[x.ndim - 1]) },
    parsePadding(padding),
    paddingMode,
  );
  return remap(x, maps.rows, maps.cols, fill);
}

/**
 * The `height` x `width` window at (`top`, `left`) (torchvision: `crop`); parts outside the image are 0.
 * Inside the image the result is a view.
 */
export function crop(x: Tensor, top: number, left: number, height: number, width: number): Tensor {
  checkImage('crop', x);
  const window = (start: number, size: number, n: number): Int32Array => {
    const m = new Int32Array(size);
    for (let i = 0; i < size; i++) m[i] = start + i >= 0 && start + i < n ? start + i : -1;
    return m;
  };
  return remap(x, window(top, height, x.shape[x.ndim - 2]), window(left, width, x.shape[x.ndim - 1]), 0);
}

/** Mirrors left-right (torchvision: `hflip`). */
export function hflip(x: Tensor): Tensor {
  checkImage('hflip', x);
  const cols = identityMap(x.shape[x.ndim - 1]).reverse();
  return remap(x, identityMap(x.shape[x.ndim - 2]), cols, 0);
}

/** Mirrors top-bottom (torchvision: `vflip`). */
export function vflip(x: Tensor): Tensor {
  checkImage('vflip', x);
  const rows = identityMap(x.shape[x.ndim - 2]).reverse();
  return remap(x, rows, identityMap(x.shape[x.ndim - 1]), 0);
}

/**
 * Pads (optionally), pads again up to the crop size (optionally), then crops — RandomCrop's work in
 * one gather. `choose` picks the window's top-left corner given the padded size (PyTorch has none:
 * torchvision pads, then crops).
 */
export function padAndCrop(
  x: Tensor,
  size: readonly [number, number],
  options: PadOptions & { padding?: number | readonly number[]; padIfNeeded?: boolean },
  choose: (height: number, width: number) => [number, number],
): Tensor {
  checkImage('crop', x);
  const { fill = 0, paddingMode = 'constant', padding, padIfNeeded = false } = options;
  let maps: AxisMaps = { rows: identityMap(x.shape[x.ndim - 2]), cols: identityMap(x.shape[x.ndim - 1]) };
  if (padding !== undefined && padding !== null) maps = padMaps(maps, parsePadding(padding), paddingMode);
  const [th, tw] = size;
  if (padIfNeeded && maps.cols.length < tw) {
    const d = tw - maps.cols.length;
    maps = padMaps(maps, [d, 0, d, 0], paddingMode);
  }
  if (padIfNeeded && maps.rows.length < th) {
    const d = th - maps.rows.length;
    maps = padMaps(maps, [0, d, 0, d], paddingMode);
  }
  const h = maps.rows.length;
  const w = maps.cols.length;
  if (h < th || w < tw) {
    throw new RangeError(`Required crop size (${th}, ${tw}) is larger than input image size (${h}, ${w})`);
  }
  const [i, j] = choose(h, w);
  return remap(x, maps.rows.subarray(i, i + th), maps.cols.subarray(j, j + tw), fill);
}

// ---- affine warps ----

const DEG = Math.PI / 180;

/** cos and sin of an angle in degrees, exact at multiples of 90 (so quarter turns move pixels exactly). */
function cosSin(degrees: number): [number, number] {
  if (Number.isInteger(degrees) && degrees % 90 === 0) {
    const q = (((degrees / 90) % 4) + 4) % 4;
    return [
      [1, 0],
      [0, 1],
      [-1, 0],
      [0, -1],
    ][q] as [number, number];
  }
  return [Math.cos(degrees * DEG), Math.sin(degrees * DEG)];
}

function tanDeg(degrees: number): number {
  if (Number.isInteger(degrees) && degrees % 180 === 0) return 0;
  return Math.tan(degrees * DEG);
}

/**
 * The inverse affine matrix `[a, b, c, d, e, f]` mapping output to input coordinates, both relative
 * to the image center (torchvision: `_get_inverse_affine_matrix`): rotation `angle` (degrees,
 * clockwise in image coordinates), translation, scale and shear (degrees) about `center`.
 */
export function inverseAffineMatrix(
  center: readonly [number, number],
  angle: number,
  translate: readonly [number, number],
  scale: number,
  shear: readonly [number, number],
): number[] {
  const [cx, cy] = center;
  const [tx, ty] = translate;
  const [cosRs, sinRs] = cosSin(angle - shear[1]);
  const [cosSy] = cosSin(shear[1]);
  const tanSx = tanDeg(shear[0]);
  const [cosR, sinR] = cosSin(angle);
  const a = cosRs / cosSy;
  const b = (-cosRs * tanSx) / cosSy - sinR;
  const c = sinRs / cosSy;
  const d = (-sinRs * tanSx) / cosSy + cosR;
  const m = [d, -b, 0, -c, a, 0].map((v) => v / scale);
  m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
  m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
  m[2] += cx;
  m[5] += cy;
  return m;
}

/** Output size that holds the whole warped image (torchvision: `_compute_affine_output_size`). */
function expandedSize(m: readonly number[], w: number, h: number): [number, number] {
  const pts = [
    [-0.5 * w, -0.5 * h],
    [-0.5 * w, 0.5 * h],
    [0.5 * w, 0.5 * h],
    [0.5 * w, -0.5 * h],
  ];
  // As torchvision (and PIL), the corners go through the matrix itself.
  const xs = pts.map(([x, y]) => m[0] * x + m[1] * y + m[2]);
  const ys = pts.map(([x, y]) => m[3] * x + m[4] * y + m[5]);
  const tol = 1e4;
  const size = (vals: number[], half: number): number =>
    Math.ceil(Math.trunc((Math.max(...vals) + half) * tol) / tol) -
    Math.floor(Math.trunc((Math.min(...vals) + half) * tol) / tol);
  return [size(xs, w * 0.5), size(ys, h * 0.5)];
}

/** Rounds halves to even, as Python's `round` and `nearbyint` do (PyTorch: `torch.round` too). */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Warps by the inverse matrix `m` (output pixel -> input pixel, center-relative), sampling with
 * `interpolation`; pixels that map outside the input take `fill`. For bilinear sampling, corners
 * outside the input contribute `fill` with their weight (torchvision instead scales the zero-padded
 * sample by the in-bounds weight, which darkens borders).
 */
export function warpAffine(
  x: Tensor,
  m: readonly number[],
  outSize: readonly [number, number],
  interpolation: Interpolation,
  fill: Fill,
): Tensor {
  checkImage('affine', x);
  const h = x.shape[x.ndim - 2];
  const w = x.shape[x.ndim - 1];
  const [oh, ow] = outSize;
  const n = oh * ow;
  const lead = x.shape.slice(0, -2);
  // Source pixel coordinates of every output pixel (grid_sample with align_corners=False).
  const ix = new Float64Array(n);
  const iy = new Float64Array(n);
  for (let r = 0; r < oh; r++) {
    const cy = r - (oh - 1) / 2;
    for (let c = 0; c < ow; c++) {
      const cx = c - (ow - 1) / 2;
      ix[r * ow + c] = m[0] * cx + m[1] * cy + m[2] + (w - 1) / 2;
      iy[r * ow + c] = m[3] * cx + m[4] * cy + m[5] + (h - 1) / 2;
    }
  }
  return scope(() => {
    const flat = x.reshape([...lead, h * w]);
    if (interpolation === 'nearest') {
      const index = new Int32Array(n);
      const mask = new Uint8Array(n);
      let outside = false;
      for (let p = 0; p < n; p++) {
        const sx = roundHalfEven(ix[p]);
        const sy = roundHalfEven(iy[p]);
        if (sx >= 0 && sx < w && sy >= 0 && sy < h) {
          index[p] = sy * w + sx;
          mask[p] = 1;
        } else outside = true;
      }
      const picked = flat.indexSelect(-1, tensor(index, { device: x.device })).view([...lead, oh, ow]);
      if (!outside) return picked;
      const maskT = tensor(mask, { dtype: 'bool', device: x.device }).view([oh, ow]);
      return where(maskT, picked, fillOperand(fill, x));
    }
    if (interpolation !== 'bilinear') {
      throw new RangeError(`interpolation must be 'nearest' or 'bilinear', got '${String(interpolation)}'`);
    }
    const dtype: DType = isFloating(x.dtype) ? x.dtype : 'float32';
    const src = flat.to(dtype);
    const fillWeight = new Float32Array(n);
    let outside = false;
    let acc: Tensor | undefined;
    for (const [dy, dx] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]) {
      const index = new Int32Array(n);
      const weight = new Float32Array(n);
      let any = false;
      for (let p = 0; p < n; p++) {
        const x0 = Math.floor(ix[p]);
        const y0 = Math.floor(iy[p]);
        const fx = ix[p] - x0;
        const fy = iy[p] - y0;
        const wgt = (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy);
        const sx = x0 + dx;
        const sy = y0 + dy;
        if (sx >= 0 && sx < w && sy >= 0 && sy < h) {
          index[p] = sy * w + sx;
          weight[p] = wgt;
          if (wgt !== 0) any = true;
        } else if (wgt !== 0) {
          fillWeight[p] += wgt;
          outside = true;
        }
      }
      if (!any) continue;
      const term = src
        .indexSelect(-1, tensor(index, { device: x.device }))
        .mul(tensor(weight, { dtype, device: x.device }));
      acc = acc === undefined ? term : acc.add(term);
    }
    if (acc === undefined) acc = src.newZeros([...lead, n]);
    if (outside)
      acc = acc.add(tensor(fillWeight, { dtype, device: x.device }).mul(fillOperand(fill, x).view(-1, 1)));
    let out = acc.view([...lead, oh, ow]);
    if (dtype !== x.dtype) out = out.round().to(x.dtype);
    return out;
  });
}

/** Pixel center of the image, relative to its middle (torchvision's `center_f`). */
function centerOffset(x: Tensor, center: readonly [number, number] | undefined): [number, number] {
  if (center === undefined) return [0, 0];
  return [center[0] - x.shape[x.ndim - 1] * 0.5, center[1] - x.shape[x.ndim - 2] * 0.5];
}

/** Options of {@link rotate} (torchvision: the keyword arguments of `transforms.functional.rotate`). */
export interface RotateOptions {
  /** 'nearest' (default) or 'bilinear' (torchvision: `interpolation`). */
  interpolation?: Interpolation;
  /**
   * Grow the output to hold the whole rotated image (default false: same size as the input; torchvision:
   * `expand`).
   */
  expand?: boolean;
  /** Center of rotation `[x, y]` in pixels (default: the image center; torchvision: `center`). */
  center?: readonly [number, number];
  /** Value of pixels outside the rotated image (default 0; torchvision: `fill`). */
  fill?: Fill;
}

/** Rotates by `angle` degrees counter-clockwise (torchvision: `rotate`). */
export function rotate(x: Tensor, angle: number, options: RotateOptions = {}): Tensor {
  checkImage('rotate', x);
  const { interpolation = 'nearest', expand = false, center, fill = 0 } = options;
  const m = inverseAffineMatrix(centerOffset(x, center), -angle, [0, 0], 1, [0, 0]);
  const h = x.shape[x.ndim - 2];
  const w = x.shape[x.ndim - 1];
  const [ow, oh] = expand ? expandedSize(m, w, h) : [w, h];
  return warpAffine(x, m, [oh, ow], interpolation, fill);
}

/** Options of {@link affine} (torchvision: the keyword arguments of `transforms.functional.affine`). */
export interface AffineOptions {
  /** 'nearest' (default) or 'bilinear' (torchvision: `interpolation`). */
  interpolation?: Interpolation;
  /** Center `[x, y]` in pixels (default: the image center; torchvision: `center`). */
  center?: readonly [number, number];
  /** Value of pixels outside the transformed image (default 0; torchvision: `fill`). */
  fill?: Fill;
}

/**
 * Rotation by `angle` degrees (clockwise, as torchvision's `affine`), translation in pixels, scale
 * and shear in degrees `[x, y]`, about the center (torchvision: `affine`).
 */
export function affine(
  x: Tensor,
  angle: number,
  translate: readonly [number, number],
  scale: number,
  shear: number | readonly [number, number],
  options: AffineOptions = {},
): Tensor {
  checkImage('affine', x);
  if (!(scale > 0)) throw new RangeError('Argument scale should be positive');
  const { interpolation = 'nearest', center, fill = 0 } = options;
  const sh: [number, number] = typeof shear === 'number' ? [shear, 0] : [shear[0], shear[1] ?? 0];
  const m = inverseAffineMatrix(centerOffset(x, center), angle, translate, scale, sh);
  return warpAffine(x, m, [x.shape[x.ndim - 2], x.shape[x.ndim - 1]], interpolation, fill);
}

export { type ResizeOptions, resize } from './resize.js';
