/**
 * Memory debugging: with it on, every storage is overwritten with a poison value (NaN, or 0xDEADBEEF
 * for int32) just before it is freed or moved out (a collected one cannot be read any more), so that
 * code still reading memory it gave up (a kernel handed a stale handle, a gradient freed before a later
 * backward step reads it) computes visibly wrong numbers instead of plausible ones. Tests run with it
 * on (`TYPETORCH_DEBUG_MEMORY=1`).
 */
import type { Backend, StorageHandle } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import { shared } from '../global-state.js';

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
/** Process-wide: shared by every loaded copy of this package (global-state.ts). */
const setting = shared('memoryDebug', () => ({ on: env?.TYPETORCH_DEBUG_MEMORY === '1' }));

/**
 * Turns memory debugging on or off (default: on when the environment variable
 * `TYPETORCH_DEBUG_MEMORY=1`). It costs one fill per freed storage.
 * PyTorch has no equivalent (compare `torch.cuda.memory._record_memory_history`).
 */
export function setMemoryDebug(on: boolean): void {
  setting.on = on;
}

/** Whether memory debugging is on (see {@link setMemoryDebug}; PyTorch has no equivalent). */
export function memoryDebug(): boolean {
  return setting.on;
}

/** The value freed storages of `dtype` are filled with. */
export function poisonValue(dtype: DType): number {
  if (dtype === 'int32') return 0xdeadbeef | 0;
  if (dtype === 'bool') return 1;
  return Number.NaN;
}

/** Fills a whole storage with its poison value when debugging. */
export function poison(backend: Backend, handle: StorageHandle, dtype: DType, size: number): void {
  if (!setting.on || size === 0) return;
  backend.fill({ storage: handle, dtype, shape: [size], strides: [1], offset: 0 }, poisonValue(dtype));
}
