import { describe, expect, it } from 'vitest';
import { perClassStats } from './per-class.js';
import { perClassAccuracy } from './report.js';

describe('perClassStats', () => {
  it('reads each row of confusion[true][predicted]: the diagonal over the row sum', () => {
    const confusion = [
      [8, 2, 0],
      [1, 3, 0],
      [0, 0, 0],
    ];
    expect(perClassStats(confusion)).toEqual([
      { correct: 8, total: 10, accuracy: 0.8 },
      { correct: 3, total: 4, accuracy: 0.75 },
      { correct: 0, total: 0, accuracy: 0 },
    ]);
  });

  it('is what the command line reports', () => {
    const confusion = [
      [5, 5],
      [1, 9],
    ];
    expect(perClassAccuracy({ confusion } as never)).toEqual([0.5, 0.9]);
  });
});
