/**
 * IDX files (the format of MNIST and Fashion-MNIST): a 4-byte magic number, one big-endian uint32 size
 * per dimension, then the elements in row-major order. Browser-safe: works on bytes only.
 *
 * Only unsigned-byte data (type code 0x08) is supported, which is what every MNIST-family file uses.
 * Every check names the file, and a file whose length does not match its header is refused: a
 * truncated download never turns into a silently shorter dataset.
 */

import { numelOf } from '@typetorch/tensor';

/**
 * A parsed IDX array of unsigned bytes. `data` is a view into the input bytes (no copy; torchvision:
 * `read_sn3_pascalvincent_tensor` returns it as a tensor).
 */
export interface IdxArray {
  /** Sizes from the header, e.g. `[60000, 28, 28]` (torchvision: the result's `shape`). */
  shape: number[];
  /** `shape` elements, row-major (PyTorch has none). */
  data: Uint8Array;
}

/**
 * A malformed IDX file. The message starts with the file's name (PyTorch has none: torchvision asserts).
 */
export class IdxError extends Error {
  /** The error's class name (PyTorch: Python's `type(e).__name__`). */
  override name = 'IdxError';
}

/** IDX data type codes (third byte of the magic number). */
const TYPE_NAMES: Record<number, string> = {
  8: 'unsigned byte',
  9: 'signed byte',
  11: 'int16',
  12: 'int32',
  13: 'float32',
  14: 'float64',
};

/**
 * The magic number of MNIST's image files: unsigned bytes, 3 dimensions (torchvision: checked by
 * `read_image_file`).
 */
export const IDX_IMAGES_MAGIC = 0x00000803;
/**
 * The magic number of MNIST's label files: unsigned bytes, 1 dimension (torchvision: checked by
 * `read_label_file`).
 */
export const IDX_LABELS_MAGIC = 0x00000801;

function hex(n: number, digits: number): string {
  return `0x${n.toString(16).padStart(digits, '0')}`;
}

function describeMagic(magic: number): string {
  if (magic === IDX_IMAGES_MAGIC) return ' (an IDX image file)';
  if (magic === IDX_LABELS_MAGIC) return ' (an IDX label file)';
  if (magic >>> 16 !== 0) return '';
  const type = TYPE_NAMES[(magic >>> 8) & 0xff];
  if (type === undefined) return '';
  const ndim = magic & 0xff;
  return ` (IDX ${type}s, ${ndim} dimension${ndim === 1 ? '' : 's'})`;
}

function u32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0
  );
}

/** What a parse expects: the magic number fixes the data type (ubyte) and the number of dimensions. */
interface Expectation {
  magic: number;
  /** 'images' or 'labels': used in messages ("for 60000x28x28 images"). */
  what: string;
}

/**
 * Parses an IDX file of unsigned bytes with the given magic number. `name` (a file name, path or URL)
 * starts every error message.
 */
function parseIdxWith(bytes: Uint8Array, name: string, expected: Expectation): IdxArray {
  const ndim = expected.magic & 0xff;
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < 4) {
    throw new IdxError(
      `${name}: expected at least ${headerBytes} bytes for the IDX header of ${expected.what}, got ${bytes.length}`,
    );
  }
  const magic = u32(bytes, 0);
  if (magic !== expected.magic) {
    const type = (magic >>> 8) & 0xff;
    const isIdx = magic >>> 16 === 0 && TYPE_NAMES[type] !== undefined;
    if (isIdx && (magic & 0xff) === ndim) {
      throw new IdxError(
        `${name}: IDX data type ${hex(type, 2)} (${TYPE_NAMES[type]}) is not supported, expected 0x08 (unsigned byte)`,
      );
    }
    throw new IdxError(
      `${name}: bad magic number ${hex(magic, 8)}${describeMagic(magic)}, expected ${hex(expected.magic, 8)}${describeMagic(expected.magic)}`,
    );
  }
  if (bytes.length < headerBytes) {
    throw new IdxError(
      `${name}: expected at least ${headerBytes} bytes for the IDX header of ${expected.what}, got ${bytes.length}`,
    );
  }
  const shape: number[] = [];
  let numel = 1;
  for (let d = 0; d < ndim; d++) {
    const size = u32(bytes, 4 + 4 * d);
    shape.push(size);
    numel *= size;
  }
  const total = headerBytes + numel;
  if (bytes.length !== total) {
    throw new IdxError(
      `${name}: expected ${total} bytes for ${shape.join('x')} ${expected.what}, got ${bytes.length}`,
    );
  }
  return { shape, data: bytes.subarray(headerBytes) };
}

/** Options of {@link parseIdxImages} (PyTorch has none). */
export interface ImageExpectation {
  /** Required number of images (default: any; PyTorch has none). */
  count?: number;
  /** Required image height (default: any; PyTorch has none). */
  rows?: number;
  /** Required image width (default: any; PyTorch has none). */
  cols?: number;
}

/**
 * Parses an IDX image file (magic 0x00000803: unsigned bytes, [count, rows, cols]) such as
 * `train-images-idx3-ubyte`. Throws an {@link IdxError} naming `name` if the magic number, the sizes or
 * the byte length are wrong, e.g.
 * `train-images-idx3-ubyte: expected 47040016 bytes for 60000x28x28 images, got 1000` (torchvision:
 * `read_image_file`).
 */
export function parseIdxImages(bytes: Uint8Array, name: string, expect: ImageExpectation = {}): IdxArray {
  const out = parseIdxWith(bytes, name, { magic: IDX_IMAGES_MAGIC, what: 'images' });
  const [count, rows, cols] = out.shape;
  if (expect.count !== undefined && count !== expect.count) {
    throw new IdxError(`${name}: expected ${expect.count} images, the header says ${count}`);
  }
  if (
    (expect.rows !== undefined && rows !== expect.rows) ||
    (expect.cols !== undefined && cols !== expect.cols)
  ) {
    throw new IdxError(
      `${name}: expected ${expect.rows ?? rows}x${expect.cols ?? cols} images, the header says ${rows}x${cols}`,
    );
  }
  return out;
}

/** Options of {@link parseIdxLabels} (PyTorch has none). */
export interface LabelExpectation {
  /** Required number of labels (default: any; PyTorch has none). */
  count?: number;
  /** Labels must be below this (e.g. 10 for MNIST; default: any byte; PyTorch has none). */
  numClasses?: number;
}

/**
 * Parses an IDX label file (magic 0x00000801: unsigned bytes, [count]) such as `train-labels-idx1-ubyte`,
 * with the checks of {@link parseIdxImages}, and checks every label against `numClasses` if given
 * (torchvision: `read_label_file`).
 */
export function parseIdxLabels(bytes: Uint8Array, name: string, expect: LabelExpectation = {}): IdxArray {
  const out = parseIdxWith(bytes, name, { magic: IDX_LABELS_MAGIC, what: 'labels' });
  const count = out.shape[0];
  if (expect.count !== undefined && count !== expect.count) {
    throw new IdxError(`${name}: expected ${expect.count} labels, the header says ${count}`);
  }
  if (expect.numClasses !== undefined) {
    const { data } = out;
    for (let i = 0; i < data.length; i++) {
      if (data[i] >= expect.numClasses) {
        throw new IdxError(
          `${name}: label ${data[i]} at index ${i} is out of range (expected 0 to ${expect.numClasses - 1})`,
        );
      }
    }
  }
  return out;
}

/**
 * Writes an IDX file of unsigned bytes (the inverse of the parsers): for tests and for saving subsets.
 * `data.length` must equal the product of `shape` (PyTorch has none).
 */
export function encodeIdx(shape: readonly number[], data: Uint8Array): Uint8Array {
  const numel = numelOf(shape);
  if (data.length !== numel) {
    throw new RangeError(`encodeIdx(): shape [${shape.join(', ')}] needs ${numel} bytes, got ${data.length}`);
  }
  if (shape.length > 255) throw new RangeError('encodeIdx(): at most 255 dimensions');
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + numel);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x0800 | shape.length);
  for (let d = 0; d < shape.length; d++) view.setUint32(4 + 4 * d, shape[d]);
  out.set(data, header);
  return out;
}
