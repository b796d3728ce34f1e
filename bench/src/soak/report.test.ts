import { describe, expect, it } from 'vitest';
import { judge, peakGrowthMiB } from './report.js';
import type { Checkpoint } from './run.js';

const at = (step: number, rssMiB: number): Checkpoint => ({
  step,
  seconds: step / 10,
  msPerStep: 100,
  rssMiB,
  heapMiB: 0,
  arrayBuffersMiB: 0,
  wasmMiB: 0,
  memory: { deviceBytes: 0, numStorages: 0 } as unknown as Checkpoint['memory'],
});

describe('peakGrowthMiB', () => {
  it('sees no growth in a sawtooth whose samples differ by a whole tooth', () => {
    // The CI failure that motivated it: 785 at the first sample, 851 at the last, no leak.
    const saw = [785, 839, 866, 793, 858, 827, 858, 820, 851].map((r, i) => at(60 + 20 * i, r));
    expect(saw.at(-1)!.rssMiB - saw[0].rssMiB).toBeGreaterThan(48);
    expect(peakGrowthMiB(saw)).toBeLessThan(0);
  });

  it('sees a leak that raises every peak', () => {
    const leak = [700, 760, 720, 780, 740, 800, 760, 820, 780].map((r, i) => at(20 * i, r));
    expect(peakGrowthMiB(leak)).toBe(40);
  });

  it('is what judge reports and rules on', () => {
    const steady = [800, 860, 800, 860, 800].map((r, i) => at(100 * i, r));
    expect(judge(steady, undefined, 0).growthMiB).toBe(0);
    expect(judge(steady, undefined, 0).ok).toBe(true);
  });
});
