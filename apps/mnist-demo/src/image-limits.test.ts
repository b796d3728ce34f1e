/**
 * `predict` refuses images above the pixel cap from the PNG header, before decoding (issue 18: a 76 KB
 * PNG of 8000x8000 pixels took 1.1 GB and 23 s to decode).
 */
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, pngDimensions } from './image-limits.js';
import { decodePng } from './predict.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let crc = 0xffffffff;
  for (const b of body) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, body.length + 4);
  return out;
}

/** A valid 8-bit grayscale PNG of zeros, any size (the IDAT is a deflated run of zeros: a bomb). */
function grayPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, grayscale, deflate, filter 0, no interlace
  const raw = Buffer.alloc((width + 1) * height); // filter byte 0 and black pixels on every row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

describe('image size cap', () => {
  it('reads the dimensions from the PNG header', () => {
    expect(pngDimensions(grayPng(31, 17))).toEqual({ width: 31, height: 17 });
    expect(pngDimensions(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });

  it('refuses the 8000x8000 bomb before decoding it, naming the file and the cap', () => {
    const bomb = grayPng(8000, 8000);
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => decodePng(bomb, 'bomb.png')).toThrow(
      'bomb.png: the image is 8000x8000 pixels; predict reads images of at most 4096x4096 pixels',
    );
  });

  it('refuses a long thin image over the side cap too', () => {
    expect(() => decodePng(grayPng(MAX_IMAGE_SIDE + 1, 1), 'wide.png')).toThrow(/wide\.png: .*4097x1 pixels/);
    expect(MAX_IMAGE_PIXELS).toBe(MAX_IMAGE_SIDE * MAX_IMAGE_SIDE);
  });

  it('still decodes an image at the cap edge and ordinary ones', () => {
    const edge = decodePng(grayPng(MAX_IMAGE_SIDE, 2), 'edge.png');
    expect([edge.width, edge.height]).toEqual([MAX_IMAGE_SIDE, 2]);
    const png = new PNG({ width: 3, height: 2 });
    png.data.fill(255);
    const small = decodePng(PNG.sync.write(png), 'small.png');
    expect([small.width, small.height]).toEqual([3, 2]);
  });

  it('a file that is not a PNG still gets the decoder message', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3, 4]), 'junk.png')).toThrow(
      /junk\.png: not a readable PNG/,
    );
  });
});
