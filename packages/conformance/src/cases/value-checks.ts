/**
 * Checks on values held by the device raise the same error on every device (issue 18): class-index
 * targets out of range (PyTorch's `Target {t} is out of bounds.`, naming the offending target)
 * and gather indices, at the op on a device that reads synchronously, at the next read on one that
 * does not; an unread failed check stays the first reported even after many more checks.
 */
import {
  checkClassTargets,
  crossEntropyPerSample,
  raiseDeviceErrors,
  randn,
  type Tensor,
  tensor,
} from '@typetorch/tensor';
import { ConformanceError, check, expectValues } from '../assert.js';
import { group } from '../case.js';

/** Runs `fn` and reads what it returns: the error must come from one of the two, with exactly `message`. */
async function expectError(fn: () => Tensor | undefined, message: string): Promise<void> {
  let t: Tensor | undefined;
  try {
    t = fn() ?? tensor([0]);
    await t.data();
  } catch (error) {
    const got = (error as Error).message;
    check(error instanceof RangeError, `expected a RangeError, got ${(error as Error).name}: ${got}`);
    check(got === message, `expected '${message}', got '${got}'`);
    return;
  } finally {
    t?.dispose();
  }
  throw new ConformanceError(`expected '${message}', but the op and the read succeeded`);
}

const ints = (values: number[], device: string) => tensor(values, { dtype: 'int64', device });

export const valueCheckCases = group('value-checks', {
  'a class target outside [0, C) raises Target t is out of bounds on every device': async (device) => {
    const x = randn([3, 10], { device });
    await expectError(
      () => crossEntropyPerSample(x, ints([1, 10, 2], device))[0],
      'Target 10 is out of bounds.',
    );
    await expectError(
      () => crossEntropyPerSample(x, ints([-1, 0, 2], device))[0],
      'Target -1 is out of bounds.',
    );
    // ignore_index is never out of bounds.
    await expectError(
      () => crossEntropyPerSample(x, ints([-5, 12, 11], device), { ignoreIndex: -5 })[0],
      'Target 12 is out of bounds.',
    );
    const [loss] = crossEntropyPerSample(x, ints([-5, 9, 0], device), { ignoreIndex: -5 });
    await expectValues(loss.narrow(0, 0, 1), [0]);
    await expectError(() => {
      checkClassTargets(ints([0, 3, 4, 1], device).reshape([2, 2]).t(), 4);
      return undefined;
    }, 'Target 4 is out of bounds.');
  },
  'the first failed check is reported, with its value, after many more checks': async (device) => {
    await raiseDeviceErrors(device);
    const x = randn([2, 5], { device });
    await expectError(() => {
      checkClassTargets(ints([0, 7], device), 5);
      // More pending checks than the device keeps apart: they are folded, the first failure kept.
      for (let i = 0; i < 40; i++) checkClassTargets(ints([i % 5, 9], device), i % 3 === 0 ? 9 : 10);
      return x.gather(1, ints([0, 6], device).reshape([2, 1]));
    }, 'Target 7 is out of bounds.');
    await expectValues(tensor([3], { device }), [3], { dtype: 'int64' });
  },
});
