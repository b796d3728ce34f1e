import { describe, expect, it } from 'vitest';
import { bindArgs, checkArity, checkOptions, isOptionsObject } from './options.js';

describe('argument binding (Python keyword-or-positional parameters)', () => {
  const spec = { leading: 3, positional: ['stride', 'padding', 'bias'], keywordOnly: ['device'] };

  it('binds positional values, an options object, or both', () => {
    expect(bindArgs('f()', [2, 1], spec)).toEqual({ stride: 2, padding: 1 });
    expect(bindArgs('f()', [{ stride: 2, device: 'cpu' }], spec)).toEqual({ stride: 2, device: 'cpu' });
    expect(bindArgs('f()', [2, { bias: false }], spec)).toEqual({ stride: 2, bias: false });
    expect(bindArgs('f()', [undefined, 1, undefined], spec)).toEqual({ padding: 1 });
    expect(bindArgs('f()', [], spec)).toEqual({});
  });

  it("raises Python's TypeErrors: unknown keyword, value given twice, too many positional", () => {
    expect(() => bindArgs('Conv2d.__init__()', [{ strid: 2 }], spec)).toThrow(
      "Conv2d.__init__() got an unexpected keyword argument 'strid'; valid keyword arguments: stride, padding, bias, device",
    );
    expect(() => bindArgs('f()', [{ padding_mode: 1 }], { positional: ['paddingMode'] })).toThrow(
      "did you mean 'paddingMode'?",
    );
    expect(() => bindArgs('f()', [2, { stride: 3 }], spec)).toThrow(
      "f() got multiple values for argument 'stride'",
    );
    expect(() => bindArgs('f()', [1, 2, 3, 4], spec)).toThrow(
      'f() takes from 3 to 6 positional arguments but 7 were given',
    );
    expect(() => bindArgs('f()', [{ stride: 1 }, 2], spec)).toThrow(
      'the options object must be the last argument',
    );
  });

  it('checks options objects and arity on their own', () => {
    expect(isOptionsObject({})).toBe(true);
    expect(isOptionsObject(Object.create(null))).toBe(true);
    expect(isOptionsObject([])).toBe(false);
    expect(isOptionsObject(new Map())).toBe(false);
    expect(() => checkOptions('g()', { a: 1, b: undefined }, ['a'])).not.toThrow();
    expect(() => checkOptions('g()', { c: 1 }, ['a'])).toThrow(TypeError);
    expect(() => checkOptions('g()', 3, ['a'])).toThrow('g() expected an options object');
    expect(() => checkArity('h()', 2, 1, 1)).toThrow('h() takes 1 positional argument but 2 were given');
    expect(() => checkArity('h()', 0, 1, 2)).toThrow('h() missing 1 required positional argument');
  });
});
