import { describe, expect, it } from 'vitest';
import { windowCount } from './window.js';

describe('windowCount', () => {
  it("counts conv2d's windows: floor((size + padding - dilation * (k - 1) - 1) / stride) + 1", () => {
    expect(windowCount(28, 0, 0, 5, 1, 1)).toBe(24);
    expect(windowCount(7, 1, 1, 3, 1, 2)).toBe(4);
    expect(windowCount(10, 0, 0, 3, 2, 1)).toBe(6);
    // 'same' padding of an even effective kernel: one more after than before.
    expect(windowCount(5, 1, 2, 4, 1, 1)).toBe(5);
    // Too small an input gives no (or a negative number of) windows; callers reject it.
    expect(windowCount(2, 0, 0, 3, 1, 1)).toBe(0);
  });

  it('rounds up in ceil mode, but drops a last window that would start in the trailing padding', () => {
    expect(windowCount(5, 0, 0, 2, 1, 2)).toBe(2);
    expect(windowCount(5, 0, 0, 2, 1, 2, true)).toBe(3);
    expect(windowCount(6, 1, 1, 2, 1, 2, true)).toBe(4);
    // ceil((5 + 2 - 2) / 4) + 1 = 3 windows, but the 3rd would start at 8 >= size + padBefore = 6: dropped.
    expect(windowCount(5, 1, 1, 2, 1, 4, true)).toBe(2);
    expect(windowCount(5, 1, 1, 2, 1, 4)).toBe(2);
  });
});
