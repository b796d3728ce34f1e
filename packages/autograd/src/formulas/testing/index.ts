/**
 * Table-driven gradient checks: one entry per op name with a registered gradient formula (and per
 * in-place variant), each a list of float64 functions compared against finite differences by
 * `gradcheck`. The tables are split by op family (each run by `<family>.test.ts` beside this folder);
 * `coverage.test.ts` fails when a registered formula has no entry in their union.
 *
 * Inputs stay away from the points where an op is not differentiable (kinks of abs/relu/clamp,
 * ties of max/min, jumps of floor/remainder): central differences straddling such a point measure
 * an average of the one-sided slopes, not the gradient. Ties are checked separately against the
 * values PyTorch returns.
 *
 * Test support, not built into the package (tsconfig.json excludes this folder).
 */
import type { OpName } from '@typetorch/tensor';
import { advancedIndexingCases } from './advanced-indexing.js';
import type { Case, GradcheckTable } from './case.js';
import { elementwiseCases } from './elementwise.js';
import { indexingCases } from './indexing.js';
import { inplaceCases } from './inplace.js';
import { linalgCases } from './linalg.js';
import { mathCases } from './math.js';
import { nnCases } from './nn.js';
import { reduceCases } from './reduce.js';
import { scanShapeCases } from './scan-shape.js';
import { sortingCases } from './sorting.js';
import { viewsCases } from './views.js';

/** The union of the family tables, by op name (an op in two tables is an error). */
export function gradcheckTable(): GradcheckTable {
  const table: GradcheckTable = {};
  const families = [
    elementwiseCases,
    indexingCases,
    linalgCases,
    reduceCases,
    sortingCases,
    viewsCases,
    inplaceCases,
    nnCases,
    scanShapeCases,
    mathCases,
    advancedIndexingCases,
  ];
  for (const family of families) {
    for (const [op, cases] of Object.entries(family) as [OpName, Case[]][]) {
      if (op in table) throw new Error(`gradcheck tables: '${op}' is in two of them`);
      table[op] = cases;
    }
  }
  return table;
}
