/**
 * Property-based cases (fast-check): random shapes, dims and layouts, checked against a naive host
 * reference. They run on every backend like the other cases, with a fixed seed so failures repeat.
 */

import { contiguousStrides, numelOf, tensor } from '@typetorch/tensor';
import fc from 'fast-check';
import { check } from '../assert.js';
import { group } from '../case.js';

const RUNS = 40;
const SEED = 20261122;

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 });

/** Values of a shape: small integers, so float32 sums are exact and comparisons can be strict. */
function valuesFor(shape: readonly number[]) {
  const n = numelOf(shape);
  return fc.array(fc.integer({ min: -9, max: 9 }), { minLength: n, maxLength: n });
}

/** Row-major multi-index of flat index `i`. */
function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

function at(data: readonly number[], shape: readonly number[], idx: readonly number[]): number {
  const strides = contiguousStrides(shape);
  let off = 0;
  for (let d = 0; d < shape.length; d++) off += idx[d] * strides[d];
  return data[off];
}

function sameValues(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  check(actual.length === expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    check(actual[i] === expected[i], `${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

/** A pair of shapes that broadcast: the second drops leading dims and sets some dims to 1. */
const broadcastPair = shapeArb.chain((a) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: a.length }),
      fc.array(fc.boolean(), { minLength: a.length, maxLength: a.length }),
      fc.boolean(),
    )
    .map(([drop, ones, swap]) => {
      const b = a.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s));
      return swap ? ([b, a] as const) : ([a, b] as const);
    }),
);

export const propertyCases = group('properties', {
  'broadcast add matches the reference': async (device) => {
    await fc.assert(
      fc.asyncProperty(
        broadcastPair.chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), valuesFor(a), valuesFor(b))),
        async ([sa, sb, da, db]) => {
          const ta = tensor(da, { device }).reshape(sa);
          const tb = tensor(db, { device }).reshape(sb);
          const out = ta.add(tb);
          const shape = out.shape;
          const expected: number[] = [];
          for (let i = 0; i < numelOf(shape); i++) {
            const idx = unravel(i, shape);
            const ia = idx.slice(shape.length - sa.length).map((v, d) => (sa[d] === 1 ? 0 : v));
            const ib = idx.slice(shape.length - sb.length).map((v, d) => (sb[d] === 1 ? 0 : v));
            expected.push(at(da, sa, ia) + at(db, sb, ib));
          }
          sameValues(await out.data(), expected, `add ${JSON.stringify(sa)} + ${JSON.stringify(sb)}`);
          for (const t of [ta, tb, out]) t.dispose();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  },
  'permute then contiguous reorders like the reference': async (device) => {
    await fc.assert(
      fc.asyncProperty(
        shapeArb.chain((s) =>
          fc.tuple(
            fc.constant(s),
            valuesFor(s),
            fc.shuffledSubarray([...s.keys()], { minLength: s.length, maxLength: s.length }),
          ),
        ),
        async ([shape, data, order]) => {
          const x = tensor(data, { device }).reshape(shape);
          const p = x.permute(order).contiguous();
          const pshape = order.map((d) => shape[d]);
          const expected: number[] = [];
          for (let i = 0; i < numelOf(pshape); i++) {
            const pidx = unravel(i, pshape);
            const idx = new Array<number>(shape.length);
            order.forEach((d, k) => {
              idx[d] = pidx[k];
            });
            expected.push(at(data, shape, idx));
          }
          sameValues(
            await p.data(),
            expected,
            `permute ${JSON.stringify(shape)} by ${JSON.stringify(order)}`,
          );
          // Round trip: the inverse permutation gives the original back.
          const inverse = order.map((_, k) => order.indexOf(k));
          sameValues(await p.permute(inverse).contiguous().data(), data, 'inverse permutation');
          x.dispose();
          p.dispose();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  },
  'strided slices read the right elements': async (device) => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 })
          .chain((s) =>
            fc.tuple(
              fc.constant(s),
              valuesFor(s),
              fc.integer({ min: 0, max: s.length - 1 }),
              fc.integer({ min: -7, max: 7 }),
              fc.integer({ min: -7, max: 7 }),
              fc.integer({ min: 1, max: 3 }),
            ),
          ),
        async ([shape, data, dim, start, end, step]) => {
          const x = tensor(data, { device }).reshape(shape);
          const v = x.slice(dim, start, end, step);
          const size = shape[dim];
          const norm = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
          const picked: number[] = [];
          for (let i = norm(start); i < Math.max(norm(end), norm(start)); i += step) picked.push(i);
          const vshape = shape.map((s, d) => (d === dim ? picked.length : s));
          const expected: number[] = [];
          for (let i = 0; i < numelOf(vshape); i++) {
            const idx = unravel(i, vshape);
            idx[dim] = picked[idx[dim]];
            expected.push(at(data, shape, idx));
          }
          check(v.shape.join() === vshape.join(), `slice shape ${v.shape} vs ${vshape}`);
          sameValues(
            await v.data(),
            expected,
            `slice dim ${dim} ${start}:${end}:${step} of ${JSON.stringify(shape)}`,
          );
          x.dispose();
          v.dispose();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  },
  'sum, amax and prod over random dims match the reference': async (device) => {
    await fc.assert(
      fc.asyncProperty(
        shapeArb
          .filter((s) => s.length > 0)
          .chain((s) =>
            fc.tuple(
              fc.constant(s),
              valuesFor(s),
              fc.subarray([...s.keys()], { minLength: 1 }),
              fc.boolean(),
            ),
          ),
        async ([shape, data, dims, keepdim]) => {
          const x = tensor(data, { device }).reshape(shape);
          const outShape = shape.map((s, d) => (dims.includes(d) ? 1 : s));
          const sums = new Array<number>(numelOf(outShape)).fill(0);
          const maxes = new Array<number>(numelOf(outShape)).fill(Number.NEGATIVE_INFINITY);
          const prods = new Array<number>(numelOf(outShape)).fill(1);
          for (let i = 0; i < data.length; i++) {
            const idx = unravel(i, shape).map((v, d) => (dims.includes(d) ? 0 : v));
            let o = 0;
            const os = contiguousStrides(outShape);
            idx.forEach((v, d) => {
              o += v * os[d];
            });
            sums[o] += data[i];
            maxes[o] = Math.max(maxes[o], data[i]);
            prods[o] *= data[i];
          }
          const s = x.sum(dims, keepdim);
          const m = x.amax(dims, keepdim);
          const expectedShape = keepdim ? outShape : shape.filter((_, d) => !dims.includes(d));
          check(s.shape.join() === expectedShape.join(), `sum shape ${s.shape} vs ${expectedShape}`);
          sameValues(await s.data(), sums, `sum over ${JSON.stringify(dims)} of ${JSON.stringify(shape)}`);
          sameValues(await m.data(), maxes, `amax over ${JSON.stringify(dims)} of ${JSON.stringify(shape)}`);
          if (dims.length === 1) {
            const p = x.prod(dims[0], keepdim);
            sameValues(
              await p.data(),
              prods.map((v) => Math.fround(v)),
              `prod over ${dims[0]}`,
            );
            p.dispose();
          }
          for (const t of [x, s, m]) t.dispose();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  },
});
