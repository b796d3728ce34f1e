import { describe, expect, it } from 'vitest';
import { EtaTracker, type RunPosition, timeLeftText } from './eta.js';

const at = (epoch: number, samples: number, elapsed: number): RunPosition => ({
  epoch,
  epochs: 3,
  samples,
  epochSamples: 6000,
  testSamples: 3000,
  elapsed,
});

describe('EtaTracker', () => {
  it('the first report only starts the clock: its speed includes warm-up', () => {
    const eta = new EtaTracker();
    expect(eta.update(at(1, 100, 1))).toBeUndefined(); // 100 samples/s while compiling
    const left = eta.update(at(1, 1100, 2)); // then 1000 samples/s
    expect(left?.epoch).toBeCloseTo(4.9 + 1, 6);
  });

  it('at a steady 1000 samples/s: the epoch and the run, evaluation estimated at a third of the cost', () => {
    const eta = new EtaTracker();
    let left = eta.update(at(1, 1000, 1));
    for (let s = 2; s <= 3; s++) left = eta.update(at(1, 1000 * s, s));
    // 3000 training samples left (3 s) + 3000 test images at 3000/s (1 s); two more epochs of 7 s.
    expect(left?.epoch).toBeCloseTo(4, 6);
    expect(left?.run).toBeCloseTo(18, 6);
  });

  it('follows a change of speed gradually (a moving average), not at once', () => {
    const eta = new EtaTracker();
    eta.update(at(1, 1000, 1));
    eta.update(at(1, 2000, 2));
    const slower = eta.update(at(1, 2500, 3)); // 500 samples/s for a second
    const epoch = slower?.epoch ?? 0;
    // Between the old speed's 3500/1000 + 1 = 4.5 s and the new one's 3500/500 + 2 = 9 s.
    expect(epoch).toBeGreaterThan(4.5);
    expect(epoch).toBeLessThan(9);
    // Much later, only the recent speed counts: 500 samples/s for a minute.
    let later = slower;
    for (let t = 4; t <= 63; t++)
      later = eta.update({ ...at(1, 2500 + 500 * (t - 3), t), epochSamples: 60000 });
    // 27,500 samples left at ~500/s + 3000 test images at ~1500/s: ~57 s.
    expect(later?.epoch).toBeGreaterThan(56);
    expect(later?.epoch).toBeLessThan(58);
  });

  it('measures the evaluation at the epoch end, and does not count it as slow training', () => {
    const eta = new EtaTracker();
    for (let s = 1; s <= 6; s++) eta.update(at(1, 1000 * s, s));
    eta.epochEnd(8, 1, 6000); // the evaluation took 2 s
    const left = eta.update(at(2, 1000, 9));
    // Still 1000 samples/s: 5 s + 2 s evaluation for this epoch, then 6 s + 2 s for the last.
    expect(left?.epoch).toBeCloseTo(7, 6);
    expect(left?.run).toBeCloseTo(15, 6);
  });

  it('reset forgets the speed', () => {
    const eta = new EtaTracker();
    eta.update(at(1, 1000, 1));
    eta.update(at(1, 2000, 2));
    expect(eta.timeLeft(at(1, 2000, 2))).toBeDefined();
    eta.reset();
    expect(eta.timeLeft(at(1, 1000, 1))).toBeUndefined();
  });
});

describe('timeLeftText', () => {
  it('rounds for people', () => {
    expect(timeLeftText(3)).toBe('a few seconds left');
    expect(timeLeftText(42)).toBe('about 40 s left');
    expect(timeLeftText(58)).toBe('about 1 min left');
    expect(timeLeftText(130)).toBe('about 2 min left');
    expect(timeLeftText(3599)).toBe('about 1 h left');
    expect(timeLeftText(4800)).toBe('about 1 h 20 min left');
    expect(timeLeftText(Number.POSITIVE_INFINITY)).toBe('unknown');
  });
});
