/**
 * Seeded random streams (PyTorch: `torch.Generator`, `torch.manual_seed`).
 *
 * A Generator is a Philox key plus a counter offset. Each random op takes `numel` counters from the
 * offset and advances it, so a seed reproduces the same sequence on every backend and platform.
 */
import { shared } from '../global-state.js';

/**
 * A seeded stream of random numbers for the random ops' `generator` option (PyTorch:
 * `torch.Generator`): a Philox4x32-10 key from the seed and a counter offset that each draw advances
 * by its `numel`, so a seed gives the same numbers on every backend. `new Generator(seed)`; without a
 * seed, one from `Math.random()`.
 */
export class Generator {
  private key: [number, number] = [0, 0];
  private offset = 0;
  private seedValue = 0;

  constructor(seed?: number) {
    this.manualSeed(seed ?? defaultSeedFromEntropy());
  }

  /** Sets the seed and restarts the stream (PyTorch: `Generator.manual_seed`). Returns this. */
  manualSeed(seed: number): this {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`manualSeed(): seed must be a safe integer, got ${seed}`);
    }
    const s = seed < 0 ? seed + 2 ** 53 : seed;
    this.seedValue = seed;
    this.key = [(s % 4294967296) >>> 0, Math.floor(s / 4294967296) >>> 0];
    this.offset = 0;
    return this;
  }

  /** The seed last set (PyTorch: `Generator.initial_seed`). */
  initialSeed(): number {
    return this.seedValue;
  }

  /** Reserves `count` consecutive counters and returns where they start (PyTorch: `philox_cuda_state(increment)`, internally). */
  take(count: number): { key: readonly [number, number]; offset: number } {
    const start = this.offset;
    this.offset += count;
    return { key: this.key, offset: start };
  }

  /** Snapshot of the stream position (PyTorch: `Generator.get_state`). */
  getState(): { seed: number; offset: number } {
    return { seed: this.seedValue, offset: this.offset };
  }

  /** Restores a snapshot from {@link getState} (PyTorch: `Generator.set_state`). */
  setState(state: { seed: number; offset: number }): this {
    this.manualSeed(state.seed);
    this.offset = state.offset;
    return this;
  }
}

function defaultSeedFromEntropy(): number {
  return Math.floor(Math.random() * 2 ** 32);
}

/**
 * The generator random ops use when none is passed (PyTorch: `torch.default_generator`). One per
 * process, shared by every loaded copy of this package (global-state.ts), so that `manualSeed`
 * seeds the random ops of packages bound to another copy too.
 */
export const defaultGenerator = shared('defaultGenerator', () => new Generator(67280421310721));

/** Seeds the default generator (PyTorch: `torch.manual_seed`). Returns it. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
