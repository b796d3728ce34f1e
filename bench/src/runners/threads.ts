/**
 * Feature detection of typetorch's thread-count API. The CPU backend is gaining `setNumThreads`
 * (PyTorch: `torch.set_num_threads`) together with its WebAssembly kernels; until it lands, the runner
 * must still work, single-threaded, and say that it could not honour a thread count.
 */

/**
 * Looks for a function called `name` among `sources` in order (module namespaces such as
 * `@typetorch/backend-cpu` and `@typetorch/tensor`, or the backend object itself) and returns the
 * first one found, bound to its owner.
 */
function findFunction(
  sources: readonly unknown[],
  name: string,
): ((...args: unknown[]) => unknown) | undefined {
  for (const source of sources) {
    if (typeof source !== 'object' || source === null) continue;
    const fn = (source as Record<string, unknown>)[name];
    if (typeof fn === 'function') return (...args: unknown[]) => fn.apply(source, args);
  }
  return undefined;
}

/** `setNumThreads(n)` (PyTorch: `torch.set_num_threads`) from the first source that has it. */
export function findSetNumThreads(sources: readonly unknown[]): ((threads: number) => void) | undefined {
  const fn = findFunction(sources, 'setNumThreads');
  return fn === undefined ? undefined : (threads) => void fn(threads);
}

/** `getNumThreads()` (PyTorch: `torch.get_num_threads`) from the first source that has it. */
export function findGetNumThreads(sources: readonly unknown[]): (() => number) | undefined {
  const fn = findFunction(sources, 'getNumThreads');
  return fn === undefined ? undefined : () => Number(fn());
}

/** The thread count a `--threads` argument asks for: a positive integer, or undefined when absent. */
export function parseThreadsArg(argv: readonly string[]): number | undefined {
  const i = argv.indexOf('--threads');
  if (i === -1) return undefined;
  const value = argv[i + 1];
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new Error(`--threads must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return n;
}
