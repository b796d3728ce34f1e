/** Writing state dicts in the safetensors format, byte for byte as the reference implementation does. */
import { Tensor } from '@typetorch/tensor';
import type { StateDict } from '../module.js';
import {
  dtypeBits,
  dtypeRank,
  fileBytes,
  type SafetensorsDType,
  SafetensorsError,
  WRITTEN_AS,
} from './dtypes.js';

/**
 * `__metadata__`: free-form string pairs stored in the header (e.g. `{ format: 'pt' }`) (PyTorch side: the
 * `metadata` argument of `safetensors.torch.save`).
 */
export type SafetensorsMetadata = Record<string, string>;

/** One tensor as it will be written. */
export interface PlannedTensor {
  name: string;
  tensor: Tensor;
  dtype: SafetensorsDType;
  byteLength: number;
}

/** Everything about a file except the tensor data: the 8-byte length and header, and the data layout. */
export interface SerializationPlan {
  /** The first `8 + N` bytes of the file. */
  head: Uint8Array;
  /** Tensors in the order of their data. */
  tensors: PlannedTensor[];
  /** Size of the whole file. */
  byteLength: number;
}

const LONE_SURROGATE = /\p{Surrogate}/u;

function checkText(what: string, text: unknown): asserts text is string {
  if (typeof text !== 'string')
    throw new TypeError(`safetensors: ${what} must be a string, got ${typeof text}`);
  if (LONE_SURROGATE.test(text)) {
    throw new TypeError(`safetensors: ${what} ${JSON.stringify(text)} is not valid Unicode (lone surrogate)`);
  }
}

/** Order of the UTF-8 bytes (that is, of code points), which is how the reference writer sorts names. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogate pairs encode code points above U+FFFF: move them above U+E000..U+FFFF.
      const fx = x >= 0xd800 && x <= 0xdfff ? x + 0x2000 : x >= 0xe000 ? x - 0x800 : x;
      const fy = y >= 0xd800 && y <= 0xdfff ? y + 0x2000 : y >= 0xe000 ? y - 0x800 : y;
      return fx - fy;
    }
  }
  return a.length - b.length;
}

/**
 * Lays out a file for `stateDict` without reading any tensor data. As the reference implementation:
 * tensors sorted by dtype alignment (F64, F32, I32, F16, BOOL) and then by name, header JSON compact with
 * `__metadata__` first, padded with spaces to a multiple of 8 bytes so that the data buffer is aligned.
 */
export function planSerialization(
  stateDict: StateDict,
  metadata?: SafetensorsMetadata | null,
): SerializationPlan {
  if (typeof stateDict !== 'object' || stateDict === null) {
    throw new TypeError('safetensors: expected a state dict (an object of tensors by name)');
  }
  const tensors: PlannedTensor[] = [];
  for (const [name, tensor] of Object.entries(stateDict)) {
    checkText('tensor name', name);
    if (name === '__metadata__') {
      throw new TypeError(
        "safetensors: '__metadata__' is reserved for the header's metadata and cannot name a tensor",
      );
    }
    if (!(tensor instanceof Tensor)) {
      throw new TypeError(`safetensors: state dict entry '${name}' is not a Tensor`);
    }
    if (tensor.isDisposed) throw new SafetensorsError(`tensor '${name}' was already disposed`);
    const dtype = WRITTEN_AS[tensor.dtype];
    // The file's element size, not the device's: int64 is stored in 32 bits but written as I64.
    tensors.push({ name, tensor, dtype, byteLength: (tensor.numel() * dtypeBits(dtype)) / 8 });
  }
  tensors.sort((a, b) => dtypeRank(b.dtype) - dtypeRank(a.dtype) || compareUtf8(a.name, b.name));

  const fields: string[] = [];
  if (metadata !== undefined && metadata !== null) {
    const pairs = Object.entries(metadata).map(([key, value]) => {
      checkText('metadata key', key);
      checkText(`metadata value of '${key}'`, value);
      return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    });
    fields.push(`"__metadata__":{${pairs.join(',')}}`);
  }
  let offset = 0;
  for (const t of tensors) {
    const shape = t.tensor.shape.join(',');
    const end = offset + t.byteLength;
    fields.push(
      `${JSON.stringify(t.name)}:{"dtype":"${t.dtype}","shape":[${shape}],"data_offsets":[${offset},${end}]}`,
    );
    offset = end;
  }
  const json = new TextEncoder().encode(`{${fields.join(',')}}`);
  const padded = json.length + ((8 - (json.length % 8)) % 8);
  const head = new Uint8Array(8 + padded).fill(0x20, 8 + json.length);
  new DataView(head.buffer).setBigUint64(0, BigInt(padded), true);
  head.set(json, 8);
  return { head, tensors, byteLength: head.length + offset };
}

/** Reads one planned tensor's data (`await t.data()`, so asynchronous devices work) as file bytes. */
export async function tensorBytes(planned: PlannedTensor): Promise<Uint8Array> {
  let values: Awaited<ReturnType<Tensor['data']>>;
  try {
    values = await planned.tensor.data();
  } catch (cause) {
    throw new SafetensorsError(
      `could not read tensor '${planned.name}': ${(cause as Error)?.message ?? cause}`,
      {
        cause,
      },
    );
  }
  const bytes = fileBytes(planned.tensor.dtype, values);
  if (bytes.length !== planned.byteLength) {
    throw new SafetensorsError(
      `tensor '${planned.name}' read back ${bytes.length} bytes, expected ${planned.byteLength}`,
    );
  }
  return bytes;
}

/**
 * Serializes a state dict to the bytes of a safetensors file (PyTorch side:
 * `safetensors.torch.save(state_dict, metadata)`). Writes float32 as F32, float64 as F64, float16 as
 * F16 (bit-exact), int32 as I32 and bool as BOOL. Tensors are read with `await t.data()`, so this works on asynchronous devices.
 * The output is what the reference implementation writes for the same tensors and metadata.
 */
export async function serialize(
  stateDict: StateDict,
  metadata?: SafetensorsMetadata | null,
): Promise<Uint8Array> {
  const plan = planSerialization(stateDict, metadata);
  const out = new Uint8Array(plan.byteLength);
  out.set(plan.head, 0);
  let position = plan.head.length;
  for (const planned of plan.tensors) {
    out.set(await tensorBytes(planned), position);
    position += planned.byteLength;
  }
  return out;
}
