/**
 * The rows of the fixture op table for in-place writes and random draws, recorded by
 * `scripts/fixtures/inplace_random.py` (groups `pytorch:inplace` and `pytorch:random`), and the check
 * of a draw's expected output.
 *
 * In-place ops run through the Tensor methods (`x.fill_(v)`, `x.copy_(src)`, `x.scatter_(...)`,
 * `x.scatterAdd_(...)`) and return the tensor they wrote, often a non-contiguous view. Random ops cannot
 * match PyTorch's values (typetorch draws from a counter-based Philox stream, the same on every
 * backend), so their fixtures record a draw ({@link ExpectedDraw}), or values where the distribution is
 * degenerate (bernoulli with p in {0, 1}, `uniform_(a, a)`, `normal_(mean, 0)`,
 * `randint(low, low + 1)`). Each draw uses a fresh generator with a fixed seed, so a failure reproduces
 * on every run and every backend.
 */
import * as torch from '@typetorch/tensor';
import { type DType, formatShape, Generator, type OpName, Tensor } from '@typetorch/tensor';
import { check, decodeValue } from './assert.js';
import type { Args, Encoded, Op, Operand } from './pytorch-cases.js';

/**
 * A draw: an output whose values PyTorch does not pin down (random, or `empty`'s uninitialised
 * memory). Only its shape and dtype are compared, and with `range` = [low, high] every value must lie
 * in the half-open [low, high).
 */
export interface ExpectedDraw {
  shape: readonly number[];
  dtype: DType;
  range?: [Encoded, Encoded];
}

/** Whether an expected output is a draw (it has no `data`). */
export function isDraw(expected: object): expected is ExpectedDraw {
  return !('data' in expected);
}

/** Checks a draw's shape and dtype, and that every value lies in its range (if it has one). */
export async function expectDraw(actual: Tensor, expected: ExpectedDraw, label = ''): Promise<void> {
  const where = label ? `${label}: ` : '';
  const [got, want] = [formatShape(actual.shape), formatShape(expected.shape)];
  check(got === want, `${where}shape ${got} != expected ${want}`);
  check(actual.dtype === expected.dtype, `${where}dtype ${actual.dtype} != expected ${expected.dtype}`);
  if (expected.range === undefined) return;
  const [low, high] = expected.range.map(decodeValue);
  const values = await actual.data();
  for (let i = 0; i < values.length; i++) {
    check(
      values[i] >= low && values[i] < high,
      `${where}element ${i}: ${values[i]} is not in [${low}, ${high})`,
    );
  }
}

/** Harness errors start with 'fixture: ' (pytorch-cases.ts's FIXTURE). */
function self(x: Operand): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`fixture: expected a tensor operand, got ${String(x)}`);
  return x;
}

function dimOf(a: Args): number {
  if (typeof a.dim !== 'number') throw new TypeError(`fixture: expected a single dim, got ${a.dim}`);
  return a.dim;
}

function creationOptions(a: Args, device: string): torch.CreationOptions {
  return a.dtype ? { dtype: a.dtype, device } : { device };
}

const seeded = () => ({ generator: new Generator(0) });

/**
 * A creation op in PyTorch's two size forms: `size` a list (`torch.rand([2, 3])`), `sizes` spread
 * (`torch.rand(2, 3)`). A random one gets a seeded generator.
 */
function sized(create: typeof torch.rand, random: boolean): Op {
  return (_, a, device) => {
    const options = random ? { ...creationOptions(a, device), ...seeded() } : creationOptions(a, device);
    return a.size === undefined ? create(...a.sizes!, options) : create(a.size as number[], options);
  };
}

export const INPLACE_RANDOM_OPS: Partial<Record<OpName, Op>> = {
  // in place
  fill_: ([x], { value }) => self(x).fill_(typeof value === 'boolean' ? value : decodeValue(value!)),
  copy_: ([x, src]) => self(x).copy_(self(src)),
  scatter_: ([x, index, src], a) =>
    self(x).scatter_(dimOf(a), self(index), src instanceof Tensor ? src : Number(src)),
  scatterAdd_: ([x, index, src], a) => self(x).scatterAdd_(dimOf(a), self(index), self(src)),
  // draws
  empty: sized(torch.empty, false),
  rand: sized(torch.rand, true),
  randn: sized(torch.randn, true),
  randint: (_, { low, high, size, ...a }, device) => {
    const options = { ...creationOptions(a, device), ...seeded() };
    return low === undefined
      ? torch.randint(high!, size as number[], options)
      : torch.randint(low, high!, size as number[], options);
  },
  bernoulli: ([p]) => torch.bernoulli(self(p), seeded()),
  dropoutMask: (_, args, device) => {
    const { size, p, ...a } = args as Args & { p: number };
    return torch.dropoutMask(size as number[], p, { ...creationOptions(a, device), ...seeded() });
  },
  uniform_: ([x], { low, high }) => self(x).uniform_(low, high, seeded()),
  normal_: ([x], { mean, std }) => self(x).normal_(mean, std, seeded()),
};
