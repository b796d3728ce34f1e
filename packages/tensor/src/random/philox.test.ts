import { describe, expect, it } from 'vitest';
import { philox4x32, philoxNormal, philoxUniform } from './philox.js';

const hex = (out: Uint32Array) => [...out].map((v) => v.toString(16).padStart(8, '0'));

describe('philox4x32-10', () => {
  // Known-answer vectors of the Random123 reference implementation (kat_vectors).
  it('matches the reference for a zero counter and key', () => {
    const out = new Uint32Array(4);
    philox4x32(0, 0, 0, 0, 0, 0, out);
    expect(hex(out)).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
  });

  it('matches the reference for all-ones counter and key', () => {
    const out = new Uint32Array(4);
    const f = 0xffffffff;
    philox4x32(f, f, f, f, f, f, out);
    expect(hex(out)).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
  });

  it('matches the reference for the pi-digits vector', () => {
    const out = new Uint32Array(4);
    philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
    expect(hex(out)).toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
  });

  it('gives uniforms in [0, 1) with a sane mean and normals with unit variance', () => {
    const key = [1234, 0] as const;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const u = philoxUniform(key, i);
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      const z = philoxNormal(key, i);
      sn += z;
      sn2 += z * z;
    }
    expect(su / n).toBeCloseTo(0.5, 1);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sn2 / n).toBeCloseTo(1, 1);
  });
});
