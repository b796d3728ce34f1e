/**
 * Merging a list of items into a batch (PyTorch: `torch.utils.data.default_collate`).
 */
import { dtypeOfTypedArray, scope, stack, Tensor, type TypedArray, tensor } from '@typetorch/tensor';

/**
 * The batch {@link defaultCollate} makes of items of type `T`: tensors, numbers and booleans become
 * tensors with a new leading batch dim, strings become arrays of strings, and arrays, tuples, Maps and
 * plain objects keep their structure with each field collated (PyTorch: what
 * `torch.utils.data.default_collate` returns).
 */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean
    ? Tensor
    : T extends string
      ? string[]
      : T extends TypedArray
        ? Tensor
        : T extends ReadonlyMap<infer K, infer V>
          ? Map<K, Collated<V>>
          : T extends readonly unknown[]
            ? { -readonly [K in keyof T]: Collated<T[K]> }
            : T extends object
              ? { -readonly [K in keyof T]: Collated<T[K]> }
              : never;

type Kind = 'tensor' | 'number' | 'boolean' | 'string' | 'typed' | 'array' | 'map' | 'object';

function kindOf(value: unknown): Kind | undefined {
  if (value instanceof Tensor) return 'tensor';
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'object':
      if (value === null) return undefined;
      if (Array.isArray(value)) return 'array';
      if (ArrayBuffer.isView(value)) return 'typed';
      if (value instanceof Map) return 'map';
      if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
        return 'object';
      return undefined;
    default:
      return undefined;
  }
}

const KIND_NAMES: Record<Kind, string> = {
  tensor: 'a tensor',
  number: 'a number',
  boolean: 'a boolean',
  string: 'a string',
  typed: 'a typed array',
  array: 'an array',
  map: 'a Map',
  object: 'an object',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

function at(path: string): string {
  return path === '' ? '' : ` (at item${path})`;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function collate(batch: readonly unknown[], path: string): unknown {
  const elem = batch[0];
  const kind = kindOf(elem);
  if (kind === undefined) {
    throw new TypeError(
      `default_collate: batch must contain tensors, numbers, booleans, strings, typed arrays, arrays, Maps or plain objects; found ${describe(elem)}${at(path)}`,
    );
  }
  for (let i = 1; i < batch.length; i++) {
    const k = kindOf(batch[i]);
    if (k !== kind) {
      throw new TypeError(
        `default_collate: batch element ${i} is ${k === undefined ? describe(batch[i]) : KIND_NAMES[k]} but element 0 is ${KIND_NAMES[kind]}${at(path)}`,
      );
    }
  }
  switch (kind) {
    case 'tensor':
      try {
        return stack(batch as Tensor[], 0);
      } catch (err) {
        throw new RangeError(
          `default_collate: cannot stack the tensors${at(path)}: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
    case 'number': {
      const values = batch as number[];
      const ints = values.every((v) => Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX);
      return tensor(values, { dtype: ints ? 'int64' : 'float32' });
    }
    case 'boolean':
      return tensor(batch as boolean[], { dtype: 'bool' });
    case 'string':
      return [...(batch as string[])];
    case 'typed':
      return collateTypedArrays(batch as ArrayBufferView[], path);
    case 'array': {
      const arrays = batch as unknown[][];
      const n = arrays[0].length;
      arrays.forEach((a, i) => {
        if (a.length !== n) {
          throw new RangeError(
            `default_collate: each element in list of batch should be of equal size, but element 0 has ${n} entries and element ${i} has ${a.length}${at(path)}`,
          );
        }
      });
      const out: unknown[] = new Array(n);
      for (let j = 0; j < n; j++) {
        out[j] = collate(
          arrays.map((a) => a[j]),
          `${path}[${j}]`,
        );
      }
      return out;
    }
    case 'map': {
      const maps = batch as ReadonlyMap<unknown, unknown>[];
      const out = new Map<unknown, unknown>();
      for (const key of maps[0].keys()) {
        const values = maps.map((m, i) => {
          if (!m.has(key))
            throw new RangeError(`default_collate: element ${i} has no key ${String(key)}${at(path)}`);
          return m.get(key);
        });
        out.set(key, collate(values, `${path}.get(${JSON.stringify(key) ?? String(key)})`));
      }
      return out;
    }
    case 'object': {
      const objects = batch as Record<string, unknown>[];
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(objects[0])) {
        const values = objects.map((o, i) => {
          if (!(key in o))
            throw new RangeError(`default_collate: element ${i} has no key '${key}'${at(path)}`);
          return o[key];
        });
        out[key] = collate(values, `${path}.${key}`);
      }
      return out;
    }
  }
}

function collateTypedArrays(arrays: readonly ArrayBufferView[], path: string): Tensor {
  const first = arrays[0] as TypedArray;
  const dtype = dtypeOfTypedArray(first);
  const n = first.length;
  const Ctor = first.constructor as { new (length: number): TypedArray };
  const flat = new Ctor(n * arrays.length);
  arrays.forEach((a, i) => {
    if (a.constructor !== first.constructor) {
      throw new TypeError(
        `default_collate: batch element ${i} is a ${a.constructor.name} but element 0 is a ${first.constructor.name}${at(path)}`,
      );
    }
    const t = a as TypedArray;
    if (t.length !== n) {
      throw new RangeError(
        `default_collate: cannot stack the typed arrays${at(path)}: element 0 has length ${n} and element ${i} has length ${t.length}`,
      );
    }
    flat.set(t, i * n);
  });
  const t = tensor(flat, { dtype });
  const out = t.view([arrays.length, n]);
  t.dispose();
  return out;
}

/**
 * Merges a list of items into a batch, as PyTorch's `default_collate`: tensors are stacked along a
 * new dim 0; numbers become a tensor (int32 when every value is an integer in int32 range, else
 * float32 — PyTorch makes int64 and float64); booleans a bool tensor; typed arrays a 2-D tensor of
 * their dtype; strings stay an array of strings; arrays, tuples, Maps and plain objects are collated
 * field by field (an array of tuples becomes a tuple of batched fields). Mismatched sizes, lengths,
 * keys or types throw, naming the place in the item.
 *
 * The items are left alone (the DataLoader disposes them after collating); on error nothing leaks.
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  if (batch.length === 0) throw new RangeError('default_collate: the batch is empty');
  return scope(() => collate(batch, '')) as Collated<T>;
}
