/**
 * int64, PyTorch's default integer dtype, stored in 32 bits: the defaults that produce it, and every
 * value that would not fit raising PyTorch's overflow error — at the op on a device that reads
 * synchronously, at the next read on one that does not (see device-checks.ts). Integer division by
 * zero raises `ZeroDivisionError` the same way.
 */
import { arange, assertAsync, full, type Tensor, tensor } from '@typetorch/tensor';
import { ConformanceError, check, expectValues } from '../assert.js';
import { group } from '../case.js';

/** Runs `fn` and reads its result: the error must come from one of the two, whichever the device raises at. */
async function expectRaises(fn: () => Tensor, fragment: string): Promise<void> {
  let t: Tensor | undefined;
  try {
    t = fn();
    await t.data();
  } catch (error) {
    const message = (error as Error).message;
    check(message.includes(fragment), `expected an error with '${fragment}', got: ${message}`);
    return;
  } finally {
    t?.dispose();
  }
  throw new ConformanceError(`expected an error with '${fragment}', but the op and the read succeeded`);
}

const OVERFLOW = 'value cannot be converted to type int64_t without overflow';

export const int64Cases = group('int64', {
  'whole numbers, arange, argmax, indices and integer sums are int64': async (device) => {
    const x = tensor([3, 1, 2], { device });
    check(x.dtype === 'int64', `tensor([3, 1, 2]) dtype ${x.dtype}`);
    check(tensor([1.5, 2], { device }).dtype === 'float32', 'fractions give float32');
    check(arange(4, { device }).dtype === 'int64', 'arange(4) is int64');
    await expectValues(x.argmax(), 0, { dtype: 'int64' });
    await expectValues(x.sort().indices, [1, 2, 0], { dtype: 'int64' });
    await expectValues(x.int().sum(), 6, { dtype: 'int64' });
    await expectValues(tensor([true, true, false], { device }).sum(), 2, { dtype: 'int64' });
    await expectValues(x.int().add(x), [6, 2, 4], { dtype: 'int64' });
    await expectValues(x.to('long').add(5), [8, 6, 7], { dtype: 'int64' });
  },

  'int64 values beyond 32 bits raise PyTorch overflow error (creation, scalars, casts)': async (device) => {
    await expectRaises(() => tensor([2 ** 31], { device }), OVERFLOW);
    await expectRaises(() => full([2], 2 ** 40, { dtype: 'int64', device }), OVERFLOW);
    await expectRaises(() => full([2], Number.NaN, { dtype: 'int64', device }), OVERFLOW);
    await expectRaises(
      () => full([2], 1e10, { dtype: 'int32', device }),
      'value cannot be converted to type int without overflow',
    );
    const x = tensor([1, 2], { device });
    await expectRaises(() => x.add(2 ** 40), OVERFLOW);
    await expectRaises(() => tensor([1, 3e9], { dtype: 'float32', device }).long(), OVERFLOW);
    await expectRaises(() => tensor([1, Number.NaN], { dtype: 'float32', device }).int(), 'without overflow');
    await expectValues(tensor([-2.7, 2.7], { dtype: 'float32', device }).long(), [-2, 2], { dtype: 'int64' });
  },

  'int64 arithmetic that leaves 32 bits raises instead of wrapping; int32 wraps as in PyTorch': async (
    device,
  ) => {
    const big = tensor([2 ** 30, 2 ** 30, -(2 ** 30)], { device });
    await expectRaises(() => big.add(big), OVERFLOW);
    await expectRaises(() => big.sub(big.neg().mul(2)), OVERFLOW);
    await expectRaises(() => big.mul(big), OVERFLOW);
    await expectRaises(() => big.narrow(0, 0, 2).sum(), OVERFLOW);
    await expectValues(big.sum(), 2 ** 30, { dtype: 'int64' }); // the total fits: no error
    await expectRaises(() => big.cumsum(0), OVERFLOW);
    await expectRaises(() => big.prod(), OVERFLOW);
    await expectRaises(() => tensor([-(2 ** 31)], { device }).abs(), OVERFLOW);
    await expectRaises(() => tensor([2], { device }).pow(40), OVERFLOW);
    await expectValues(big.add(big.neg()), [0, 0, 0], { dtype: 'int64' });
    await expectValues(tensor([2 ** 31 - 1, -(2 ** 31)], { device }).mul(1), [2 ** 31 - 1, -(2 ** 31)], {
      dtype: 'int64',
    });
    const small = tensor([2 ** 30], { dtype: 'int32', device });
    await expectValues(small.add(small), [-(2 ** 31)], { dtype: 'int32' });
  },

  'integer floor division and remainder by zero raise ZeroDivisionError': async (device) => {
    const x = tensor([5, -7], { device });
    await expectRaises(() => x.floorDivide(tensor([2, 0], { device })), 'ZeroDivisionError');
    await expectRaises(() => x.remainder(0), 'ZeroDivisionError');
    await expectRaises(() => x.int().floorDivide(0), 'ZeroDivisionError');
    await expectValues(x.floorDivide(2), [2, -4], { dtype: 'int64' });
    await expectValues(x.remainder(3), [2, 2], { dtype: 'int64' });
    await expectValues(x.div(0), [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  },

  'an unread failed check is raised by a later read from the device, once': async (device) => {
    const big = tensor([2 ** 30, 2 ** 30], { device });
    let raised = false;
    let later: Tensor | undefined;
    try {
      big.add(big); // a GPU cannot stop here: the error waits for the next read
      later = tensor([1, 2], { device });
      await later.data();
    } catch (error) {
      raised = (error as Error).message.includes(OVERFLOW);
    }
    check(raised, 'the overflow was reported by the op or by the next read');
    await expectValues(tensor([7], { device }), [7], { dtype: 'int64' });
    later?.dispose();
  },
  'assertAsync (torch._assert_async) raises at the op or at the next read, never silently': async (
    device,
  ) => {
    const ok = tensor([true], { device });
    assertAsync(ok);
    await expectValues(tensor([1], { device }), [1]);
    await expectRaises(() => {
      assertAsync(tensor(0, { device, dtype: 'float32' }), 'the norm is not finite');
      return tensor([1], { device });
    }, 'the norm is not finite');
    ok.dispose();
  },
});
