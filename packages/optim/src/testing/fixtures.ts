/**
 * Reading the optimizer and scheduler fixtures of scripts/fixtures/optim*.py and lr_schedulers*.py
 * (test-only; excluded from the build): every parity test of this package decodes them the same way.
 */
import { type DType, type Tensor, tensor, zeros } from '@typetorch/tensor';
import { expect } from 'vitest';
import { Adam } from '../adam.js';
import type { Optimizer } from '../optimizer.js';
import { SGD } from '../sgd.js';

export interface FixtureTensor {
  shape: number[];
  data: number[];
}

/** One optimizer case: its options, parameter groups (indices into the fixture's params) and dtype. */
export interface OptimizerCase {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  groups?: ({ params: number[] } & Record<string, unknown>)[];
  dtype?: string;
  expected: FixtureTensor[][];
}

export const TOL: Record<string, { rtol: number; atol: number }> = {
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-12, atol: 1e-13 },
};

/**
 * A fixture tensor. The inputs are float32 values (written as their shortest float32 decimals), so a
 * float64 case casts them from float32, as the generator does, rather than parsing the decimals.
 */
export function fromFixture(t: FixtureTensor, dtype: DType, device?: string): Tensor {
  const flat = tensor(t.data, { dtype: 'float32', device });
  const shaped = flat.reshape(t.shape);
  const out = shaped.to(dtype).contiguous();
  for (const x of [flat, shaped]) if (x !== out) x.dispose();
  return out;
}

/** The optimizer's first argument: the parameters, or the case's groups of them. */
export function paramsArgument(c: OptimizerCase, params: Tensor[]): unknown {
  return c.groups === undefined
    ? params
    : c.groups.map(({ params: idx, ...opts }) => ({ params: idx.map((i) => params[i]), ...opts }));
}

/** Largest `|a - e| / (atol + rtol * |e|)`: at most 1 means within tolerance. */
export function worstRatio(a: ArrayLike<number>, e: readonly number[], rtol: number, atol: number): number {
  expect(a.length).toBe(e.length);
  let worst = 0;
  for (let k = 0; k < a.length; k++) {
    const r = Math.abs(a[k] - e[k]) / (atol + rtol * Math.abs(e[k]));
    if (!(r <= worst)) worst = r;
  }
  return worst;
}

/** A scheduler fixture's optimizer: SGD or Adam over one small parameter per group. */
export function makeScheduledOptimizer(spec: {
  name: string;
  groups: Record<string, unknown>[];
  options: Record<string, unknown>;
}): Optimizer {
  const groups = spec.groups.map((g) => ({ ...g, params: [zeros(2).requiresGrad_()] }));
  return spec.name === 'Adam' ? new Adam(groups, spec.options) : new SGD(groups, spec.options);
}

export const lrsOf = (o: Optimizer) => o.paramGroups.map((g) => g.lr);

/** SGD's `momentum`, or Adam's `betas[0]` (what CyclicLR and OneCycleLR cycle). */
export const momentumsOf = (o: Optimizer) =>
  o.paramGroups.map((g) => (g.betas !== undefined ? (g.betas as number[])[0] : (g.momentum as number)));

/** Learning rates agree to about 1e-12 relative (both sides compute in float64). */
export function expectClose(actual: number[], expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i];
    expect(Math.abs(a - e), `${what}[${i}]: ${a} vs ${e}`).toBeLessThanOrEqual(1e-12 * Math.abs(e) + 1e-15);
  });
}
