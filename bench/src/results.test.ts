import { describe, expect, it } from 'vitest';
import { epochSeconds, makeCell, type Report, resultsTable, tableNotes, workloadResult } from './results.js';
import { WORKLOADS } from './workloads.js';

const mlp32 = WORKLOADS.find((w) => w.id === 'mlp-train-32')!;

describe('makeCell', () => {
  it('turns rounds into rates and their summary', () => {
    const cell = makeCell('typetorch', 32, [
      { times: [0.1, 0.1], check: 2.3 },
      { times: [0.2], check: 2.2 },
      { times: [0.05], check: 2.1 },
    ]);
    expect(cell.rates).toEqual([320, 160, 640]);
    expect(cell.summary).toEqual({ median: 320, min: 160, max: 640, n: 3 });
    expect(cell.error).toBeUndefined();
  });
  it('has no figure when the loss went NaN, or when the system failed', () => {
    expect(makeCell('x', 1, [{ times: [1], check: null }]).summary).toBeUndefined();
    expect(makeCell('x', 1, [{ times: [1], check: null }]).error).toMatch(/NaN/);
    const failed = makeCell('x', 1, [{ times: [1], check: 1 }], 'setup failed: boom');
    expect(failed.summary).toBeUndefined();
    expect(failed.error).toBe('setup failed: boom');
  });
});

describe('the report table', () => {
  const cells = [
    makeCell('typetorch', 32, [{ times: [0.1], check: 1 }]),
    makeCell('torch-t1', 32, [{ times: [0.025], check: 1 }]),
    makeCell('tfjs-cpu', 32, [], 'setup failed: no gradient'),
  ];
  const report: Report = {
    date: '2026-01-01T00:00:00.000Z',
    machine: {},
    options: {},
    reference: 'typetorch',
    systems: [
      { id: 'typetorch', label: 'typetorch backend-cpu' },
      { id: 'torch-t1', label: 'PyTorch (OpenBLAS, 1 thread)' },
      { id: 'tfjs-cpu', label: 'TF.js cpu' },
      { id: 'tfjs-wasm', label: 'TF.js wasm (SIMD)', error: 'could not start' },
    ],
    workloads: [workloadResult(mlp32, cells, 'typetorch')],
    seconds: 1,
  };

  it('gives each system its ratio to the reference', () => {
    expect(report.workloads[0].cells.map((c) => c.ratio)).toEqual([1, 4, undefined]);
  });
  it('prints a group of rows per workload', () => {
    expect(resultsTable(report).split('\n')).toEqual([
      '| workload                             | system                       | median |   min-max | vs typetorch |',
      '| ------------------------------------ | ---------------------------- | -----: | --------: | -----------: |',
      '| MLP train step, batch 32 (samples/s) | typetorch backend-cpu        |    320 |   320-320 |        1.00x |',
      '|                                      | PyTorch (OpenBLAS, 1 thread) |   1280 | 1280-1280 |        4.00x |',
      '|                                      | TF.js cpu                    | failed |         - |            - |',
    ]);
  });
  it('explains every system and cell without a figure', () => {
    expect(tableNotes(report)).toEqual([
      'tfjs-wasm: not run: could not start',
      'tfjs-cpu on mlp-train-32: setup failed: no gradient',
    ]);
  });
});

describe('the idle check in the cells', () => {
  it('keeps the wait before each round and the CPU other children used during it', () => {
    const cell = makeCell('torch-t2', 32, [
      { times: [0.1], check: 1, settleMs: 130, othersCpuMs: 0.2 },
      { times: [0.1], check: 1, settleMs: 30, othersCpuMs: 0 },
    ]);
    expect(cell.settleMs).toEqual([130, 30]);
    expect(cell.othersCpuMs).toEqual([0.2, 0]);
    expect(makeCell('x', 1, [{ times: [1], check: 1 }]).settleMs).toBeUndefined();
  });
});

describe('an epoch workload', () => {
  const mnist = WORKLOADS.find((w) => w.id === 'mnist-example-epoch')!;
  it('sums the timed batches when they were the whole epoch, else scales them', () => {
    const whole = makeCell('torch-t1', 64, [{ times: [0.5, 0.5, 1], check: 1 }]);
    expect(epochSeconds(whole, 3)).toEqual({ seconds: 2, timed: 3, extrapolated: false });
    expect(epochSeconds(whole, 30)).toEqual({ seconds: 20, timed: 3, extrapolated: true });
  });
  it("notes each system's epoch seconds under the table", () => {
    const cells = [
      makeCell('typetorch-t1', 64, [{ times: [0.2, 0.2], check: 2 }]),
      makeCell('torch-t1', 64, [{ times: [0.05, 0.05], check: 2 }]),
      makeCell('tfjs-wasm', 64, [], 'pytorch/examples mnist is ported to typetorch only'),
    ];
    const report: Report = {
      date: '',
      machine: {},
      options: {},
      reference: 'typetorch-t1',
      systems: [],
      workloads: [workloadResult(mnist, cells, 'typetorch-t1')],
      seconds: 1,
    };
    expect(tableNotes(report)[0]).toBe(
      'mnist-example-epoch: one training epoch (938 batches, scaled from the first 2 batches): typetorch-t1 187.6 s, torch-t1 46.9 s',
    );
  });
});
