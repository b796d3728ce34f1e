// PyTorch's keyword-or-positional forms of the tensor ops (dim/keepdim/unbiased as arguments or options).
import { cat, chunk, logSoftmax, softmax, split, stack, tensor, var_ } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import './index.js';

const x = () =>
  tensor(
    [
      [1, 2, 3, 4],
      [2, 4, 6, 10],
    ],
    { dtype: 'float32' },
  );
const close = (t: { dataSync(): ArrayLike<number> }, want: number[]) => {
  for (const [i, v] of Array.from(t.dataSync()).entries()) expect(v).toBeCloseTo(want[i], 5);
};

describe('var and std: unbiased (positional or option) and correction', () => {
  it('x.var(1, false) and { unbiased: false } are the population variance', () => {
    close(x().var(1, false), [1.25, 8.75]);
    close(x().var(1, { unbiased: false }), [1.25, 8.75]);
    close(x().var({ dim: 1, unbiased: false }), [1.25, 8.75]);
    close(x().var(1, { correction: 0 }), [1.25, 8.75]);
    close(x().var(1), [5 / 3, 35 / 3]);
    close(x().std(1, false), [Math.sqrt(1.25), Math.sqrt(8.75)]);
    close(x().std(1, true, true), [Math.sqrt(5 / 3), Math.sqrt(35 / 3)]);
    expect(x().std(1, true, true).shape).toEqual([2, 1]);
    close(var_(x(), false), [7.25]);
    close(x().std(false), [Math.sqrt(7.25)]);
  });

  it('rejects unbiased together with correction, unknown keys, and non-booleans', () => {
    expect(() => x().var(1, { unbiased: false, correction: 0 })).toThrow(
      "var(): only one of 'unbiased' and 'correction' may be given",
    );
    expect(() => x().std(1, false, { correction: 1 } as never)).toThrow(TypeError);
    expect(() => x().var(1, { ddof: 0 } as never)).toThrow("var() got an unexpected keyword argument 'ddof'");
    expect(() => x().var(1, 1 as never)).toThrow("var(): argument 'unbiased' must be bool, not number");
  });
});

describe('reductions take dim and keepdim positionally or as options', () => {
  it('sum, mean, prod, amax, argmax, all, logsumexp, max', () => {
    close(x().sum({ dim: 1 }), [10, 22]);
    expect(x().sum({ dim: 1, keepdim: true }).shape).toEqual([2, 1]);
    expect(x().sum(1, { keepdim: true }).shape).toEqual([2, 1]);
    expect(x().sum(1, { dtype: 'float64' }).dtype).toBe('float64');
    close(x().mean({ dim: 0 }), [1.5, 3, 4.5, 7]);
    expect(x().mean(0, { dtype: 'float64' }).dtype).toBe('float64');
    close(x().prod({ dim: 1 }), [24, 480]);
    close(x().amax({ dim: 1 }), [4, 10]);
    close(x().argmax({ dim: 1, keepdim: true }), [3, 3]);
    close(x().gt(1).all({ dim: 1 }), [0, 1]);
    close(x().logsumexp({ dim: 1 }), [4.4401897, 10.0209093]);
    const { values, indices } = x().max({ dim: 0 });
    close(values, [2, 4, 6, 10]);
    close(indices, [1, 1, 1, 1]);
  });

  it('rejects unknown keys, a value given twice and a non-boolean keepdim', () => {
    expect(() => x().sum({ dims: 1 } as never)).toThrow("sum() got an unexpected keyword argument 'dims'");
    expect(() => x().sum(1, { dim: 0 })).toThrow("sum() got multiple values for argument 'dim'");
    expect(() => x().sum(1, 1 as never)).toThrow("sum(): argument 'keepdim' must be bool, not number");
    expect(() => x().amax(1, { dtype: 'float64' })).toThrow(
      "amax() got an unexpected keyword argument 'dtype'",
    );
    expect(() => x().logsumexp({ dim: 1, keep: true } as never)).toThrow(
      "logsumexp() got an unexpected keyword argument 'keep'",
    );
  });
});

describe('cat, stack, split, chunk, softmax take { dim }', () => {
  it('binds the options object', () => {
    expect(cat([x(), x()], { dim: 1 }).shape).toEqual([2, 8]);
    expect(stack([x(), x()], { dim: 2 }).shape).toEqual([2, 4, 2]);
    expect(split(x(), 2, { dim: 1 }).map((t) => t.shape)).toEqual([
      [2, 2],
      [2, 2],
    ]);
    expect(
      x()
        .split(3, { dim: 1 })
        .map((t) => t.shape),
    ).toEqual([
      [2, 3],
      [2, 1],
    ]);
    expect(chunk(x(), 2, { dim: 1 }).length).toBe(2);
    expect(x().chunk(2, { dim: 0 })[0].shape).toEqual([1, 4]);
    close(softmax(x(), { dim: 0 }).sum(0), [1, 1, 1, 1]);
    close(x().logSoftmax({ dim: 1 }).exp().sum(1), [1, 1]);
  });

  it('rejects unknown keys and a missing dim', () => {
    expect(() => cat([x(), x()], { axis: 1 } as never)).toThrow(
      "cat() got an unexpected keyword argument 'axis'",
    );
    expect(() => logSoftmax(x(), {} as never)).toThrow(
      "log_softmax() missing 1 required positional argument: 'dim'",
    );
    expect(() => stack([x()], '1' as never)).toThrow("stack(): argument 'dim' must be int, not string");
  });
});
