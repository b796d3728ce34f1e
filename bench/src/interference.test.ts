import { describe, expect, it } from 'vitest';
import { interferenceLine, interferenceNotes, sharedFraction } from './interference.js';
import { makeCell, type Report } from './results.js';

const quiet = makeCell('typetorch-t1', 32, [
  { times: [0.25, 0.25], check: 1, settleMs: 30, othersCpuMs: 0.5 },
  { times: [0.5], check: 1, settleMs: 150, othersCpuMs: 0 },
]);
const spinning = makeCell('torch-t2', 32, [
  { times: [0.5], check: 1, settleMs: 40, othersCpuMs: 60 },
  { times: [0.5], check: 1, settleMs: 3000, othersCpuMs: 0 },
]);
spinning.afterCpuMs = [110, 120, 130];
quiet.afterCpuMs = [0.2, 0.1];

describe('sharedFraction', () => {
  it("is the worst round's share of a core that other children used", () => {
    expect(sharedFraction(quiet)).toBeCloseTo(0.001);
    expect(sharedFraction(spinning)).toBeCloseTo(0.12);
    expect(sharedFraction(makeCell('x', 1, [{ times: [1], check: 1 }]))).toBe(0);
  });
});

describe('interferenceLine', () => {
  it('says how long the waits were, who kept computing after its rounds, and what leaked into timed rounds', () => {
    expect(interferenceLine([quiet, spinning])).toBe(
      'idle check: waited 95 ms (median, max 3000 ms) for idle children before a round; ' +
        'CPU after a round: torch-t2 120 ms; ' +
        "other children's CPU during a timed round: at most 60 ms",
    );
  });
  it('is silent when nothing was measured (no /proc)', () => {
    expect(interferenceLine([makeCell('x', 1, [{ times: [1], check: 1 }])])).toBeUndefined();
  });
});

describe('interferenceNotes', () => {
  it('flags rounds that shared the CPU or were timed without the children going idle', () => {
    const report: Report = {
      date: '',
      machine: {},
      options: {},
      systems: [],
      workloads: [{ id: 'mlp-train-32', title: '', unit: 'samples/s', work: 32, cells: [quiet, spinning] }],
      seconds: 1,
    };
    expect(interferenceNotes(report, 3000)).toEqual([
      'torch-t2 on mlp-train-32: other children used up to 12% of a core during its timed rounds',
      'torch-t2 on mlp-train-32: 1 round(s) timed after 3000 ms without the children going idle',
    ]);
  });
});
