/**
 * The rows of the fixture op table for the sorting ops, recorded by `scripts/fixtures/sorting.py`
 * (group `pytorch:sorting`): sort, argsort, topk, kthvalue, searchsorted, unique and bincount, in
 * their synchronous forms (unique and bincount cases need synchronous reads).
 */
import * as torch from '@typetorch/tensor';
import { Tensor } from '@typetorch/tensor';
import type { Args, FixtureOp, Op, Operand, Output } from './pytorch-cases.js';

/** The arguments these ops take beyond the shared {@link Args}. */
interface SortingArgs extends Args {
  descending?: boolean;
  stable?: boolean;
  k?: number;
  largest?: boolean;
  sorted?: boolean;
  right?: boolean;
  side?: 'left' | 'right' | null;
  returnInverse?: boolean;
  returnCounts?: boolean;
  minlength?: number;
}

/** Harness errors start with 'fixture: ' (pytorch-cases.ts's FIXTURE). */
function T(x: Operand): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`fixture: expected a tensor operand, got ${String(x)}`);
  return x;
}

function dimOf(a: Args): number {
  if (a.dim === undefined || a.dim === null) return -1;
  if (typeof a.dim !== 'number') throw new TypeError(`fixture: expected a single dim, got ${a.dim}`);
  return a.dim;
}

const op =
  (f: (x: Operand[], a: SortingArgs, device: string) => Output): Op =>
  (x, a, device) =>
    f(x, a as SortingArgs, device);

export const SORTING_OPS: Partial<Record<FixtureOp, Op>> = {
  sort: op(([x], a) => T(x).sort(dimOf(a), { descending: a.descending, stable: a.stable })),
  argsort: op(([x], a) => T(x).argsort(dimOf(a), { descending: a.descending })),
  topk: op(([x], a) => T(x).topk(a.k!, dimOf(a), { largest: a.largest, sorted: a.sorted })),
  kthvalue: op(([x], a) => T(x).kthvalue(a.k!, dimOf(a), { keepdim: a.keepdim })),
  searchsorted: op(([seq, v, sorter], a) =>
    torch.searchsorted(T(seq), v instanceof Tensor ? v : Number(v), {
      right: a.right,
      side: a.side,
      sorter: sorter === undefined ? null : T(sorter),
    }),
  ),
  unique: op(([x], a) =>
    torch.unique(T(x), {
      sorted: a.sorted,
      returnInverse: a.returnInverse,
      returnCounts: a.returnCounts,
      dim: a.dim === undefined || a.dim === null ? null : dimOf(a),
    }),
  ),
  bincount: op(([x, weights], a) =>
    torch.bincount(T(x), { weights: weights === undefined ? null : T(weights), minlength: a.minlength }),
  ),
};
