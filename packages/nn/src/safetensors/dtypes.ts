/**
 * The safetensors dtype codes, their sizes, the order the reference writer sorts them in, and the
 * conversions typetorch applies when loading (F16/BF16 decoding, range-checked I64).
 */
import { type DType, fromHalfBits, toHalfBits } from '@typetorch/tensor';

/**
 * Every dtype code of the safetensors format, in the order of the reference implementation's `Dtype` enum
 * (increasing alignment). Its writer puts tensors of later codes first. PyTorch itself has none: this is the
 * format of the `safetensors` library, whose `safetensors.torch` module PyTorch users call.
 */
export const SAFETENSORS_DTYPES = [
  'BOOL',
  'F4',
  'F6_E2M3',
  'F6_E3M2',
  'U8',
  'I8',
  'F8_E5M2',
  'F8_E4M3',
  'F8_E8M0',
  'F8_E4M3FNUZ',
  'F8_E5M2FNUZ',
  'I16',
  'U16',
  'F16',
  'BF16',
  'I32',
  'U32',
  'F32',
  'C64',
  'F64',
  'I64',
  'U64',
] as const;

/**
 * A dtype code of the safetensors format (`'F32'`, `'BF16'`, ...). PyTorch itself has none: this is the
 * format of the `safetensors` library, whose `safetensors.torch` module PyTorch users call.
 */
export type SafetensorsDType = (typeof SAFETENSORS_DTYPES)[number];

const BITS: Record<SafetensorsDType, number> = {
  BOOL: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  F8_E4M3FNUZ: 8,
  F8_E5M2FNUZ: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  C64: 64,
  F64: 64,
  I64: 64,
  U64: 64,
};

export function isSafetensorsDType(value: string): value is SafetensorsDType {
  return Object.hasOwn(BITS, value);
}

/** Size of one element in bits (4 and 6 for the packed float formats). */
export function dtypeBits(dtype: SafetensorsDType): number {
  return BITS[dtype];
}

/** Position in the reference writer's order; larger sorts first. */
export function dtypeRank(dtype: SafetensorsDType): number {
  return SAFETENSORS_DTYPES.indexOf(dtype);
}

/** The typetorch dtype each loadable safetensors dtype becomes. Absent: typetorch cannot load it. */
export const LOADED_AS: Partial<Record<SafetensorsDType, DType>> = {
  F64: 'float64',
  F32: 'float32',
  F16: 'float16',
  BF16: 'float32',
  I64: 'int64',
  I32: 'int32',
  I16: 'int32',
  U16: 'int32',
  I8: 'int32',
  U8: 'int32',
  BOOL: 'bool',
};

/** The safetensors dtype typetorch writes for each of its dtypes. */
export const WRITTEN_AS: Record<DType, SafetensorsDType> = {
  float64: 'F64',
  float32: 'F32',
  float16: 'F16',
  int32: 'I32',
  int64: 'I64',
  bool: 'BOOL',
};

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Thrown for every malformed or unloadable safetensors input; messages start with `safetensors: `. PyTorch
 * itself has none: this is the format of the `safetensors` library, whose `safetensors.torch` module PyTorch
 * users call, whose errors are `SafetensorError`.
 */
export class SafetensorsError extends Error {
  /** Prefixes `message` with `safetensors: `; `cause` is kept as the standard error cause (PyTorch: none). */
  constructor(message: string, options?: { cause?: unknown }) {
    super(`safetensors: ${message}`, options);
    this.name = 'SafetensorsError';
  }
}

/** A copy of bytes `[begin, end)` in a new buffer (not `slice`: a Node Buffer's `slice` is a view). */
function copyOf(bytes: Uint8Array, begin: number, end: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(end - begin);
  out.set(bytes.subarray(begin, end));
  return out;
}

/**
 * A contiguous copy of `count` elements of `bytesPerElement` bytes each, starting at byte `begin`,
 * as an aligned buffer in host byte order (the file is little-endian).
 */
function hostOrderCopy(
  bytes: Uint8Array,
  begin: number,
  count: number,
  bytesPerElement: number,
): ArrayBuffer {
  const copy = copyOf(bytes, begin, begin + count * bytesPerElement);
  if (!HOST_IS_LITTLE_ENDIAN && bytesPerElement > 1) {
    for (let i = 0; i < copy.length; i += bytesPerElement) copy.subarray(i, i + bytesPerElement).reverse();
  }
  return copy.buffer;
}

/** Little-endian bytes of a typed array (a view when the host is little-endian). */
export function littleEndianBytes(
  values: Float32Array | Float64Array | Int32Array | Uint16Array | Uint8Array,
): Uint8Array {
  const view = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (HOST_IS_LITTLE_ENDIAN || values.BYTES_PER_ELEMENT === 1) return view;
  const copy = copyOf(view, 0, view.length);
  const n = values.BYTES_PER_ELEMENT;
  for (let i = 0; i < copy.length; i += n) copy.subarray(i, i + n).reverse();
  return copy;
}

/**
 * Decodes `count` elements of `dtype` at byte `begin` of `bytes` into the typed array of the dtype
 * typetorch loads it as. `name` is for error messages.
 */
export function decode(
  name: string,
  dtype: SafetensorsDType,
  bytes: Uint8Array,
  begin: number,
  count: number,
): Float32Array | Float64Array | Int32Array | Uint8Array {
  switch (dtype) {
    case 'F64':
      return new Float64Array(hostOrderCopy(bytes, begin, count, 8));
    case 'F32':
      return new Float32Array(hostOrderCopy(bytes, begin, count, 4));
    case 'I32':
      return new Int32Array(hostOrderCopy(bytes, begin, count, 4));
    case 'F16':
      // float16's host form: the half values, exactly, in a Float32Array.
      return fromHalfBits(new Uint16Array(hostOrderCopy(bytes, begin, count, 2)));
    case 'BF16': {
      // bfloat16 is the upper half of a float32.
      const halves = new Uint16Array(hostOrderCopy(bytes, begin, count, 2));
      const bits = new Uint32Array(count);
      for (let i = 0; i < count; i++) bits[i] = halves[i] << 16;
      return new Float32Array(bits.buffer);
    }
    case 'I64': {
      const words = new Int32Array(hostOrderCopy(bytes, begin, count, 8));
      const out = new Int32Array(count);
      // Little-endian halves: low word first; the value fits int32 iff the high word is the low word's sign.
      const lo = HOST_IS_LITTLE_ENDIAN ? 0 : 1;
      for (let i = 0; i < count; i++) {
        const low = words[2 * i + lo];
        const high = words[2 * i + 1 - lo];
        if (high !== low >> 31) {
          const value = (BigInt(high) << 32n) | BigInt(low >>> 0);
          throw new SafetensorsError(
            `tensor '${name}' (I64) holds ${value} at element ${i}, outside the range typetorch stores int64 in (32 bits: -2147483648..2147483647)`,
          );
        }
        out[i] = low;
      }
      return out;
    }
    case 'I16':
      return Int32Array.from(new Int16Array(hostOrderCopy(bytes, begin, count, 2)));
    case 'U16':
      return Int32Array.from(new Uint16Array(hostOrderCopy(bytes, begin, count, 2)));
    case 'I8':
      return Int32Array.from(new Int8Array(hostOrderCopy(bytes, begin, count, 1)));
    case 'U8':
      return Int32Array.from(bytes.subarray(begin, begin + count));
    case 'BOOL': {
      const out = copyOf(bytes, begin, begin + count);
      for (let i = 0; i < count; i++) {
        if (out[i] > 1) {
          throw new SafetensorsError(
            `tensor '${name}' (BOOL) holds byte ${out[i]} at element ${i}; BOOL elements must be 0 or 1`,
          );
        }
      }
      return out;
    }
    default:
      throw cannotLoad(name, dtype);
  }
}

export function cannotLoad(name: string, dtype: string): SafetensorsError {
  return new SafetensorsError(
    `tensor '${name}' has dtype ${dtype}, which typetorch cannot load (it loads F64, F32, F16, BF16, I64, I32, I16, U16, I8, U8 and BOOL)`,
  );
}

/**
 * The file bytes of a tensor's host values (`await t.data()`): float16 values (half-representable
 * float32s) back to their F16 bit patterns, bit-exact; other dtypes as they are.
 */
export function fileBytes(
  dtype: DType,
  values: Float32Array | Float64Array | Int32Array | Uint8Array,
): Uint8Array {
  if (dtype === 'int64') return littleEndianBytes(signExtended(values as Int32Array));
  return littleEndianBytes(dtype === 'float16' ? toHalfBits(values) : values);
}

/** int64's 32-bit host form widened to the 8 bytes per element the file holds (low word first). */
function signExtended(values: Int32Array): Int32Array {
  const out = new Int32Array(values.length * 2);
  const lo = HOST_IS_LITTLE_ENDIAN ? 0 : 1;
  for (let i = 0; i < values.length; i++) {
    out[2 * i + lo] = values[i];
    out[2 * i + 1 - lo] = values[i] >> 31;
  }
  return out;
}
