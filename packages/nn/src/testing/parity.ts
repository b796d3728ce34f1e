/**
 * Replays a PyTorch fixture of scripts/fixtures/nn_*.py (test-only; excluded from the build): every
 * parity test of this package reads the same three sections the same way.
 * - `cases`: an op run on decoded inputs; its results and (after `backward(gradOutput)`) the
 *   gradients compared with PyTorch's.
 * - `reprs`: `toString()` against PyTorch's `print(module)`.
 * - `models`: a PyTorch state dict loaded into the same model, its keys in PyTorch's order, and the
 *   eval-mode output compared.
 */

import { type ExpectedTensor, expectTensor } from '@typetorch/conformance';
import type { DType, Tensor } from '@typetorch/tensor';
import { tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import type { Module } from '../module.js';

/** A tensor as the generator scripts write it (non-finite values as 'nan', 'inf', '-inf'). */
export type Encoded = { shape: number[]; dtype: string; data: (number | string)[] };
export type Args = Record<string, unknown>;

export interface Case {
  name: string;
  op: string;
  inputs: Record<string, Encoded>;
  args: Args;
  expected: Record<string, Encoded>;
  gradOutput?: Encoded;
  grads?: Record<string, Encoded>;
}

/** What an op returns: its main output, other named results, and (for modules) where gradients land. */
export interface Result {
  out: Tensor;
  extra?: Record<string, Tensor | null>;
  /** Tensor whose `.grad` stands for an input's gradient (a module's parameter initialised from it). */
  leaves?: Record<string, Tensor>;
}

export type Op = (inputs: Record<string, Tensor>, args: Args) => Tensor | Result;

/** float32 on both sides of a float64 reference: about 1e-5 relative. */
export const TOL = { rtol: 1e-5, atol: 1e-6 };
/** Gradients chain a few more float32 ops (and sums over the batch). */
export const GRAD_TOL = { rtol: 1e-4, atol: 1e-5 };

const decodeValue = (v: number | string) =>
  typeof v === 'number' ? v : v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : -Infinity;

/** The fixture's tensor, with its dtype and shape. */
export function make(e: Encoded): Tensor {
  return tensor(e.data.map(decodeValue), { dtype: e.dtype as DType }).reshape(e.shape);
}

export const asExpected = (e: Encoded) => e as unknown as ExpectedTensor;

/** One `it` per case: results, then gradients where the fixture has them. */
export function replayCases(title: string, cases: readonly Case[], ops: Record<string, Op>): void {
  describe(title, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const run = ops[c.op];
        expect(run, `no op '${c.op}' in the table`).toBeDefined();
        const inputs: Record<string, Tensor> = {};
        for (const [name, e] of Object.entries(c.inputs)) {
          inputs[name] = make(e);
          if (c.grads?.[name]) inputs[name].requiresGrad_();
        }
        const raw = run(inputs, c.args);
        const result: Result = 'out' in raw ? raw : { out: raw };
        for (const [name, e] of Object.entries(c.expected)) {
          const actual = name === 'out' ? result.out : result.extra?.[name];
          expect(actual, `result '${name}'`).toBeTruthy();
          await expectTensor(actual!, asExpected(e), TOL, name);
        }
        if (c.gradOutput && c.grads) {
          result.out.backward(make(c.gradOutput));
          for (const [name, e] of Object.entries(c.grads)) {
            const grad = (result.leaves?.[name] ?? inputs[name]).grad;
            expect(grad, `gradient of '${name}'`).not.toBeNull();
            await expectTensor(grad!, asExpected(e), GRAD_TOL, `grad of ${name}`);
          }
        }
      });
    }
  });
}

/** `toString()` of each module against PyTorch's `print(module)`. */
export function replayReprs(
  title: string,
  reprs: readonly { key: string; repr: string }[],
  modules: Record<string, () => Module>,
): void {
  describe(title, () => {
    for (const { key, repr } of reprs) {
      it(key, () => {
        expect(modules[key], `no module '${key}' in the table`).toBeDefined();
        expect(modules[key]().toString()).toBe(repr);
      });
    }
  });
}

export interface FixtureModel {
  name: string;
  key: string;
  stateDict: Record<string, unknown>;
  input: unknown;
  expected: unknown;
}

/** PyTorch's state dict loads with no missing or unexpected key, and the model computes PyTorch's output. */
export function replayStateDicts(
  title: string,
  models: readonly FixtureModel[],
  builders: Record<string, () => Module>,
): void {
  describe(title, () => {
    for (const m of models) {
      it(m.name, async () => {
        const model = builders[m.key]();
        const dict = Object.fromEntries(Object.entries(m.stateDict).map(([k, e]) => [k, make(e as Encoded)]));
        // Same keys in the same order as PyTorch's state_dict(), buffers under PyTorch's names.
        expect(Object.keys(model.stateDict())).toEqual(Object.keys(m.stateDict));
        expect(model.loadStateDict(dict)).toEqual({ missingKeys: [], unexpectedKeys: [] });
        model.eval();
        const out = model.forward(make(m.input as Encoded) as never) as Tensor;
        await expectTensor(out, asExpected(m.expected as Encoded), TOL);
      });
    }
  });
}
