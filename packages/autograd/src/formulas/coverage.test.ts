/**
 * Every op with a registered gradient formula has gradcheck cases (testing/index.ts), and no more.
 * (That the registered formulas are exactly the op table's differentiable rows is checked in
 * ../conformance.test.ts, with the fixture coverage.)
 */
import { type OpName, opInfo } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { differentiableOps } from '../index.js';
import { gradcheckTable } from './testing/index.js';

describe('table coverage', () => {
  const table = gradcheckTable();

  it('has an entry for every op with a registered gradient', () => {
    const missing = differentiableOps().filter((op) => (table[op]?.length ?? 0) === 0);
    expect(missing).toEqual([]);
  });

  it('names only registered ops or their in-place forms', () => {
    // The keys are op names (the table's type says so); an in-place form counts as its op.
    const known = new Set<OpName>(differentiableOps());
    const stray = (Object.keys(table) as OpName[]).filter((op) => !known.has(opInfo(op).gradientOf));
    expect(stray).toEqual([]);
  });
});
