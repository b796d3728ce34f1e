/**
 * `multinomial` on every device: frequencies match the weights (with replacement), rows are distinct
 * and zero weights never drawn (without), a seed reproduces the draws, and the value checks raise
 * PyTorch's errors (at the op on the CPU, at the next read on an asynchronous device).
 */
import { Generator, manualSeed, multinomial, type Tensor, tensor } from '@typetorch/tensor';
import { ConformanceError, check } from '../assert.js';
import { group } from '../case.js';

/** Runs `fn` and reads what it returns: one of the two must raise exactly `message`. */
async function expectError(fn: () => Tensor, message: string): Promise<void> {
  let t: Tensor | undefined;
  try {
    t = fn();
    await t.data();
  } catch (error) {
    const got = (error as Error).message;
    check(got === message, `expected '${message}', got '${got}'`);
    return;
  } finally {
    t?.dispose();
  }
  throw new ConformanceError(`expected '${message}', but multinomial and the read succeeded`);
}

const WEIGHTS = [1, 0, 3, 6]; // need not sum to 1

export const multinomialCases = group('multinomial', {
  'with replacement: 20k draws fall within 5 sigma of the weights, never on a zero weight': async (
    device,
  ) => {
    const n = 20_000;
    const draws = multinomial(tensor(WEIGHTS, { device, dtype: 'float32' }), n, true, {
      generator: new Generator(11),
    });
    check(draws.dtype === 'int64' && draws.shape.join() === `${n}`, `${draws.dtype} ${draws.shape}`);
    const counts = [0, 0, 0, 0];
    for (const v of await draws.data()) counts[Number(v)]++;
    const total = WEIGHTS.reduce((a, b) => a + b, 0);
    WEIGHTS.forEach((w, i) => {
      const p = w / total;
      const sigma = Math.sqrt(n * p * (1 - p));
      check(Math.abs(counts[i] - n * p) <= 5 * sigma, `category ${i}: ${counts[i]} draws, expected ${n * p}`);
    });
  },
  'without replacement: each row distinct, zero weights never drawn, 2-D shape': async (device) => {
    const w = tensor(
      [
        [0, 2, 0, 1, 5, 0.5],
        [3, 0, 1, 0, 0, 2],
      ],
      { device, dtype: 'float32' },
    );
    for (let seed = 0; seed < 20; seed++) {
      const draws = multinomial(w, 3, false, { generator: new Generator(seed) });
      check(draws.dtype === 'int64' && draws.shape.join() === '2,3', `${draws.dtype} ${draws.shape}`);
      const v = Array.from(await draws.data(), Number);
      for (const row of [v.slice(0, 3), v.slice(3)]) check(new Set(row).size === 3, `repeated draws ${row}`);
      check(
        v.slice(0, 3).every((i) => [1, 3, 4, 5].includes(i)),
        `row 0 drew a zero weight: ${v}`,
      );
      check(
        v.slice(3).every((i) => [0, 2, 5].includes(i)),
        `row 1 drew a zero weight: ${v}`,
      );
    }
    // Every category, when all are asked for: the positive ones first.
    const all = Array.from(
      await multinomial(tensor([0, 4, 1], { device, dtype: 'float32' }), 3).data(),
      Number,
    );
    check(all.slice(0, 2).sort().join() === '1,2' && all[2] === 0, `all categories: ${all}`);
    // Frequencies of a single draw follow the weights too.
    const counts = [0, 0, 0, 0];
    const g = new Generator(5);
    const rows = tensor(WEIGHTS, { device, dtype: 'float32' }).expand([5000, 4]);
    for (const v of await multinomial(rows, 1, false, { generator: g }).data()) counts[Number(v)]++;
    check(counts[1] === 0 && Math.abs(counts[3] / 5000 - 0.6) < 0.05, `single draws: ${counts}`);
  },
  'a seed reproduces the draws (manualSeed and a Generator), the method form matches': async (device) => {
    const w = tensor(WEIGHTS, { device, dtype: 'float32' });
    manualSeed(3);
    const a = Array.from(await multinomial(w, 50, true).data()).join();
    const b = Array.from(await multinomial(w, 50, true).data()).join();
    manualSeed(3);
    const c = Array.from(await w.multinomial(50, true).data()).join();
    check(a === c && a !== b, 'manualSeed reproduces the draws, and the stream advances');
    const d = Array.from(await w.multinomial(3, false, { generator: new Generator(8) }).data()).join();
    const e = Array.from(await multinomial(w, 3, false, { generator: new Generator(8) }).data()).join();
    check(d === e, `equal generators, equal draws: ${d} vs ${e}`);
  },
  "PyTorch's errors, including the value checks": async (device) => {
    await expectError(
      () => multinomial(tensor([1, -1], { device, dtype: 'float32' }), 1),
      'probability tensor contains either `inf`, `nan` or element < 0',
    );
    await expectError(
      () => multinomial(tensor([1, Number.POSITIVE_INFINITY], { device, dtype: 'float32' }), 2),
      'probability tensor contains either `inf`, `nan` or element < 0',
    );
    await expectError(
      () => multinomial(tensor([1, Number.NaN], { device, dtype: 'float32' }), 3, true),
      'invalid multinomial distribution (encountering probability entry < 0)',
    );
    await expectError(
      () =>
        multinomial(
          tensor(
            [
              [1, 1],
              [0, 0],
            ],
            { device, dtype: 'float32' },
          ),
          1,
        ),
      'invalid multinomial distribution (sum of probabilities <= 0)',
    );
    await expectError(
      () => multinomial(tensor([0, 0], { device, dtype: 'float32' }), 2, true),
      'invalid multinomial distribution (sum of probabilities <= 0)',
    );
    await expectError(
      () => multinomial(tensor(1, { device, dtype: 'float32' }), 1),
      'prob_dist must be 1 or 2 dim',
    );
    await expectError(
      () => multinomial(tensor([1, 2, 3], { device, dtype: 'float32' }), 4),
      'cannot sample n_sample > prob_dist.size(-1) samples without replacement',
    );
    await expectError(
      () => multinomial(tensor([1, 2], { device, dtype: 'float32' }), 0, true),
      'cannot sample n_sample <= 0 samples',
    );
    // The device is usable after a failed check.
    const ok = await multinomial(tensor([0, 1], { device, dtype: 'float32' }), 1).data();
    check(Number(ok[0]) === 1, `after the errors: ${ok}`);
  },
});
