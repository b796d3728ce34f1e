import { describe, expect, it } from 'vitest';
import { dispatch } from '../dispatch.js';
import * as functional from '../functional.js';
import { Tensor } from '../tensor.js';
import { allOps, BINARY, opInfo, UNARY } from './index.js';

describe('the op table', () => {
  it('names every row by its key, and in-place ops end in "_"', () => {
    for (const [key, row] of [...Object.entries(UNARY), ...Object.entries(BINARY)]) expect(row.op).toBe(key);
    for (const o of allOps()) expect(o.name.endsWith('_')).toBe(o.inPlace);
  });

  it('differentiates an in-place op by a differentiable out-of-place op', () => {
    for (const o of allOps().filter((o) => o.gradientOf !== o.name)) {
      expect(o.inPlace, o.name).toBe(true);
      expect(opInfo(o.gradientOf).differentiable, o.name).toBe(true);
    }
  });

  it('never differentiates a bool-valued op', () => {
    const boolValued = allOps().filter((o) => o.boolValued);
    expect(boolValued.map((o) => o.name).sort()).toEqual(
      [
        'eq',
        'ge',
        'gt',
        'isnan',
        'isinf',
        'isfinite',
        'isposinf',
        'isneginf',
        'le',
        'logicalAnd',
        'logicalNot',
        'logicalOr',
        'logicalXor',
        'lt',
        'ne',
      ].sort(),
    );
    for (const o of boolValued) expect(o.differentiable, o.name).toBe(false);
  });

  it('types dispatch by the table (checked by the type-check test in scripts/architecture.test.ts)', () => {
    const neverCalled = () => {
      // @ts-expect-error: 'exq' is not a row of the table
      dispatch('exq', [], {}, () => []);
      // @ts-expect-error: softmax records `{ dim }`, not `{ dims }`
      dispatch('softmax', [], { dims: [1] }, () => []);
      dispatch('softmax', [], { dim: 1 }, () => []);
    };
    expect(neverCalled).toBeTypeOf('function');
  });

  it('rejects a name that is not a row', () => {
    // @ts-expect-error: not an op of the table (a compile error, and a clear error at run time)
    expect(() => opInfo('exq')).toThrow("'exq' is not in the op table");
  });

  it('derives the function form and the Tensor methods of every elementwise row', () => {
    const proto = Tensor.prototype as unknown as Record<string, unknown>;
    const functions = new Map<string, unknown>(Object.entries(functional));
    for (const row of Object.values(UNARY)) {
      expect(functions.get(row.op), row.op).toBe(row);
      expect(typeof proto[row.op], row.op).toBe('function');
      expect(typeof proto[`${row.op}_`], `${row.op}_`).toBe(row.props.inPlace ? 'function' : 'undefined');
    }
    for (const row of Object.values(BINARY)) {
      expect(functions.get(row.op), row.op).toBe(row);
      const method = 'method' in row.props ? row.props.method : 'derived';
      expect(typeof proto[row.op], row.op).toBe(method === 'none' ? 'undefined' : 'function');
    }
  });
});
