import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Md5, md5Hex } from './md5.js';

const node = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

describe('md5', () => {
  it('matches the RFC 1321 test suite', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(md5Hex(enc(''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex(enc('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex(enc('message digest'))).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(md5Hex(enc('1234567890'.repeat(8)))).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('matches node:crypto for every length around the block and padding boundaries', () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff);
    for (let n = 0; n <= 300; n++) expect(md5Hex(data.subarray(0, n))).toBe(node(data.subarray(0, n)));
  });

  it('gives the same digest however the input is split', () => {
    const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 17) & 0xff);
    for (const step of [1, 3, 63, 64, 65, 1000]) {
      const h = new Md5();
      for (let i = 0; i < data.length; i += step) h.update(data.subarray(i, i + step));
      expect(h.digest()).toBe(node(data));
    }
  });
});
