/**
 * Property-based test of `Module.loadStateDict` (issue 18): for any set of keys (the module's own,
 * some left out, extra ones including Object.prototype's names), any shapes and dtypes, it either
 * loads exactly what PyTorch would (every value cast to the parameter's dtype; missing and unexpected
 * keys reported) or throws PyTorch's `Error(s) in loading state_dict` naming every problem, and then
 * changes nothing.
 */
import '@typetorch/backend-cpu';
import { type DType, type Tensor, tensor } from '@typetorch/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d, Linear, Sequential } from './index.js';

const PROTO = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'isPrototypeOf'];
const DTYPES: DType[] = ['float32', 'float64', 'int32', 'int64', 'bool'];

/** One entry the generated dict may hold for a key of the module: left out, or with a shape and dtype. */
const entryArb = fc.record({
  present: fc.boolean(),
  shape: fc.constantFrom('same', 'same', 'same', 'grow', 'extra dim', 'drop dim'),
  dtype: fc.constantFrom(...DTYPES),
  seed: fc.integer({ min: 0, max: 1000 }),
});

/** A generated entry. */
type Entry = { present: boolean; shape: string; dtype: DType; seed: number };

function shapeOf(shape: readonly number[], how: string): number[] {
  if (how === 'grow') return shape.length === 0 ? [2] : [...shape.slice(0, -1), shape[shape.length - 1] + 1];
  if (how === 'extra dim') return [...shape, 1];
  if (how === 'drop dim') return shape.length === 0 ? [1] : shape.slice(1);
  return [...shape];
}

/** Small integers, exact in every dtype; bool holds them as v !== 0. */
function valuesOf(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => ((seed + i * 7) % 7) - 3);
}

function defineEntry(dict: Record<string, Tensor>, key: string, value: Tensor): void {
  Object.defineProperty(dict, key, { value, enumerable: true, writable: true, configurable: true });
}

const sorted = (keys: string[]) => [...keys].sort();

function check(entries: Entry[], extras: string[], strict: boolean): void {
  const model = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
  const own = model.stateDict();
  const keys = Object.keys(own);
  const before = keys.map((k) => Array.from(own[k].dataSync()));
  const dict: Record<string, Tensor> = {};
  const missing: string[] = [];
  const mismatched: string[] = [];
  for (const [i, key] of keys.entries()) {
    const e = entries[i];
    if (!e.present) {
      missing.push(key);
      continue;
    }
    const shape = shapeOf(own[key].shape, e.shape);
    if (e.shape !== 'same') mismatched.push(key);
    const n = shape.reduce((a, b) => a * b, 1);
    defineEntry(dict, key, tensor(valuesOf(n, e.seed), { dtype: 'float32' }).to(e.dtype).reshape(shape));
  }
  for (const key of extras) defineEntry(dict, key, tensor([1]));
  const fails = mismatched.length > 0 || (strict && (missing.length > 0 || extras.length > 0));
  let error: Error | undefined;
  try {
    const result = model.loadStateDict(dict, { strict });
    expect(sorted(result.missingKeys)).toEqual(sorted(missing));
    expect(sorted(result.unexpectedKeys)).toEqual(sorted(extras));
  } catch (e) {
    error = e as Error;
  }
  const after = model.stateDict();
  if (fails) {
    expect(error?.message).toMatch(/^Error\(s\) in loading state_dict for Sequential:/);
    for (const key of [...mismatched, ...(strict ? [...missing, ...extras] : [])]) {
      expect(error!.message).toContain(key === '' ? '""' : key);
    }
    for (const [i, k] of keys.entries()) expect(Array.from(after[k].dataSync())).toEqual(before[i]);
  } else {
    expect(error).toBeUndefined();
    keys.forEach((k, i) => {
      const e = entries[i];
      const expected = e.present
        ? valuesOf(own[k].numel(), e.seed).map((v) => (e.dtype === 'bool' ? Number(v !== 0) : v))
        : before[i];
      expect(Array.from(after[k].dataSync())).toEqual(expected);
    });
  }
  for (const t of [...Object.values(dict), ...Object.values(own), ...Object.values(after)]) t.dispose();
  for (const p of model.parameters()) p.dispose();
}

describe('loadStateDict, property-based', () => {
  it('loads exactly, or names every problem and changes nothing', () => {
    const extrasArb = fc.uniqueArray(fc.oneof(fc.constantFrom(...PROTO), fc.string({ maxLength: 5 })), {
      maxLength: 3,
    });
    fc.assert(
      fc.property(
        fc.array(entryArb, { minLength: 7, maxLength: 7 }),
        extrasArb,
        fc.boolean(),
        (entries, raw, strict) => {
          const ownKeys = new Set(
            Object.keys(new Sequential(new Linear(3, 2), new BatchNorm1d(2)).stateDict()),
          );
          check(
            entries,
            raw.filter((k) => !ownKeys.has(k)),
            strict,
          );
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });
});
