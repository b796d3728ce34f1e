import { describe, expect, it } from 'vitest';
import { selectWorkloads, WORKLOADS } from './workloads.js';

describe('WORKLOADS', () => {
  it('have unique ids', () => {
    expect(new Set(WORKLOADS.map((w) => w.id)).size).toBe(WORKLOADS.length);
  });
  it('count matmul work in GFLOP and training work in samples', () => {
    expect(WORKLOADS.find((w) => w.id === 'matmul-1024')?.work).toBeCloseTo((2 * 1024 ** 3) / 1e9, 12);
    expect(WORKLOADS.find((w) => w.id === 'mlp-train-128')?.work).toBe(128);
  });
});

describe('selectWorkloads', () => {
  const ids = (patterns?: string[]) => selectWorkloads(patterns).map((w) => w.id);

  it('selects everything without patterns', () => {
    expect(ids()).toEqual(WORKLOADS.map((w) => w.id));
    expect(ids([])).toEqual(WORKLOADS.map((w) => w.id));
  });
  it('matches whole ids and dash-separated prefixes, in suite order', () => {
    expect(ids(['mlp-train'])).toEqual(['mlp-train-32', 'mlp-train-128', 'mlp-train-512']);
    expect(ids(['cnn', 'matmul-1024'])).toEqual(['matmul-1024', 'cnn-train-64']);
    expect(ids(['matmul'])).toEqual(['matmul-128x784x512', 'matmul-1024']);
  });
  it('does not match inside a word', () => {
    expect(() => ids(['mlp-train-5'])).toThrow(/no workload matches "mlp-train-5"/);
  });
});

describe('the MNIST example workload', () => {
  it('walks one whole epoch of 60,000 images in batches of 64', () => {
    const w = WORKLOADS.find((x) => x.id === 'mnist-example-epoch')!;
    expect(w.spec).toEqual({ kind: 'mnist-example', batchSize: 64 });
    expect(w.epoch).toEqual({ batches: 938 });
    expect(w.work).toBe(64);
  });
});
