import type { BinaryOp, UnaryOp, View } from '@typetorch/tensor';
import { contiguousStrides } from '@typetorch/tensor';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { cpuBackend } from '../backend.js';
import { adamStep } from '../kernels/optim.js';
import {
  EW_BINARY,
  EW_UNARY,
  JOB_ADAM,
  JOB_BINARY,
  JOB_SUM_COLUMNS,
  JOB_SUM_ROWS,
  JOB_UNARY,
  JOB_UNIFORM,
  JOB_ZERO,
} from './layout.js';
import { PARALLEL_MIN_ELEMENTS } from './parallel.js';
import { wasmRuntime } from './runtime.js';
import { getNumThreads, setNumThreads, setWasmEnabled } from './settings.js';
import { expectSameBits, filled, view } from './testing/float32-data.js';

// Above the threshold of the range jobs, with row lengths and totals that are no multiple of the
// chunk alignment (16 elements), so chunks end mid-vector and the tails run too.
const ROWS = 301;
const COLS = 517;
const N = ROWS * COLS;

/**
 * `fn`'s result on 2 threads (returned first), on 1 thread and with the TypeScript kernels, and the
 * job kinds the runtime ran on 2 threads with `parallel` set.
 */
function threeWays(fn: () => Float32Array): { results: Float32Array[]; parallelKinds: number[] } {
  const rt = wasmRuntime()!;
  const spy = vi.spyOn(rt, 'run');
  setNumThreads(2);
  const two = fn().slice();
  const parallelKinds = spy.mock.calls.filter((call) => call[3]).map((call) => call[0]);
  spy.mockRestore();
  setNumThreads(1);
  const one = fn().slice();
  setWasmEnabled(false);
  const reference = fn().slice();
  setWasmEnabled(true);
  return { results: [two, one, reference], parallelKinds };
}

const threads = getNumThreads();
afterEach(() => {
  setWasmEnabled(true);
  setNumThreads(threads);
});
afterAll(() => setNumThreads(threads));

describe('range jobs: elementwise kernels split across threads', () => {
  for (const op of Object.keys(EW_BINARY) as BinaryOp[]) {
    it(`${op}: dense, bias rows and scalars are bit-identical on 1 and 2 threads and to TypeScript`, () => {
      const a = filled(N, 1);
      const b = filled(N, 2);
      const row = filled(COLS, 3);
      const out = cpuBackend.alloc('float32', N) as Float32Array;
      const dense = view(a, [ROWS, COLS], [COLS, 1]);
      const parallel: [View, View][] = [
        [view(a, [N], [1]), view(b, [N], [1])], // one row, split by elements
        [dense, view(row, [ROWS, COLS], [0, 1])], // a bias row: split by rows
        [view(row, [ROWS, COLS], [0, 1]), dense],
        [dense, view(b, [ROWS, COLS], [0, 0], 5)], // a scalar
        [view(b, [ROWS, COLS], [0, 0], 9), dense],
        [view(a, [ROWS, COLS - 1], [COLS, 1], 1), view(b, [ROWS, COLS - 1], [COLS, 1])], // gaps between rows
      ];
      // Left to one thread: a value per row (a different splat each row), three uneven dims.
      const serial: [View, View][] = [
        [dense, view(b, [ROWS, COLS], [1, 0])],
        [view(a, [6, 43, COLS - 2], [44 * COLS, COLS, 1]), view(b, [6, 43, COLS - 2], [44 * COLS, COLS, 1])],
      ];
      for (const [cases, kinds] of [
        [parallel, [JOB_BINARY]],
        [serial, []],
      ] as const) {
        for (const [x, y] of cases) {
          const o = view(out, x.shape as number[], contiguousStrides(x.shape));
          const { results, parallelKinds } = threeWays(() => {
            out.fill(7);
            cpuBackend.binary(op, x, y, o);
            return out;
          });
          expect(parallelKinds).toEqual(kinds);
          expectSameBits(results[0], results[1]);
          expectSameBits(results[0], results[2]);
        }
      }
    });
  }

  it('in place (the output is an operand) on 2 threads', () => {
    const b = filled(N, 2);
    const { results, parallelKinds } = threeWays(() => {
      const target = filled(N, 4);
      cpuBackend.binary('mul', view(target, [N], [1]), view(b, [N], [1]), view(target, [N], [1]));
      return target;
    });
    expect(parallelKinds).toEqual([JOB_BINARY]);
    expectSameBits(results[0], results[1]);
    expectSameBits(results[0], results[2]);
  });

  for (const op of Object.keys(EW_UNARY) as UnaryOp[]) {
    it(`${op}: bit-identical on 1 and 2 threads and to TypeScript`, () => {
      const x = filled(N, 5);
      const out = cpuBackend.alloc('float32', N) as Float32Array;
      const { results, parallelKinds } = threeWays(() => {
        cpuBackend.unary(op, view(x, [N], [1]), view(out, [N], [1]));
        return out;
      });
      expect(parallelKinds).toEqual([JOB_UNARY]);
      expectSameBits(results[0], results[1]);
      expectSameBits(results[0], results[2]);
    });
  }

  it('stays on one thread below the threshold', () => {
    const n = PARALLEL_MIN_ELEMENTS - 1;
    const x = filled(n, 5);
    const { results, parallelKinds } = threeWays(() => {
      cpuBackend.unary('relu', view(x, [n], [1]), view(x, [n], [1]));
      return x;
    });
    expect(parallelKinds).toEqual([]);
    expectSameBits(results[0], results[1]);
  });

  it('sums columns (a bias gradient) split by columns, bit-identical to 1 thread and TypeScript', () => {
    const x = filled(N, 6);
    const out = cpuBackend.alloc('float32', COLS) as Float32Array;
    const { results, parallelKinds } = threeWays(() => {
      // sum(0) of [ROWS, COLS]: the kept dim comes first in the reduction's view.
      cpuBackend.reduce('sum', view(x, [COLS, ROWS], [1, COLS]), view(out, [COLS], [1]));
      return out;
    });
    expect(parallelKinds).toEqual([JOB_SUM_COLUMNS]);
    expectSameBits(results[0], results[1]);
    expectSameBits(results[0], results[2]);
  });

  it('fills uniform random values across threads with the same stream counters (a dropout mask)', () => {
    const out = cpuBackend.alloc('float32', N) as Float32Array;
    // A counter just below 2^32: the 64-bit carry falls inside a chunk other than the first.
    for (const offset of [0, 2 ** 32 - 50_000, 2 ** 40 + 3]) {
      const { results, parallelKinds } = threeWays(() => {
        cpuBackend.random(view(out, [N], [1]), 'uniform', [0x12345678, 0x9abcdef0], offset);
        return out;
      });
      expect(parallelKinds).toEqual([JOB_UNIFORM]);
      expectSameBits(results[0], results[1]);
      expectSameBits(results[0], results[2]);
    }
  });

  it('zeroes large reused blocks across threads', () => {
    const rt = wasmRuntime()!;
    setNumThreads(2);
    const a = cpuBackend.alloc('float32', N) as Float32Array;
    a.fill(3);
    const where = a.byteOffset;
    cpuBackend.free(a);
    const spy = vi.spyOn(rt, 'run');
    const b = cpuBackend.alloc('float32', N) as Float32Array;
    expect(spy.mock.calls.map((call) => [call[0], call[3]])).toEqual([[JOB_ZERO, true]]);
    spy.mockRestore();
    expect(b.byteOffset).toBe(where);
    expect(b.every((v) => v === 0 && !Object.is(v, -0))).toBe(true);
    cpuBackend.free(b);
  });
});

describe('range jobs: row sums split across threads', () => {
  it('sums rows (a conv bias gradient, dy.sum([0, 2, 3])) split by outputs, bit-identical to 1 thread and TypeScript', () => {
    // dy [16, 37, 13, 11] (N, C, H, W) viewed as the reduction sees it: [C, N, H, W], the kept dim first.
    const [n, c, h, w] = [16, 37, 13, 11];
    const x = filled(n * c * h * w, 7);
    const out = cpuBackend.alloc('float32', c) as Float32Array;
    const { results, parallelKinds } = threeWays(() => {
      cpuBackend.reduce('sum', view(x, [c, n, h, w], [h * w, c * h * w, w, 1]), view(out, [c], [1]));
      return out;
    });
    expect(parallelKinds).toEqual([JOB_SUM_ROWS]);
    expectSameBits(results[0], results[1]);
    expectSameBits(results[0], results[2]);
  });

  it('sums rows with several outer rows, an offset, and rows of odd length', () => {
    // sum(-1) of x[1:, :, :] with x [3, 120, 601]: outer [2, 120] (strided), rows of 601 (not a multiple of 4).
    const x = filled(3 * 120 * 601, 8);
    const out = cpuBackend.alloc('float32', 500) as Float32Array;
    const { results, parallelKinds } = threeWays(() => {
      // The output is strided too (every other element, rows 250 apart), so the outer dims stay two.
      const xv = view(x, [2, 120, 601], [120 * 601, 601, 1], 120 * 601);
      cpuBackend.reduce('sum', xv, view(out, [2, 120], [250, 2]));
      return out;
    });
    expect(parallelKinds).toEqual([JOB_SUM_ROWS, JOB_SUM_ROWS]);
    expectSameBits(results[0], results[1]);
    expectSameBits(results[0], results[2]);
  });

  it('leaves short rows and non-contiguous rows to TypeScript', () => {
    const x = filled(N, 9);
    const out = cpuBackend.alloc('float32', ROWS * 43) as Float32Array;
    for (const [shape, strides] of [
      [
        [ROWS * 43, 12],
        [12, 1],
      ], // rows of 12 elements: shorter than the WebAssembly minimum
      [
        [ROWS, COLS],
        [1, ROWS],
      ], // elements of a row are strided
    ] as const) {
      const rows = shape[0];
      const { results, parallelKinds } = threeWays(() => {
        cpuBackend.reduce('sum', view(x, [...shape], [...strides]), view(out, [rows], [1]));
        return out;
      });
      expect(parallelKinds).not.toContain(JOB_SUM_ROWS);
      expectSameBits(results[0], results[2]);
    }
  });
});

describe('range jobs: Adam split across threads', () => {
  const base = { lr: 0.01, beta1: 0.8, beta2: 0.95, eps: 1e-6, maximize: false };
  for (const options of [
    { ...base, weightDecay: 0, decoupled: false, amsgrad: false },
    { ...base, weightDecay: 0.1, decoupled: false, amsgrad: true }, // L2 and amsgrad
    { ...base, weightDecay: 0.1, decoupled: true, amsgrad: false, maximize: true }, // AdamW
  ]) {
    it(`is bit-identical on 1 and 2 threads and to TypeScript (${JSON.stringify(options)})`, () => {
      const n = 100_003;
      const runSteps = () => {
        const [p, m, v, vmax] = [1, 2, 3, 4].map((seed) =>
          filled(n, seed).map((x) => (seed > 2 ? Math.abs(x) : x)),
        );
        const state = [p, m, v, vmax].map((values) => {
          const data = cpuBackend.alloc('float32', n) as Float32Array;
          data.set(values.map((x) => (Number.isFinite(x) ? x : 0.5)));
          return data;
        });
        const grad = filled(n, 9).map((x) => (Number.isFinite(x) ? x : -1));
        const g = cpuBackend.alloc('float32', n) as Float32Array;
        g.set(grad);
        const vw = (data: Float32Array) => view(data, [n], [1]);
        for (let step = 1; step <= 3; step++) {
          adamStep(vw(state[0]), vw(g), vw(state[1]), vw(state[2]), options.amsgrad ? vw(state[3]) : null, {
            ...options,
            step,
          });
        }
        const joined = new Float32Array(4 * n);
        for (let i = 0; i < 4; i++) joined.set(state[i], i * n);
        return joined;
      };
      const { results, parallelKinds } = threeWays(runSteps);
      expect(parallelKinds.filter((kind) => kind === JOB_ADAM)).toHaveLength(3);
      expectSameBits(results[0], results[1]);
      expectSameBits(results[0], results[2]);
    });
  }
});
