/**
 * The rows of the fixture op table for advanced indexing, recorded by
 * `scripts/fixtures/advanced_indexing.py` (group `pytorch:advanced-indexing`): `index` is `x[specs]`,
 * `indexPut` is `torch.index_put`, `indexPut_` is `x.index_put_(...)` or, with `specs`, `x[specs] = v`.
 * A spec `{ t: k }` is the k-th tensor input after `x` (after `x` and the values for the puts).
 */
import { type IndexSpec, type OpName, Tensor } from '@typetorch/tensor';
import type { Args, Op, Operand } from './pytorch-cases.js';

type Spec = number | string | boolean | null | { t: number } | Spec[];

/** The arguments these rows add to a fixture's `args`. */
interface IndexArgs {
  specs?: Spec[];
  indices?: ({ t: number } | null)[];
  accumulate?: boolean;
  asTuple?: boolean;
}

const args = (a: Args) => a as Args & IndexArgs;

function self(x: Operand | undefined): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`fixture: expected a tensor operand, got ${String(x)}`);
  return x;
}

function spec(s: Spec, tensors: readonly Operand[]): IndexSpec {
  if (Array.isArray(s)) return s as IndexSpec;
  if (s !== null && typeof s === 'object') return self(tensors[s.t]);
  return s;
}

function specs(a: Args, tensors: readonly Operand[]): IndexSpec[] {
  const list = args(a).specs;
  if (list === undefined) throw new TypeError('fixture: expected specs');
  return list.map((s) => spec(s, tensors));
}

function indices(a: Args, tensors: readonly Operand[]): (Tensor | null)[] {
  const list = args(a).indices;
  if (list === undefined) throw new TypeError('fixture: expected indices');
  return list.map((i) => (i === null ? null : self(tensors[i.t])));
}

export const ADVANCED_INDEXING_FIXTURE_OPS: Partial<Record<OpName, Op>> = {
  index: ([x, ...tensors], a) => self(x).index(...specs(a, tensors)),
  indexPut: ([x, values, ...tensors], a) =>
    self(x).indexPut(indices(a, tensors), self(values), { accumulate: args(a).accumulate ?? false }),
  indexPut_: ([x, values, ...tensors], a) => {
    if (args(a).specs !== undefined) return self(x).indexSet(specs(a, tensors), values);
    return self(x).indexPut_(indices(a, tensors), self(values), { accumulate: args(a).accumulate ?? false });
  },
  maskedSelect: ([x, mask]) => self(x).maskedSelect(self(mask)),
  nonzero: ([x], a) => (args(a).asTuple ? self(x).nonzero({ asTuple: true }) : self(x).nonzero()),
};
