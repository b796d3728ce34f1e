/**
 * A gradcheck case and the runner of a table of them (test support, not built into the package: see
 * tsconfig.json's exclude).
 */
import type { OpName, Tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { type GradcheckOptions, gradcheck } from '../../index.js';

export type Fn = (...inputs: Tensor[]) => Tensor | readonly Tensor[];

export interface Case {
  name: string;
  /** Builds the inputs (lazily, so that a bad input fails its own test, not the whole file). */
  inputs: () => Tensor[];
  fn: Fn;
  options?: GradcheckOptions;
}

export const c = (name: string, inputs: () => Tensor[], fn: Fn, options?: GradcheckOptions): Case => ({
  name,
  inputs,
  fn,
  ...(options === undefined ? {} : { options }),
});

/** Gradcheck cases by op name: the names are the op table's, so a misspelt op does not compile. */
export type GradcheckTable = Partial<Record<OpName, Case[]>>;

/** A table of cases, by op name: one `describe` per op, one gradcheck test per case. */
export function runGradchecks(cases: GradcheckTable | Record<string, Case[]>): void {
  for (const [op, list] of Object.entries(cases)) {
    describe(op, () => {
      for (const k of list) {
        it(k.name, () => {
          expect(gradcheck(k.fn, k.inputs(), k.options)).toBe(true);
        });
      }
    });
  }
}
