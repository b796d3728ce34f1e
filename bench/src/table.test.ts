import { describe, expect, it } from 'vitest';
import { formatRange, formatRate, formatRatio, formatTable } from './table.js';

describe('formatRate', () => {
  it('keeps three significant digits and groups thousands from 10,000 up', () => {
    expect(formatRate(0.01234)).toBe('0.0123');
    expect(formatRate(1.2345)).toBe('1.23');
    expect(formatRate(12.345)).toBe('12.3');
    expect(formatRate(1234.5)).toBe('1235');
    expect(formatRate(123456.7)).toBe('123,457');
  });
  it('shows non-finite values as they are', () => {
    expect(formatRate(Number.NaN)).toBe('NaN');
  });
});

describe('formatRange and formatRatio', () => {
  it('formats min-max and ratios', () => {
    expect(formatRange({ median: 2, min: 1.5, max: 2.25, n: 3 })).toBe('1.50-2.25');
    expect(formatRatio(2.5)).toBe('2.50x');
    expect(formatRatio(0.0333)).toBe('0.033x');
    expect(formatRatio(undefined)).toBe('n/a');
  });
});

describe('formatTable', () => {
  it('pads columns, right-aligns numeric ones and marks them in the rule', () => {
    const table = formatTable(
      ['system', 'median', 'vs typetorch'],
      [
        ['typetorch', '1023', '1.00x'],
        ['PyTorch (OpenBLAS, 1 thread)', '5118', '5.00x'],
        ['TF.js cpu', 'failed', '-'],
      ],
    );
    expect(table.split('\n')).toEqual([
      '| system                       | median | vs typetorch |',
      '| ---------------------------- | -----: | -----------: |',
      '| typetorch                    |   1023 |        1.00x |',
      '| PyTorch (OpenBLAS, 1 thread) |   5118 |        5.00x |',
      '| TF.js cpu                    | failed |            - |',
    ]);
  });
  it('left-aligns a column with text in it', () => {
    const [, rule] = formatTable(['a'], [['1'], ['x']]).split('\n');
    expect(rule).toBe('| --- |');
  });
  it('refuses rows whose length differs from the header', () => {
    expect(() => formatTable(['a', 'b'], [['1']])).toThrow(/row 0 has 1 cells/);
  });
});
