/**
 * A dependency-free PNG encoder (the writing half of what torchvision's `save_image` gets from
 * Pillow), usable in browsers: 8-bit gray, gray+alpha, RGB or RGBA, no filtering. Without a
 * `deflate` option the image data is stored in uncompressed deflate blocks (valid PNG, larger files);
 * pass a zlib compressor (Node's `zlib.deflateSync`, as `saveImage` in `@typetorch/data/node` does)
 * for small files.
 */
import { bindArgs } from '@typetorch/tensor';
import type { ImageLike } from '../transforms/functional.js';

/** Options of {@link encodePng} (torchvision: the arguments of `torchvision.io.encode_png`). */
export interface EncodePngOptions {
  /**
   * A zlib-format (RFC 1950) compressor for the image data, e.g. Node's `zlib.deflateSync`. Default:
   * uncompressed (stored) deflate blocks, so no compression library is needed (PyTorch has none).
   */
  deflate?: (raw: Uint8Array) => Uint8Array;
}

const COLOR_TYPE: Record<number, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309, as PNG chunks use). */
function crc32(bytes: Uint8Array, start: number, end: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** zlib stream of `raw` in stored (uncompressed) deflate blocks, with its Adler-32. */
function storedZlib(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = new Uint8Array(2 + raw.length + 5 * blocks + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, raw.length - start);
    out[at++] = b === blocks - 1 ? 1 : 0;
    out[at++] = len & 0xff;
    out[at++] = len >>> 8;
    out[at++] = ~len & 0xff;
    out[at++] = (~len >>> 8) & 0xff;
    out.set(raw.subarray(start, start + len), at);
    at += len;
  }
  let a = 1;
  let s = 0;
  for (let i = 0; i < raw.length; i++) {
    a = (a + raw[i]) % 65521;
    s = (s + a) % 65521;
  }
  new DataView(out.buffer).setUint32(at, ((s << 16) | a) >>> 0);
  return out;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out, 4, 8 + body.length));
  return out;
}

/**
 * Encodes 8-bit pixels (channels last, row-major; 1 channel gray, 2 gray+alpha, 3 RGB, 4 RGBA) as
 * PNG file bytes. The counterpart of Pillow's `Image.fromarray(ndarr).save(fp, format='png')` in
 * torchvision's `torchvision.utils.save_image`; `data` holds integers 0..255. Runs in
 * browsers and Node; see {@link EncodePngOptions.deflate} for compression.
 */
export function encodePng(image: ImageLike, ...args: [options?: EncodePngOptions]): Uint8Array {
  const options = bindArgs('encodePng()', args, {
    positional: [],
    keywordOnly: ['deflate'],
    leading: 1,
  }) as EncodePngOptions;
  const { data, width, height } = image;
  const channels = image.channels ?? data.length / (width * height);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`encodePng(): expected a positive integer width and height, got ${width}x${height}`);
  }
  const colorType = COLOR_TYPE[channels];
  if (colorType === undefined || data.length !== width * height * channels) {
    throw new TypeError(
      `encodePng(): cannot handle ${data.length} values as ${height}x${width} pixels with 1 to 4 channels`,
    );
  }
  const rowBytes = width * channels;
  const raw = new Uint8Array(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) {
    // filter byte 0 (None), then the row
    const at = y * (rowBytes + 1) + 1;
    for (let i = 0; i < rowBytes; i++) raw[at + i] = data[y * rowBytes + i];
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, colorType, 0, 0, 0], 8);
  const idat = options.deflate ? options.deflate(raw) : storedZlib(raw);
  const parts = [
    Uint8Array.from(SIGNATURE),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
