/** Reading tensor values back to JavaScript: async everywhere, sync where the backend can. */
import { raiseDeviceErrors } from './device-checks.js';
import type { TypedArray } from './dtype.js';
import { withTurn } from './memory/turn.js';
import { viewOf } from './ops/internal.js';
import type { Tensor } from './tensor.js';

type Nested = number | boolean | Nested[];

function checkAlive(t: Tensor, op: string): void {
  if (t.isDisposed) throw new Error(`${op}(): the tensor was already disposed`);
}

/**
 * Elements as a new contiguous typed array (bool as Uint8Array). Now and then it resolves after an
 * event loop turn, so that the memory manager hears of collected tensors (see `memory/turn.ts`).
 * Raises the errors of earlier ops that the device found (see `device-checks.ts`).
 */
export async function data(t: Tensor): Promise<TypedArray> {
  checkAlive(t, 'data');
  await raiseDeviceErrors(t.device);
  checkAlive(t, 'data');
  const { memory } = t.storage.record;
  return t.storage.backend.read(viewOf(t)).then((values) =>
    withTurn(values, memory.underPressure, () => {
      memory.bytesAtTurn = memory.bytes;
    }),
  );
}

export function dataSync(t: Tensor, op = 'dataSync'): TypedArray {
  checkAlive(t, op);
  const backend = t.storage.backend;
  if (!backend.capabilities.syncRead || backend.readSync === undefined) {
    throw new Error(
      `${op}() is not available on device '${t.device}': it reads asynchronously. Use the async form instead (await t.${op.replace('Sync', '')}()).`,
    );
  }
  return backend.readSync(viewOf(t));
}

/** Nests a flat typed array into arrays of `shape` (booleans for bool). */
export function nest(values: TypedArray, shape: readonly number[], isBool: boolean): Nested {
  const value = (i: number): number | boolean => (isBool ? values[i] !== 0 : values[i]);
  if (shape.length === 0) return value(0);
  let pos = 0;
  const build = (d: number): Nested[] => {
    const out: Nested[] = new Array(shape[d]);
    for (let i = 0; i < shape[d]; i++) out[i] = d === shape.length - 1 ? value(pos++) : build(d + 1);
    return out;
  };
  return build(0);
}

export async function toArray(t: Tensor): Promise<Nested> {
  return nest(await data(t), t.shape, t.dtype === 'bool');
}

export function toArraySync(t: Tensor): Nested {
  return nest(dataSync(t, 'toArraySync'), t.shape, t.dtype === 'bool');
}

function checkOne(t: Tensor): void {
  if (t.numel() !== 1) {
    throw new RangeError(`a Tensor with ${t.numel()} elements cannot be converted to Scalar`);
  }
}

export async function item(t: Tensor): Promise<number | boolean> {
  checkOne(t);
  const values = await data(t);
  return t.dtype === 'bool' ? values[0] !== 0 : values[0];
}

export function itemSync(t: Tensor): number | boolean {
  checkOne(t);
  const values = dataSync(t, 'itemSync');
  return t.dtype === 'bool' ? values[0] !== 0 : values[0];
}
