/**
 * Issue 18: a strict `loadStateDict` reports every unexpected key, including keys that name
 * properties of Object.prototype (`constructor`, `toString`, `hasOwnProperty`, `__proto__`), and a
 * state dict whose keys are found only on its prototype is missing them.
 */
import '@typetorch/backend-cpu';
import { tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { Linear } from './index.js';

function withKey(dict: Record<string, unknown>, key: string): Record<string, unknown> {
  Object.defineProperty(dict, key, {
    value: tensor([1]),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return dict;
}

describe('loadStateDict and prototype names', () => {
  for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
    it(`strict: an unexpected key '${key}' fails`, () => {
      const m = new Linear(2, 1);
      const dict = withKey({ ...m.stateDict() }, key);
      expect(() => m.loadStateDict(dict as never)).toThrow(`Unexpected key(s) in state_dict: "${key}"`);
    });
    it(`non-strict: '${key}' is reported as unexpected`, () => {
      const m = new Linear(2, 1);
      const dict = withKey({ ...m.stateDict() }, key);
      expect(m.loadStateDict(dict as never, { strict: false }).unexpectedKeys).toEqual([key]);
    });
  }
  it('keys inherited from a prototype are not entries: they are missing', () => {
    const m = new Linear(2, 1);
    const dict = Object.create(m.stateDict());
    expect(() => m.loadStateDict(dict)).toThrow('Missing key(s) in state_dict: "weight", "bias"');
  });
  it('a JSON-parsed __proto__ key is unexpected, and the load copies nothing', () => {
    const m = new Linear(2, 1);
    const before = Array.from(m.weight.dataSync());
    const dict = Object.assign(JSON.parse('{"__proto__": 1}'), {
      weight: tensor([[5, 6]]),
      bias: tensor([7]),
    });
    expect(() => m.loadStateDict(dict)).toThrow('Unexpected key(s) in state_dict: "__proto__"');
    expect(Array.from(m.weight.dataSync())).toEqual(before);
  });
});
