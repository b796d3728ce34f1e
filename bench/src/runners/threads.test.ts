import { describe, expect, it } from 'vitest';
import { findGetNumThreads, findSetNumThreads, parseThreadsArg } from './threads.js';

describe('findSetNumThreads / findGetNumThreads', () => {
  it('finds the first source with the function and calls it on its owner', () => {
    const backend = {
      threads: 1,
      setNumThreads(n: number) {
        this.threads = n;
      },
      getNumThreads() {
        return this.threads;
      },
    };
    const set = findSetNumThreads([{}, null, backend]);
    expect(set).toBeDefined();
    set!(3);
    expect(backend.threads).toBe(3);
    expect(findGetNumThreads([backend])!()).toBe(3);
  });
  it('is undefined when no source has it (a backend without the API)', () => {
    expect(findSetNumThreads([{}, { setNumThreads: 2 }, undefined])).toBeUndefined();
    expect(findGetNumThreads([])).toBeUndefined();
  });
});

describe('parseThreadsArg', () => {
  it('reads --threads N, or nothing', () => {
    expect(parseThreadsArg(['--backend', 'wasm', '--threads', '2'])).toBe(2);
    expect(parseThreadsArg(['--backend', 'cpu'])).toBeUndefined();
  });
  it('rejects a missing or non-positive count', () => {
    expect(() => parseThreadsArg(['--threads'])).toThrow(/positive integer/);
    expect(() => parseThreadsArg(['--threads', '0'])).toThrow(/positive integer/);
    expect(() => parseThreadsArg(['--threads', '1.5'])).toThrow(/positive integer/);
  });
});
