/**
 * `DataLoader`'s arguments as PyTorch binds them (`DataLoader(dataset, batch_size=1, shuffle=None,
 * sampler=None, batch_sampler=None, num_workers=0, collate_fn=None, pin_memory=False, drop_last=False,
 * timeout=0, worker_init_fn=None, multiprocessing_context=None, generator=None, *, prefetch_factor=2,
 * persistent_workers=False, pin_memory_device='')`): positionally or in an options object. Worker
 * processes and pinned memory do not exist here: their options are accepted only at their defaults.
 */
import { bindArgs } from '@typetorch/tensor';
import type { DataLoaderOptions } from './dataloader.js';

const POSITIONAL = [
  'batchSize',
  'shuffle',
  'sampler',
  'batchSampler',
  'numWorkers',
  'collateFn',
  'pinMemory',
  'dropLast',
  'timeout',
  'workerInitFn',
  'multiprocessingContext',
  'generator',
];

/** PyTorch options typetorch has no use for, and the only value each accepts (its default). */
const UNSUPPORTED: Record<string, unknown> = {
  numWorkers: 0,
  pinMemory: false,
  timeout: 0,
  workerInitFn: null,
  multiprocessingContext: null,
  persistentWorkers: false,
};

/** Binds the arguments after `dataset`; throws for unknown keys or unsupported non-default values. */
export function dataLoaderArgs<T, B>(args: readonly unknown[]): DataLoaderOptions<T, B> {
  const bound = bindArgs('DataLoader.__init__()', args, {
    leading: 1,
    positional: POSITIONAL,
    keywordOnly: ['prefetch', 'persistentWorkers'],
  });
  for (const [key, only] of Object.entries(UNSUPPORTED)) {
    if (bound[key] !== undefined && bound[key] !== only) {
      throw new TypeError(
        `DataLoader.__init__(): '${key}' is not supported (only ${String(only)}): typetorch loads in the main thread; use prefetch for overlap`,
      );
    }
    delete bound[key];
  }
  return bound as DataLoaderOptions<T, B>;
}
