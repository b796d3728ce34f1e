/**
 * Inverted dropout's mask on the device (the contract's `dropoutMask`): one float32 pass that draws
 * the Philox uniform of `random` for each element, compares it with the keep probability as `lt`
 * does, and divides the 0/1 result by it with the same WGSL division `binary('div')` runs (`a / b` on
 * values read from memory, never a constant the compiler could fold or turn into a reciprocal), so
 * the mask is bit for bit the composition `bernoulli(full(keep)).div_(keep)` on this device.
 */
import { type Backend, numelOf, type View } from '@typetorch/tensor';
import type { Runtime } from '../runtime/runtime.js';
import { write } from '../runtime/storage.js';
import { grid } from './grid.js';
import { PHILOX, PHILOX_COUNTER, philoxMeta } from './random.js';

/** The float32 kernel: `out[i] = select(0, 1, u[i] < keep) / keep`. */
export function dropoutMask(
  rt: Runtime,
  out: View,
  keep: number,
  key: readonly [number, number],
  offset: number,
): void {
  const meta = philoxMeta('dropoutMask', out, key, offset);
  if (meta === null) return;
  // keep as `fill` stores it, then 0 and 1 as the bool-to-float cast writes them.
  meta.pushF32(keep).pushF32(0).pushF32(1);
  grid(
    rt,
    'dropoutMask',
    'dropoutMask:float32',
    [write(out, 'dropoutMask')],
    meta.words,
    ([os]) => `${PHILOX}
fn body(i: u32) {${PHILOX_COUNTER}
  let keep = f(e + 4u);
  let a = select(f(e + 5u), f(e + 6u), to_uniform(r.x) < keep);
  ${os}[u32(s(2u + rank) + strided(2u, rank, 3u + rank, i))] = a / keep;
}`,
  );
}

/**
 * Other dtypes (float16): the reference composition on the backend's own core kernels, so the mask
 * keeps that dtype's rounding exactly (PyTorch has none: the composition of `torch.bernoulli` and a divide).
 */
export function dropoutMaskByCore(
  backend: Backend,
  out: View,
  keep: number,
  key: readonly [number, number],
  offset: number,
): void {
  const n = numelOf(out.shape);
  if (n === 0) return;
  const dense = (storage: unknown, dtype: View['dtype']): View => ({
    storage,
    dtype,
    shape: [n],
    strides: [1],
    offset: 0,
  });
  const flat: View = { ...out, shape: [n], strides: [1] };
  const u = backend.alloc(out.dtype, n);
  const k = backend.alloc(out.dtype, 1);
  const hit = backend.alloc('bool', n);
  const splat: View = { ...dense(k, out.dtype), strides: [0] };
  backend.random(dense(u, out.dtype), 'uniform', key, offset);
  backend.fill(dense(k, out.dtype), keep);
  backend.binary('lt', dense(u, out.dtype), splat, dense(hit, 'bool'));
  backend.copy(dense(hit, 'bool'), flat);
  backend.binary('div', flat, splat, flat);
  for (const s of [u, k, hit]) backend.free(s);
}
