/**
 * Preparing any picture of a digit the way MNIST's digits were prepared, shared by `predict` (PNG
 * files) and the browser page's drawing pad (no Node imports): turned into white-on-black grayscale,
 * cropped to the bounding box of the ink, scaled so that the longer side is 20 px (aspect kept,
 * anti-aliased), and placed in a 28x28 image so that its centre of mass is at the centre.
 */

/** A grayscale image, values 0..255, row-major. */
export interface Gray {
  width: number;
  height: number;
  data: Float64Array;
}

/** Makes ink bright and background 0: inverts images whose border is mostly light. */
export function toWhiteOnBlack(img: Gray): Gray {
  const { width: w, height: h, data } = img;
  let sum = 0;
  let n = 0;
  for (let x = 0; x < w; x++) {
    sum += data[x] + data[(h - 1) * w + x];
    n += 2;
  }
  for (let y = 0; y < h; y++) {
    sum += data[y * w] + data[y * w + w - 1];
    n += 2;
  }
  const background = sum / n;
  const out = new Float64Array(data.length);
  const invert = background > 127;
  // Background level goes to 0, the rest scaled to keep 0..255.
  const bg = invert ? 255 - background : background;
  for (let i = 0; i < data.length; i++) {
    const v = invert ? 255 - data[i] : data[i];
    out[i] = bg >= 255 ? 0 : Math.max(0, ((v - bg) * 255) / (255 - bg));
  }
  return { width: w, height: h, data: out };
}

/** Bilinear sample with zero outside. */
function sample(img: Gray, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) =>
    xx < 0 || yy < 0 || xx >= img.width || yy >= img.height ? 0 : img.data[yy * img.width + xx];
  return (
    at(x0, y0) * (1 - fx) * (1 - fy) +
    at(x0 + 1, y0) * fx * (1 - fy) +
    at(x0, y0 + 1) * (1 - fx) * fy +
    at(x0 + 1, y0 + 1) * fx * fy
  );
}

/** Resizes with supersampled bilinear interpolation (anti-aliased when shrinking). */
export function resize(img: Gray, width: number, height: number): Gray {
  const sx = img.width / width;
  const sy = img.height / height;
  const kx = Math.max(1, Math.ceil(sx));
  const ky = Math.max(1, Math.ceil(sy));
  const out = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let j = 0; j < ky; j++) {
        for (let i = 0; i < kx; i++) {
          s += sample(img, (x + (i + 0.5) / kx) * sx - 0.5, (y + (j + 0.5) / ky) * sy - 0.5);
        }
      }
      out[y * width + x] = s / (kx * ky);
    }
  }
  return { width, height, data: out };
}

/** MNIST-style 28x28 white-on-black image (values 0..255) from any grayscale image. */
export function mnistify(input: Gray): Gray {
  const img = toWhiteOnBlack(input);
  const { width: w, height: h, data } = img;
  let max = 0;
  for (const v of data) max = Math.max(max, v);
  const out: Gray = { width: 28, height: 28, data: new Float64Array(28 * 28) };
  if (max === 0) return out;
  const threshold = max * 0.1;
  let top = h;
  let bottom = -1;
  let left = w;
  let right = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (data[y * w + x] > threshold) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  const cw = right - left + 1;
  const ch = bottom - top + 1;
  const crop: Gray = { width: cw, height: ch, data: new Float64Array(cw * ch) };
  for (let y = 0; y < ch; y++)
    for (let x = 0; x < cw; x++) crop.data[y * cw + x] = data[(top + y) * w + left + x];
  const scale = 20 / Math.max(cw, ch);
  const nw = Math.max(1, Math.round(cw * scale));
  const nh = Math.max(1, Math.round(ch * scale));
  const small = resize(crop, nw, nh);
  // Centre of mass of the scaled digit, placed at (14, 14) of the 28x28 image.
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < nh; y++) {
    for (let x = 0; x < nw; x++) {
      const v = small.data[y * nw + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  const ox = Math.round(14 - (mass > 0 ? mx / mass : nw / 2));
  const oy = Math.round(14 - (mass > 0 ? my / mass : nh / 2));
  const peak = Math.max(...small.data);
  for (let y = 0; y < nh; y++) {
    for (let x = 0; x < nw; x++) {
      const tx = x + ox;
      const ty = y + oy;
      if (tx >= 0 && ty >= 0 && tx < 28 && ty < 28) {
        out.data[ty * 28 + tx] = Math.min(255, (small.data[y * nw + x] * 255) / peak);
      }
    }
  }
  return out;
}
