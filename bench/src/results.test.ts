import { describe, expect, it } from 'vitest';
import { makeCell, type Report, resultsTable, tableNotes, workloadResult } from './results.js';
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
