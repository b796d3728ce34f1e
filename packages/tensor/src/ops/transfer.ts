/** Moving data between dtypes and devices, and whole-tensor writes: `to`, `copy_`, `fill_`. */
import { getBackend } from '../backend/registry.js';
import { raiseDeviceErrors } from '../device-checks.js';
import { dispatch } from '../dispatch.js';
import { checkScalarFits, type DType, type DTypeLike, resolveDType, type TypedArray } from '../dtype.js';
import { broadcastShapes, formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkIntCast } from './int-checks.js';
import { broadcastView, bumpVersion, castTo, newTensor, viewOf, writeHost } from './internal.js';

type Target = string | { device?: string; dtype?: DTypeLike };

function isDTypeName(value: string): value is DTypeLike {
  try {
    resolveDType(value as DTypeLike, 'to');
    return true;
  } catch {
    return false;
  }
}

function parseTarget(x: Tensor, target: Target): { device: string; dtype: DType } {
  if (typeof target === 'string') {
    return isDTypeName(target)
      ? { device: x.device, dtype: resolveDType(target, 'to') }
      : { device: target, dtype: x.dtype };
  }
  return { device: target.device ?? x.device, dtype: resolveDType(target.dtype, 'to') ?? x.dtype };
}

/** Uploads host data as a new contiguous tensor on `device`. */
function upload(device: string, shape: readonly number[], dtype: DType, data: ArrayLike<number>): Tensor {
  const backend = getBackend(device);
  const out = newTensor(backend, shape, dtype);
  writeHost(backend, out, data as TypedArray);
  return out;
}

function moveSync(x: Tensor, device: string): Tensor {
  const source = x.storage.backend;
  if (!source.capabilities.syncRead) {
    throw new Error(
      `to(): moving a tensor off device '${x.device}' needs an asynchronous read; use \`await t.toAsync('${device}')\``,
    );
  }
  return upload(device, x.shape, x.dtype, source.readSync!(viewOf(x)));
}

/** Whether `x` must be cast to `dtype` on its own device before moving to `device`. */
function castsFirst(x: Tensor, device: string, dtype: DType): boolean {
  const target = getBackend(device).capabilities.dtypes;
  return !target.includes(x.dtype) && x.storage.backend.capabilities.dtypes.includes(dtype);
}

/**
 * PyTorch: `Tensor.to(device | dtype)`. Returns `x` itself when nothing changes. Moving and casting
 * at once casts on whichever device holds both dtypes, as PyTorch converts
 * (`x.to({ device: 'webgpu', dtype: 'float32' })` works for a float64 CPU tensor).
 */
export function to(x: Tensor, target: Target): Tensor {
  const { device, dtype } = parseTarget(x, target);
  if (device === x.device && dtype === x.dtype) return x;
  return dispatch('to', [x], { device, dtype }, (backend) => {
    if (device === x.device) return castTo(backend, x, dtype);
    // Cast where both dtypes live: on the target device unless it cannot hold the source dtype (a
    // float64 CPU tensor going to WebGPU as float32 is cast on the CPU, then uploaded).
    if (dtype !== x.dtype && castsFirst(x, device, dtype)) {
      const cast = castTo(backend, x, dtype);
      const moved = moveSync(cast, device);
      cast.dispose();
      return moved;
    }
    const moved = moveSync(x, device);
    if (dtype === moved.dtype) return moved;
    const cast = castTo(getBackend(device), moved, dtype);
    moved.dispose();
    return cast;
  });
}

/** {@link to} for any pair of devices: reads asynchronously when the source device must. */
export async function toAsync(x: Tensor, target: Target): Promise<Tensor> {
  const { device, dtype } = parseTarget(x, target);
  if (device === x.device || x.storage.backend.capabilities.syncRead) return to(x, target);
  await raiseDeviceErrors(x.device);
  if (dtype !== x.dtype && castsFirst(x, device, dtype)) {
    const cast = x.to(dtype);
    const moved = await toAsync(cast, device);
    cast.dispose();
    return moved;
  }
  const host = await x.storage.backend.read(viewOf(x));
  const moved = upload(device, x.shape, x.dtype, host);
  if (dtype === moved.dtype) return moved;
  const cast = moved.to(dtype);
  moved.dispose();
  return cast;
}

/** PyTorch: `Tensor.fill_`. */
export function fill_(self: Tensor, value: number | boolean): void {
  checkScalarFits('fill_', value, self.dtype);
  dispatch('fill_', [self], { value }, (backend) => {
    if (self.numel() > 0) backend.fill(viewOf(self), Number(value));
    bumpVersion(self);
    return self;
  });
}

/** PyTorch: `Tensor.copy_(src)`: broadcasts and casts `src` into `self`, across devices where possible. */
export function copy_(self: Tensor, src: Tensor): void {
  const shape = broadcastShapes(self.shape, src.shape);
  if (!shapesEqual(shape, self.shape)) {
    throw new RangeError(
      `copy_(): output with shape ${formatShape(self.shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
  const local = src.device === self.device ? src : moveSync(src, self.device);
  dispatch('copy_', [self, local], {}, (backend) => {
    checkIntCast(backend, local, self.dtype);
    if (self.numel() > 0) backend.copy(broadcastView(local, self.shape), viewOf(self));
    bumpVersion(self);
    return self;
  });
  if (local !== src) local.dispose();
}
