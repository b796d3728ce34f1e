/**
 * pytorch/examples time_sequence_prediction/generate_sine_wave.py, ported line by line to typetorch
 * (the version PyTorch 1.13 shipped with, pytorch/examples bcb5667). It writes N = 100 sine waves of
 * L = 1000 samples, period 2π·T, each shifted by a random whole offset in [-4T, 4T). What differs:
 *
 * - The offsets come from numpy's generator (`np.random.seed(2)`, `np.random.randint(-4 * T, 4 * T, N)`),
 *   which typetorch does not have. They are written out below, as numpy 1.24 draws them, so the
 *   phases equal upstream's exactly. The sines themselves differ from numpy's by up to 3 units in the
 *   last place (3.3e-16) in 63% of the entries: numpy's float64 `sin` is its own implementation, and
 *   JavaScript's `Math.sin` (which typetorch's CPU `sin` uses) rounds differently (`src/main.test.ts`
 *   checks values against numpy's).
 * - The data is saved as `traindata.safetensors` (one float64 tensor `data`), not with `torch.save`.
 */
import '@typetorch/backend-cpu';
import { save } from '@typetorch/nn/node';
import type { Tensor } from '@typetorch/tensor';
import * as torch from '@typetorch/tensor';

// np.random.seed(2)

export const T = 20;
export const L = 1000;
export const N = 100;

/** `np.random.seed(2); np.random.randint(-4 * T, 4 * T, N)`, as printed by numpy 1.24. */
// biome-ignore format: numpy's 100 offsets, ten a line
export const OFFSETS: readonly number[] = [
  -65, -8, -58, -37, -5, 24, -73, 15, -5, -33,
  -17, -49, 68, 44, 36, -43, 22, -76, 27, -29,
  23, -42, -47, -22, 44, -13, -11, 8, -34, 15,
  41, -49, 0, -28, -30, 52, -17, -31, -41, 56,
  -65, 56, 65, 70, 37, -7, 25, 30, 3, 16,
  -37, -48, -54, 56, -4, 58, -40, -46, -20, 57,
  -10, 6, -61, -24, 49, -12, 1, -19, 45, 17,
  66, 7, 70, -37, -28, -64, -25, 43, 69, -37,
  -10, -21, -63, 63, 78, -54, -41, -17, 68, 70,
  20, -53, -80, -18, 12, -44, -17, -5, 30, -30,
];

/** The `[N, L]` float64 sine waves of upstream's script. */
export function generateSineWave(): Tensor {
  // x = np.empty((N, L), 'int64'); x[:] = np.array(range(L)) + offsets.reshape(N, 1)
  const x = torch.arange(L, { dtype: 'int64' }).add(torch.tensor(OFFSETS, { dtype: 'int64' }).reshape(N, 1));
  // data = np.sin(x / 1.0 / T).astype('float64'): numpy's int64 / 1.0 is float64 (typetorch's would
  // be float32, the default dtype), hence the explicit cast.
  return x.to('float64').div(1.0).div(T).sin();
}

/** Writes `traindata.safetensors` (upstream: `torch.save(data, open('traindata.pt', 'wb'))`). */
export async function main(path = 'traindata.safetensors'): Promise<void> {
  const data = generateSineWave();
  await save({ data }, path);
}

// Run when executed (`pnpm generate`), not when imported by the tests.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
