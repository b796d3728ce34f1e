// Every function of F (torch.nn.functional) rejects one positional argument too many instead of
// ignoring it: a new F function without a check fails here.
import '@typetorch/backend-cpu';
import { arityOf, ones, sum, type Tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { F, functional } from '../index.js';

/** Functions that bind their own arguments (bindArgs, with Python's arity check). */
const SELF_BINDING: Record<string, unknown[]> = {
  elu: [1, false, 4],
  leakyRelu: [0.1, false, 4],
  dropout: [0.5, true, false, 5],
  dropout2d: [0.5, true, false, 5],
};

describe('F: positional arity', () => {
  const functions = Object.entries(F).filter(
    ([name, f]) => typeof f === 'function' && !(name in SELF_BINDING),
  );

  it.each(functions)('F.%s rejects one argument too many', (name, f) => {
    const arity = arityOf(f);
    expect(arity, `F.${name} has no arity check: add it to functional/checked.ts`).toBeDefined();
    const args = new Array<null>(arity![1] + 1).fill(null);
    expect(() => (f as (...a: unknown[]) => unknown)(...args)).toThrow(
      new RegExp(`^${name}\\(\\) takes .* positional arguments? but ${arity![1] + 1} were given$`),
    );
  });

  it.each(Object.entries(SELF_BINDING))('F.%s checks its own arguments', (name, extra) => {
    const f = F[name as keyof typeof F] as (...a: unknown[]) => unknown;
    expect(() => f(ones([2]), ...extra)).toThrow(/positional arguments? but \d+ were given/);
  });

  it('F and functional are the same checked namespace; calls within arity run', () => {
    expect(functional.relu).toBe(F.relu);
    expect(() => (F.relu as (...a: unknown[]) => unknown)(ones([2]), false, 3)).toThrow(
      new TypeError('relu() takes from 1 to 2 positional arguments but 3 were given'),
    );
    expect(F.relu(ones([2]).neg()).toArraySync()).toEqual([0, 0]);
    // Trailing undefineds are "not given", as in bindArgs.
    const s = (sum as (...a: unknown[]) => Tensor)(ones([2, 3]), 1, false, undefined);
    expect(s.toArraySync()).toEqual([3, 3]);
  });
});
