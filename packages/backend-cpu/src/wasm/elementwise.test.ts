import type { BinaryOp, UnaryOp, View } from '@typetorch/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { cpuBackend } from '../backend.js';
import { EW_BINARY, EW_UNARY } from './layout.js';
import { wasmRuntime } from './runtime.js';
import { setWasmEnabled } from './settings.js';
import { expectSameBits, filled, view } from './testing/float32-data.js';

// Large enough that the storages live in the kernels' memory (small ones stay plain typed arrays),
// with a tail that is not a multiple of the vector width.
const ROWS = 37;
const COLS = 131;
const N = ROWS * COLS;

/** Runs `fn` once with the WebAssembly kernels and once with the TypeScript reference. */
function both(fn: () => Float32Array): [Float32Array, Float32Array] {
  const simd = fn().slice();
  setWasmEnabled(false);
  try {
    return [simd, fn().slice()];
  } finally {
    setWasmEnabled(true);
  }
}

afterEach(() => setWasmEnabled(true));

describe('WebAssembly elementwise kernels', () => {
  it('hold their storages in the kernels memory (so the tests below take the SIMD path)', () => {
    expect(wasmRuntime()?.owns(filled(N, 0))).toBe(true);
  });

  for (const op of Object.keys(EW_BINARY) as BinaryOp[]) {
    it(`${op}: dense, broadcast rows and columns, scalars and in place match the reference bit for bit`, () => {
      const a = filled(N, 1);
      const b = filled(N, 2);
      const row = filled(COLS, 3);
      const out = cpuBackend.alloc('float32', N) as Float32Array;
      const dense = view(a, [ROWS, COLS], [COLS, 1]);
      const cases: [View, View][] = [
        [dense, view(b, [ROWS, COLS], [COLS, 1])],
        [dense, view(row, [ROWS, COLS], [0, 1])], // a bias row
        [view(row, [ROWS, COLS], [0, 1]), dense],
        [dense, view(b, [ROWS, COLS], [1, 0])], // a column, one value per row
        [dense, view(b, [ROWS, COLS], [0, 0], 5)], // a scalar
        [view(b, [ROWS, COLS], [0, 0], 9), dense],
        [view(a, [ROWS, COLS - 1], [COLS, 1], 1), view(b, [ROWS, COLS - 1], [COLS, 1])], // offset rows
      ];
      for (const [x, y] of cases) {
        const o = view(out, x.shape as number[], [x.shape[1], 1]);
        expectSameBits(
          ...both(() => {
            cpuBackend.binary(op, x, y, o);
            return out;
          }),
        );
      }
      // In place, as `a.add_(b)`: the output is the first operand.
      const [simd, ref] = both(() => {
        const target = filled(N, 4);
        cpuBackend.binary(op, view(target, [N], [1]), view(b, [N], [1]), view(target, [N], [1]));
        return target;
      });
      expectSameBits(simd, ref);
    });
  }

  for (const op of Object.keys(EW_UNARY) as UnaryOp[]) {
    it(`${op}: matches the reference bit for bit`, () => {
      const x = filled(N, 5);
      const out = cpuBackend.alloc('float32', N) as Float32Array;
      expectSameBits(
        ...both(() => {
          cpuBackend.unary(op, view(x, [N], [1]), view(out, [N], [1]));
          return out;
        }),
      );
    });
  }

  it('sums columns in float64 like the reference (a bias gradient)', () => {
    const x = filled(N, 6);
    for (const [shape, strides] of [
      [
        [ROWS, COLS],
        [COLS, 1],
      ],
      [
        [4, ROWS, COLS],
        [0, COLS, 1],
      ],
    ] as const) {
      const out = cpuBackend.alloc('float32', COLS) as Float32Array;
      // Reduce the leading dims: the output keeps the last one, so it comes first in the view.
      const rank = shape.length;
      const perm = [rank - 1, ...Array.from({ length: rank - 1 }, (_, d) => d)];
      const input = view(
        x,
        perm.map((d) => shape[d]),
        perm.map((d) => strides[d]),
      );
      expectSameBits(
        ...both(() => {
          cpuBackend.reduce('sum', input, view(out, [COLS], [1]));
          return out;
        }),
      );
    }
  });
});
