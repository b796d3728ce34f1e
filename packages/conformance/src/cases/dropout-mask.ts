import {
  bernoulli,
  type DType,
  defaultGenerator,
  dropoutMask,
  dropoutMaskComposite,
  full,
  Generator,
  getBackend,
  manualSeed,
  rand,
  type Tensor,
} from '@typetorch/tensor';
import { check, expectThrows } from '../assert.js';
import { group } from '../case.js';

/** Sizes around the kernels' edges: single elements, odd sizes and sizes that split across threads. */
const SHAPES: readonly (readonly number[])[] = [[1], [7], [3, 5, 7], [4099], [2, 3, 1001]];
const PROBABILITIES = [0.1, 0.25, 0.5, 0.8];

/** The mask as dropout drew it before the fused kernel: `bernoulli(full(shape, 1 - p)).div_(1 - p)`. */
function oldMask(
  shape: readonly number[],
  p: number,
  dtype: DType,
  device: string,
  generator: Generator,
): Tensor {
  const keep = full(shape, 1 - p, { dtype, device });
  return bernoulli(keep, { generator }).div_(1 - p);
}

/** Checks two tensors hold the same bits (Object.is: NaN equals NaN, -0 differs from 0). */
async function expectSameBits(actual: Tensor, expected: Tensor, label: string): Promise<void> {
  check(actual.dtype === expected.dtype, `${label}: dtype ${actual.dtype} != ${expected.dtype}`);
  const [a, e] = [await actual.data(), await expected.data()];
  check(a.length === e.length, `${label}: ${a.length} elements, expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    check(Object.is(a[i], e[i]), `${label}: element ${i} is ${a[i]}, the old composition gave ${e[i]}`);
  }
}

/** The dtypes of `wanted` that `device` supports. */
function supported(device: string, wanted: readonly DType[]): DType[] {
  const dtypes = getBackend(device).capabilities.dtypes;
  return wanted.filter((d) => dtypes.includes(d));
}

/** Compares the fused mask with the old composition for every probability and shape, in `dtype`. */
async function compareWithComposition(device: string, dtype: DType): Promise<void> {
  for (const p of PROBABILITIES) {
    for (const [s, shape] of SHAPES.entries()) {
      const seed = 1000 * s + Math.round(100 * p);
      const [gOld, gNew] = [new Generator(seed), new Generator(seed)];
      const label = `${dtype} p=${p} shape [${shape}]`;
      await expectSameBits(
        dropoutMask(shape, p, { dtype, device, generator: gNew }),
        oldMask(shape, p, dtype, device, gOld),
        label,
      );
      // Both advanced the generator by the mask's size: the next draws agree too.
      await expectSameBits(
        rand([3], { device, generator: gNew }),
        rand([3], { device, generator: gOld }),
        `${label}, next draw`,
      );
    }
  }
}

export const dropoutMaskCases = group('dropoutMask', {
  'is bit for bit bernoulli(full(1 - p)).div_(1 - p) on the same stream (float32, float64)': async (
    device,
  ) => {
    for (const dtype of supported(device, ['float32', 'float64']))
      await compareWithComposition(device, dtype);
  },
  'float16 masks are bit for bit the composition where float16 is supported': async (device) => {
    for (const dtype of supported(device, ['float16'])) await compareWithComposition(device, dtype);
  },
  'equals dropoutMaskComposite, the reference the tensor package falls back to': async (device) => {
    const backend = getBackend(device);
    for (const dtype of supported(device, ['float32', 'float64', 'float16'])) {
      for (const p of PROBABILITIES) {
        for (const shape of SHAPES) {
          const [g1, g2] = [new Generator(77), new Generator(77)];
          const fast = dropoutMask(shape, p, { dtype, device, generator: g1 });
          const { key, offset } = g2.take(fast.numel());
          const reference = dropoutMaskComposite(backend, shape, dtype, 1 - p, key, offset);
          await expectSameBits(fast, reference, `${dtype} p=${p} shape [${shape}]`);
        }
      }
    }
  },
  'draws from the default generator, keeps p as scale and rate': async (device) => {
    manualSeed(11);
    const mask = dropoutMask([4000], 0.25, { device });
    manualSeed(11);
    await expectSameBits(
      mask,
      oldMask([4000], 0.25, 'float32', device, defaultGenerator),
      'default generator',
    );
    const values = await mask.data();
    const kept = values.filter((v) => v !== 0);
    check(
      kept.every((v) => v === Math.fround(1 / Math.fround(0.75))),
      'kept elements carry 1 / (1 - p)',
    );
    check(
      Math.abs(kept.length / values.length - 0.75) < 0.03,
      `kept fraction ${kept.length / values.length}`,
    );
  },
  'p = 0 keeps everything, p = 1 drops everything, empty shapes work': async (device) => {
    const ones = await dropoutMask([5], 0, { device, generator: new Generator(1) }).data();
    check([...ones].join() === '1,1,1,1,1', `p = 0: ${[...ones]}`);
    const zeros = await dropoutMask([2, 3], 1, { device, generator: new Generator(1) }).data();
    check(
      [...zeros].every((v) => Object.is(v, 0)),
      `p = 1: ${[...zeros]}`,
    );
    const empty = dropoutMask([0, 4], 0.5, { device });
    check(empty.shape.join() === '0,4' && (await empty.data()).length === 0, 'an empty mask');
  },
  'rejects a p outside [0, 1], a non-floating dtype and a negative size, drawing nothing': async (device) => {
    const g = new Generator(5);
    for (const p of [-0.1, 1.5, Number.NaN]) {
      expectThrows(
        () => dropoutMask([3], p, { device, generator: g }),
        `dropout probability has to be between 0 and 1, but got ${p}`,
      );
    }
    expectThrows(
      () => dropoutMask([3], 0.5, { device, dtype: 'int32', generator: g }),
      'dropoutMask(): expected a floating point dtype, got int32',
    );
    expectThrows(() => dropoutMask([2, -1], 0.5, { device, generator: g }), 'negative');
    // None of the rejected calls advanced the stream.
    await expectSameBits(
      rand([4], { device, generator: g }),
      rand([4], { device, generator: new Generator(5) }),
      'the generator after rejected calls',
    );
  },
});
