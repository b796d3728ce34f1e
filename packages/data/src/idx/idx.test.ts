import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GzipError, gunzipWeb, isGzip, maybeGunzip } from './gzip.js';
import { encodeIdx, IdxError, parseIdxImages, parseIdxLabels } from './idx.js';

/** An image-file header for the given sizes, followed by `dataBytes` zero bytes. */
function imagesFile(count: number, rows: number, cols: number, dataBytes: number): Uint8Array {
  const out = new Uint8Array(16 + dataBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00000803);
  view.setUint32(4, count);
  view.setUint32(8, rows);
  view.setUint32(12, cols);
  return out;
}

describe('parseIdxImages', () => {
  it('parses a valid file without copying the data', () => {
    const pixels = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);
    const bytes = encodeIdx([2, 3, 4], pixels);
    expect(Array.from(bytes.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4]);
    const out = parseIdxImages(bytes, 'x');
    expect(out.shape).toEqual([2, 3, 4]);
    expect(Array.from(out.data)).toEqual(Array.from(pixels));
    expect(out.data.buffer).toBe(bytes.buffer);
    expect(out.data.byteOffset).toBe(16);
  });

  it('refuses a truncated file, naming it and the expected size', () => {
    const bytes = imagesFile(60000, 28, 28, 1000 - 16);
    expect(() => parseIdxImages(bytes, 'train-images-idx3-ubyte')).toThrow(
      new IdxError('train-images-idx3-ubyte: expected 47040016 bytes for 60000x28x28 images, got 1000'),
    );
  });

  it('refuses trailing bytes', () => {
    const bytes = imagesFile(2, 28, 28, 2 * 784 + 1);
    expect(() => parseIdxImages(bytes, 't10k-images-idx3-ubyte')).toThrow(
      't10k-images-idx3-ubyte: expected 1584 bytes for 2x28x28 images, got 1585',
    );
  });

  it('refuses a file shorter than its header', () => {
    expect(() => parseIdxImages(new Uint8Array(0), 'empty')).toThrow(
      'empty: expected at least 16 bytes for the IDX header of images, got 0',
    );
    expect(() => parseIdxImages(new Uint8Array([0, 0, 8, 3, 0, 0]), 'short')).toThrow(
      'short: expected at least 16 bytes for the IDX header of images, got 6',
    );
  });

  it('refuses a wrong magic number and says what the file looks like', () => {
    const labels = encodeIdx([3], new Uint8Array([1, 2, 3]));
    expect(() => parseIdxImages(labels, 'train-labels-idx1-ubyte')).toThrow(
      'train-labels-idx1-ubyte: bad magic number 0x00000801 (an IDX label file), expected 0x00000803 (an IDX image file)',
    );
    const html = new TextEncoder().encode('<!DOCTYPE html><html>Not found</html>');
    expect(() => parseIdxImages(html, 'page')).toThrow(
      'page: bad magic number 0x3c21444f, expected 0x00000803 (an IDX image file)',
    );
    const twoDims = encodeIdx([2, 2], new Uint8Array(4));
    expect(() => parseIdxImages(twoDims, 'x')).toThrow(
      'x: bad magic number 0x00000802 (IDX unsigned bytes, 2 dimensions), expected 0x00000803 (an IDX image file)',
    );
  });

  it('refuses IDX data types other than unsigned bytes, by name', () => {
    const bytes = imagesFile(1, 1, 1, 4);
    bytes[2] = 0x0d;
    expect(() => parseIdxImages(bytes, 'floats')).toThrow(
      'floats: IDX data type 0x0d (float32) is not supported, expected 0x08 (unsigned byte)',
    );
  });

  it('checks the expected count and image size', () => {
    const bytes = encodeIdx([2, 32, 32], new Uint8Array(2 * 32 * 32));
    expect(() => parseIdxImages(bytes, 'x', { rows: 28, cols: 28 })).toThrow(
      'x: expected 28x28 images, the header says 32x32',
    );
    expect(() => parseIdxImages(bytes, 'x', { count: 3 })).toThrow('x: expected 3 images, the header says 2');
    expect(parseIdxImages(bytes, 'x', { count: 2, rows: 32, cols: 32 }).shape).toEqual([2, 32, 32]);
  });

  it('does not overflow on absurd header sizes', () => {
    const bytes = imagesFile(0xffffffff, 0xffffffff, 0xffffffff, 10);
    expect(() => parseIdxImages(bytes, 'x')).toThrow(IdxError);
  });
});

describe('parseIdxLabels', () => {
  it('parses a valid file', () => {
    const out = parseIdxLabels(encodeIdx([4], new Uint8Array([5, 0, 4, 1])), 'y', { numClasses: 10 });
    expect(out.shape).toEqual([4]);
    expect(Array.from(out.data)).toEqual([5, 0, 4, 1]);
  });

  it('refuses a truncated file', () => {
    const bytes = encodeIdx([60000], new Uint8Array(60000)).subarray(0, 1000);
    expect(() => parseIdxLabels(bytes, 'train-labels-idx1-ubyte')).toThrow(
      'train-labels-idx1-ubyte: expected 60008 bytes for 60000 labels, got 1000',
    );
    expect(() => parseIdxLabels(bytes.subarray(0, 7), 'train-labels-idx1-ubyte')).toThrow(
      'train-labels-idx1-ubyte: expected at least 8 bytes for the IDX header of labels, got 7',
    );
  });

  it('refuses an image file', () => {
    expect(() => parseIdxLabels(imagesFile(1, 1, 1, 1), 'imgs')).toThrow(
      'imgs: bad magic number 0x00000803 (an IDX image file), expected 0x00000801 (an IDX label file)',
    );
  });

  it('refuses labels out of range and a wrong count', () => {
    const bytes = encodeIdx([3], new Uint8Array([1, 12, 3]));
    expect(() => parseIdxLabels(bytes, 'y', { numClasses: 10 })).toThrow(
      'y: label 12 at index 1 is out of range (expected 0 to 9)',
    );
    expect(() => parseIdxLabels(bytes, 'y', { count: 10000 })).toThrow(
      'y: expected 10000 labels, the header says 3',
    );
  });
});

describe('encodeIdx', () => {
  it('checks the data length', () => {
    expect(() => encodeIdx([2, 2], new Uint8Array(3))).toThrow(
      'encodeIdx(): shape [2, 2] needs 4 bytes, got 3',
    );
  });
});

describe('gzip', () => {
  const raw = encodeIdx(
    [100, 28, 28],
    Uint8Array.from({ length: 78400 }, (_, i) => (i * 7) % 256),
  );
  const gz = new Uint8Array(gzipSync(raw));

  it('detects gzip by its magic bytes', () => {
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(raw)).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
  });

  it('decodes with DecompressionStream', async () => {
    expect(await gunzipWeb(gz)).toEqual(raw);
    expect(await maybeGunzip(gz, 'x.gz')).toEqual(raw);
  });

  it('passes raw IDX bytes through', async () => {
    expect(await maybeGunzip(raw, 'x')).toBe(raw);
  });

  it('fails on truncated or corrupt gzip data, naming the file', async () => {
    await expect(maybeGunzip(gz.subarray(0, gz.length - 10), 'train-images-idx3-ubyte.gz')).rejects.toThrow(
      new GzipError(
        'train-images-idx3-ubyte.gz: the gzip data is corrupt or truncated (unexpected end of file)',
      ),
    );
    const corrupt = gz.slice();
    corrupt[corrupt.length - 6] ^= 1; // the CRC32 of the contents
    await expect(maybeGunzip(corrupt, 'x.gz')).rejects.toThrow(
      'x.gz: the gzip data is corrupt or truncated (incorrect data check)',
    );
  });
});
