/**
 * Test support for two copies of @typetorch/tensor in one process (global-state.ts, brand.ts): a
 * second instance of the module graph, as a nested node_modules/@typetorch/tensor would be, and a
 * backend that can hold tensors.
 */
import { expect, vi } from 'vitest';
import type { Backend } from '../../backend/contract.js';
import * as A from '../../index.js';
import { fakeBackend } from './fake-backend.js';

/** The package's exports, as either copy has them. */
export type Copy = typeof A;

/** A fresh copy of the package (`vi.resetModules()` and a dynamic import). */
export async function secondCopy(): Promise<Copy> {
  vi.resetModules();
  const copy = await import('../../index.js');
  expect(copy.Tensor).not.toBe(A.Tensor); // really another instance of the module
  return copy;
}

/** The memory manager's fake backend under `device`, with the capabilities tensors need. */
export function hostBackend(device: string): Backend {
  const { backend } = fakeBackend({ evict: false });
  const capabilities = { syncRead: false, dtypes: ['float32', 'int32', 'bool'], maxBufferBytes: 2 ** 30 };
  return { ...backend, device, capabilities } as Backend;
}
