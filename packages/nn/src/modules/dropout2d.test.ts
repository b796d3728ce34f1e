// Dropout2d / F.dropout2d, as PyTorch 1.13's (feature dropout: one draw per channel).
import '@typetorch/backend-cpu';
import { manualSeed, ones } from '@typetorch/tensor';
import { describe, expect, it, vi } from 'vitest';
import * as nn from '../index.js';
import { F } from '../index.js';

describe('Dropout2d', () => {
  it('zeroes whole channels of [N, C, H, W] and scales the others by 1 / (1 - p)', () => {
    manualSeed(0);
    const out = F.dropout2d(ones([4, 8, 3, 3]), 0.5);
    const v = Array.from(out.dataSync());
    const planes = Array.from({ length: 32 }, (_, k) => v.slice(9 * k, 9 * k + 9));
    for (const plane of planes) expect(new Set(plane).size).toBe(1);
    const kept = planes.filter((p) => p[0] === 2).length;
    expect(planes.every((p) => p[0] === 0 || p[0] === 2)).toBe(true);
    expect(kept).toBeGreaterThan(4);
    expect(kept).toBeLessThan(28);
  });

  it('is the identity in eval mode, prints as PyTorch, and binds its arguments as PyTorch', () => {
    const d = new nn.Dropout2d(0.25);
    expect(String(d)).toBe('Dropout2d(p=0.25, inplace=False)');
    d.eval();
    const x = ones([2, 3, 2, 2]);
    expect(d.forward(x)).toBe(x);
    expect(String(new nn.Dropout2d({ p: 0.5, inplace: true }))).toBe('Dropout2d(p=0.5, inplace=True)');
    expect(() => new nn.Dropout2d(1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
    expect(() => F.dropout2d(ones([3]), 0.5)).toThrow(
      'Feature dropout requires at least 2 dimensions in the input',
    );
  });

  it("on 2-D input drops single elements, with PyTorch 1.13's deprecation warning", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    manualSeed(1);
    const v = Array.from(F.dropout2d(ones([64, 64]), 0.5).dataSync());
    expect(new Set(v)).toEqual(new Set([0, 2]));
    // Not whole rows: rows mix zeros and twos.
    expect(v.slice(0, 64).some((x) => x === 0) && v.slice(0, 64).some((x) => x === 2)).toBe(true);
    expect(warn.mock.calls.some(([m]) => String(m).includes('Received a 2-D input to dropout2d'))).toBe(true);
    warn.mockRestore();
  });
});
