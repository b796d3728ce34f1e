/**
 * MD5 (RFC 1321) in plain TypeScript, for checking downloads where no native MD5 exists (Web Crypto has
 * none). Used only as a checksum for accidental corruption, as torchvision does, never for security.
 * The Node entry uses node:crypto instead.
 */

const S = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9,
  14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15,
  21, 6, 10, 15, 21,
];
const K = new Int32Array(64);
for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0;

/**
 * Incremental MD5: `update` any number of times, then `digest` once (torchvision: `calculate_md5` reads in
 * chunks the same way).
 */
export class Md5 {
  private readonly state = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476]);
  private readonly block = new Uint8Array(64);
  private readonly words = new Int32Array(16);
  private blockLength = 0;
  private length = 0;
  private finished = false;

  /** Feeds more bytes; returns this (torchvision: `hashlib.md5().update` in `calculate_md5`). */
  update(bytes: Uint8Array): this {
    if (this.finished) throw new Error('Md5: update() after digest()');
    let i = 0;
    this.length += bytes.length;
    if (this.blockLength > 0) {
      const take = Math.min(64 - this.blockLength, bytes.length);
      this.block.set(bytes.subarray(0, take), this.blockLength);
      this.blockLength += take;
      i = take;
      if (this.blockLength < 64) return this;
      this.compress(this.block, 0);
      this.blockLength = 0;
    }
    for (; i + 64 <= bytes.length; i += 64) this.compress(bytes, i);
    if (i < bytes.length) {
      this.block.set(bytes.subarray(i), 0);
      this.blockLength = bytes.length - i;
    }
    return this;
  }

  /** The digest as 32 lowercase hex digits (torchvision: `hexdigest()` in `calculate_md5`). */
  digest(): string {
    if (this.finished) throw new Error('Md5: digest() called twice');
    const bitLength = this.length * 8;
    const pad = new Uint8Array((this.blockLength < 56 ? 56 : 120) - this.blockLength + 8);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(pad.length - 8, bitLength >>> 0, true);
    view.setUint32(pad.length - 4, Math.floor(bitLength / 2 ** 32), true);
    this.update(pad);
    this.finished = true;
    let out = '';
    for (const word of this.state) {
      for (let b = 0; b < 4; b++) out += ((word >>> (8 * b)) & 0xff).toString(16).padStart(2, '0');
    }
    return out;
  }

  private compress(bytes: Uint8Array, at: number): void {
    const x = this.words;
    for (let j = 0; j < 16; j++) {
      const o = at + 4 * j;
      x[j] = bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24);
    }
    const st = this.state;
    let a = st[0];
    let b = st[1];
    let c = st[2];
    let d = st[3];
    for (let j = 0; j < 64; j++) {
      let f: number;
      let g: number;
      if (j < 16) {
        f = (b & c) | (~b & d);
        g = j;
      } else if (j < 32) {
        f = (d & b) | (~d & c);
        g = (5 * j + 1) & 15;
      } else if (j < 48) {
        f = b ^ c ^ d;
        g = (3 * j + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * j) & 15;
      }
      const sum = (a + f + K[j] + x[g]) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << S[j]) | (sum >>> (32 - S[j])))) | 0;
    }
    st[0] = (st[0] + a) | 0;
    st[1] = (st[1] + b) | 0;
    st[2] = (st[2] + c) | 0;
    st[3] = (st[3] + d) | 0;
  }
}

/** The MD5 of `bytes`, as 32 lowercase hex digits (torchvision: `calculate_md5`). */
export function md5Hex(bytes: Uint8Array): string {
  return new Md5().update(bytes).digest();
}
