/**
 * The pixel cap of the images `predict` decodes (issue 18: a 76 KB PNG of 8000x8000 pixels took 1.1 GB
 * and 23 s). The size is read from the PNG header, before anything is inflated or allocated; PNG is the
 * only image format the app decodes (the browser page draws on a 28x28 pad).
 */
import { UsageError } from './errors.js';

/** The longest side accepted, in pixels. */
export const MAX_IMAGE_SIDE = 4096;
/** The most pixels accepted in all: 4096x4096 (16.8 million, about 200 MB while decoding). */
export const MAX_IMAGE_PIXELS = MAX_IMAGE_SIDE * MAX_IMAGE_SIDE;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Width and height from a PNG's IHDR chunk (which the format requires first), or undefined when the
 * bytes do not start like a PNG (the decoder then reports what is wrong).
 */
export function pngDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const type = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
  if (type !== 'IHDR') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Throws a UsageError (exit code 2) naming the file when a PNG is over the cap; reads only the header. */
export function checkPngSize(bytes: Uint8Array, name: string): void {
  const size = pngDimensions(bytes);
  if (size === undefined) return;
  const { width, height } = size;
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new UsageError(
      `${name}: the image is ${width}x${height} pixels; predict reads images of at most ${MAX_IMAGE_SIDE}x${MAX_IMAGE_SIDE} pixels (scale it down first)`,
    );
  }
}
