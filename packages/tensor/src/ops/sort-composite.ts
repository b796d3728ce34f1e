/**
 * The reference composition of the `sort` fast path (`FastPaths.sort`): a bitonic sorting network
 * built from core kernels (`gather`, comparisons, `where`), used on backends without the fused
 * kernel and checked against it by the conformance suite.
 *
 * The order is a total one, so every backend produces the same permutation: ascending (or
 * descending) by value with NaN as the largest value (last ascending, first descending), -0 equal
 * to 0, and ties by their index (a stable sort). Each row is padded to a power of two P; padding
 * elements carry indices >= n and sort after every real element. The network takes
 * k (k + 1) / 2 (P = 2^k) compare-exchange stages of about fifteen elementwise kernels each.
 */
import { isFloating } from '../dtype.js';
import { scope } from '../memory/scope.js';
import type { Tensor } from '../tensor.js';
import { arange, tensor, zeros } from './creation.js';
import { binary, unary, where } from './elementwise.js';
import { gather } from './indexing.js';
import { cat } from './join.js';
import { contiguous, slice } from './views.js';

/** Whether key `a` orders before key `b` (NaN largest), elementwise. */
function keyBefore(a: Tensor, b: Tensor, descending: boolean): Tensor {
  const strict = binary(descending ? 'gt' : 'lt', a, b);
  if (!isFloating(a.dtype)) return strict;
  const aNan = unary('isnan', a);
  const bNan = unary('isnan', b);
  // Ascending: a number before NaN; descending: NaN before a number.
  const nanOrder = descending
    ? binary('logicalAnd', aNan, unary('logicalNot', bNan))
    : binary('logicalAnd', unary('logicalNot', aNan), bNan);
  return binary('logicalOr', strict, nanOrder);
}

/** Whether element (ka, ia) comes before (kb, ib) in the total order; indices >= n are padding. */
function comesFirst(
  ka: Tensor,
  ia: Tensor,
  kb: Tensor,
  ib: Tensor,
  n: number,
  padded: boolean,
  desc: boolean,
) {
  const before = keyBefore(ka, kb, desc);
  const after = keyBefore(kb, ka, desc);
  const tie = unary('logicalNot', binary('logicalOr', before, after));
  const byKey = binary('logicalOr', before, binary('logicalAnd', tie, binary('lt', ia, ib)));
  if (!padded) return byKey;
  const aPad = binary('ge', ia, n);
  const bPad = binary('ge', ib, n);
  // Between a real element and padding, the real one comes first.
  return where(binary('eq', aPad, bPad), byKey, bPad);
}

/**
 * Sorts a contiguous `x` along its last dim: `[values, indices]` (int32), both contiguous of `x`'s
 * shape. The reference of `FastPaths.sort`.
 * (PyTorch: `torch.sort(x, dim=-1, descending, stable=True)`.)
 */
export function sortComposite(x: Tensor, descending: boolean): [Tensor, Tensor] {
  const shape = [...x.shape];
  const n = shape.length === 0 ? 1 : shape[shape.length - 1];
  if (x.numel() === 0 || n <= 1) {
    return scope(() => [contiguous(x).clone(), zeros(shape, { dtype: 'int64', device: x.device })]);
  }
  return scope(() => {
    const device = x.device;
    const rows = x.numel() / n;
    let p = 1;
    while (p < n) p *= 2;
    const isBool = x.dtype === 'bool';
    let keys = x.reshape([rows, n]);
    if (isBool) keys = keys.to('int32');
    if (p > n) keys = cat([keys, zeros([rows, p - n], { dtype: keys.dtype, device })], 1);
    let idx = arange(p, { dtype: 'int64', device }).expand([rows, p]);
    const partner = new Int32Array(p);
    const wantFirst = new Uint8Array(p);
    for (let k = 2; k <= p; k *= 2) {
      for (let j = k / 2; j >= 1; j /= 2) {
        // Pairs (i, i ^ j); the lower position of a pair takes the first element where the block of
        // size k runs ascending ((i & k) == 0), the second where it runs descending.
        for (let i = 0; i < p; i++) {
          partner[i] = i ^ j;
          wantFirst[i] = ((i & j) === 0) === ((i & k) === 0) ? 1 : 0;
        }
        const at = tensor(partner, { device }).expand([rows, p]);
        const want = tensor(
          Array.from(wantFirst, (w) => w === 1),
          { device },
        );
        const pk = gather(keys, 1, at);
        const pi = gather(idx, 1, at);
        const first = comesFirst(keys, idx, pk, pi, n, p > n, descending);
        const keep = binary('eq', first, want);
        keys = where(keep, keys, pk);
        idx = where(keep, idx, pi);
      }
    }
    let values = contiguous(slice(keys, 1, 0, n)).reshape(shape);
    if (isBool) values = values.to('bool');
    const indices = contiguous(slice(idx, 1, 0, n)).reshape(shape);
    return [values, indices];
  });
}
