/**
 * Byte-level builders of safetensors files for the tests (test support, not built into the package:
 * tsconfig.json excludes this folder).
 */
import type { Tensor } from '@typetorch/tensor';

export const encoder = new TextEncoder();

export function u64(n: number | bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

export function f32le(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  return out;
}

/** A file from a header (object or raw text) and a data buffer (bytes, or a count of zero bytes). */
export function file(header: object | string, data: Uint8Array | number = 0): Uint8Array {
  const json = encoder.encode(typeof header === 'string' ? header : JSON.stringify(header));
  const buffer = typeof data === 'number' ? new Uint8Array(data) : data;
  return concat(u64(json.length), json, buffer);
}

export function entry(dtype: string, shape: number[], offsets: [number, number]) {
  return { dtype, shape, data_offsets: offsets };
}

export async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}
