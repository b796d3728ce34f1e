/**
 * Reading and validating the safetensors header. The file layout: an 8-byte little-endian unsigned
 * header length N, N bytes of UTF-8 JSON (possibly padded with spaces), then the data buffer that the
 * header's `data_offsets` index into.
 * @see https://github.com/huggingface/safetensors#format
 */
import { dtypeBits, isSafetensorsDType, type SafetensorsDType, SafetensorsError } from './dtypes.js';

/**
 * One tensor's entry in the header. PyTorch itself has none: this is the format of the `safetensors` library,
 * whose `safetensors.torch` module PyTorch users call.
 */
export interface SafetensorsTensorInfo {
  /** The tensor's name, a state-dict key such as `fc1.weight` (PyTorch: the key of `state_dict()`). */
  name: string;
  /** The safetensors dtype code (PyTorch: the tensor's `dtype`). */
  dtype: SafetensorsDType;
  /** The tensor's shape (PyTorch: `shape`). */
  shape: number[];
  /**
   * Byte range `[begin, end)` relative to the start of the data buffer (the format's `data_offsets`; PyTorch:
   * none).
   */
  dataOffsets: [number, number];
}

/**
 * The parsed header of a safetensors file. PyTorch itself has none: this is the format of the `safetensors`
 * library, whose `safetensors.torch` module PyTorch users call.
 */
export interface SafetensorsHeader {
  /**
   * N, the header's byte length as stored (including padding) (PyTorch: none; a field of the file format).
   */
  headerLength: number;
  /** Byte position of the data buffer in the file (`8 + N`) (PyTorch: none; a field of the file format). */
  dataStart: number;
  /**
   * The `__metadata__` string map, or `null` when the file has none (PyTorch side:
   * `safe_open(...).metadata()`).
   */
  metadata: Record<string, string> | null;
  /** Every tensor, in the order of its data in the buffer (PyTorch: none; the header's entries). */
  tensors: SafetensorsTensorInfo[];
}

/** The largest header accepted, as the reference implementation (100 MB). */
export const MAX_HEADER_LENGTH = 100_000_000;

const METADATA_KEY = '__metadata__';
const TENSOR_FIELDS = new Set(['dtype', 'shape', 'data_offsets']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The file contents as bytes (a Uint8Array, e.g. a Node Buffer, or an ArrayBuffer). */
export function asBytes(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw new TypeError('safetensors: expected the file contents as a Uint8Array or an ArrayBuffer');
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function parseTensorInfo(name: string, entry: unknown): SafetensorsTensorInfo {
  if (!isPlainObject(entry)) {
    throw new SafetensorsError(
      `header entry '${name}' must be an object with dtype, shape and data_offsets, got ${describe(entry)}`,
    );
  }
  for (const key of Object.keys(entry)) {
    if (!TENSOR_FIELDS.has(key)) {
      throw new SafetensorsError(
        `tensor '${name}' has an unknown header field '${key}' (expected dtype, shape and data_offsets)`,
      );
    }
  }
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== 'string') {
    throw new SafetensorsError(`tensor '${name}' has an invalid dtype: ${describe(dtype)}`);
  }
  if (!isSafetensorsDType(dtype)) {
    throw new SafetensorsError(
      `tensor '${name}' has unknown dtype '${dtype}', which is not a safetensors dtype`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    throw new SafetensorsError(
      `tensor '${name}' has an invalid shape: ${describe(shape)} (expected an array of non-negative integers)`,
    );
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    throw new SafetensorsError(
      `tensor '${name}' has invalid data_offsets: ${describe(offsets)} (expected [begin, end], non-negative integers)`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) {
    throw new SafetensorsError(
      `tensor '${name}' has data_offsets [${begin}, ${end}] that end before they begin`,
    );
  }
  let elements = 1;
  for (const s of shape) elements *= s;
  const bits = elements * dtypeBits(dtype);
  if (!Number.isSafeInteger(bits)) {
    throw new SafetensorsError(`tensor '${name}' has a shape too large to address: [${shape.join(', ')}]`);
  }
  if (bits % 8 !== 0) {
    throw new SafetensorsError(
      `tensor '${name}' has ${elements} elements of ${dtype}, which do not fill a whole number of bytes`,
    );
  }
  if (end - begin !== bits / 8) {
    throw new SafetensorsError(
      `tensor '${name}' has shape [${shape.join(', ')}] and dtype ${dtype}, which take ${bits / 8} bytes, but its data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  }
  return { name, dtype, shape: [...shape], dataOffsets: [begin, end] };
}

function parseMetadata(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) {
    throw new SafetensorsError(`__metadata__ must be an object of strings, got ${describe(value)}`);
  }
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw new SafetensorsError(`__metadata__ value '${key}' must be a string, got ${describe(v)}`);
    }
    Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The deepest nesting of objects and arrays a header may have. A valid header nests 3 deep (the
 * header, a tensor's entry, its shape); the cap refuses deeper text before `JSON.parse` (and the
 * checks after it) recurse into it.
 */
export const MAX_HEADER_DEPTH = 64;

/** Whether the JSON-like `text` nests objects and arrays deeper than `limit` (strings skipped). */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

/** The first key that occurs twice in one object of the valid JSON `text`, or null. */
function repeatedKey(text: string): string | null {
  const open: (Set<string> | null)[] = []; // the keys seen in each open object; null for arrays
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (expectKey) {
        const key: string = JSON.parse(text.slice(i, end + 1));
        const seen = open[open.length - 1]!;
        if (seen.has(key)) return key;
        seen.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      open.push(null);
      expectKey = false;
    } else if (c === '}' || c === ']') {
      open.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = open[open.length - 1] instanceof Set;
    }
  }
  return null;
}

/**
 * Parses and validates the header of a whole safetensors file (PyTorch side: `safe_open(...).keys()`
 * and `.metadata()`). Checks everything the reference implementation checks, with a message naming the
 * problem: the header length against the file, UTF-8 and JSON, each entry's dtype/shape/data_offsets,
 * that each tensor's byte range matches its shape and dtype, and that the tensors cover the data buffer
 * exactly (no overlaps, no holes, nothing past the end). Unknown dtype codes fail; dtypes typetorch
 * cannot load are accepted here (`deserialize` refuses them).
 */
export function parseHeader(file: Uint8Array | ArrayBuffer): SafetensorsHeader {
  const bytes = asBytes(file);
  return parseHeaderPrefix(bytes, bytes.length);
}

/**
 * {@link parseHeader} for a file of `fileLength` bytes of which `bytes` holds the beginning: at least
 * `min(fileLength, 8 + N)` bytes, where N is the header length (so a reader can fetch the header alone).
 */
export function parseHeaderPrefix(bytes: Uint8Array, fileLength: number): SafetensorsHeader {
  if (fileLength < 8) {
    throw new SafetensorsError(
      `file is ${fileLength} bytes long, too short for the 8-byte header length that starts every safetensors file`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(fileLength - 8)) {
    throw new SafetensorsError(
      `header length ${n} is larger than the ${fileLength - 8} bytes that follow it: the file is truncated or not a safetensors file`,
    );
  }
  const headerLength = Number(n);
  if (headerLength > MAX_HEADER_LENGTH) {
    throw new SafetensorsError(
      `header length ${headerLength} is larger than the ${MAX_HEADER_LENGTH} bytes a header may have`,
    );
  }
  const dataStart = 8 + headerLength;
  if (bytes.length < dataStart) {
    throw new RangeError(`safetensors: parseHeaderPrefix needs the first ${dataStart} bytes of the file`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, dataStart));
  } catch (cause) {
    throw new SafetensorsError('header is not valid UTF-8', { cause });
  }
  if (!text.startsWith('{')) {
    throw new SafetensorsError(
      `header must be a JSON object starting with '{', got ${describe(text.slice(0, 20))}${headerLength === 0 ? ' (empty header)' : ''}`,
    );
  }
  if (nestsDeeperThan(text, MAX_HEADER_DEPTH)) {
    throw new SafetensorsError(
      `header nests objects and arrays more than ${MAX_HEADER_DEPTH} deep (a valid header nests 3 deep)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SafetensorsError(`header is not valid JSON (${(cause as Error).message})`, { cause });
  }
  if (!isPlainObject(json)) {
    throw new SafetensorsError('header must be a JSON object');
  }

  // JSON.parse keeps the last of repeated keys; a file that names a tensor twice is ambiguous.
  const repeated = repeatedKey(text);
  if (repeated !== null) {
    throw new SafetensorsError(`header repeats the key ${JSON.stringify(repeated)} within one object`);
  }

  let metadata: Record<string, string> | null = null;
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, entry] of Object.entries(json)) {
    if (name === METADATA_KEY) metadata = parseMetadata(entry);
    else tensors.push(parseTensorInfo(name, entry));
  }

  // The tensors must tile the data buffer: sorted by offsets, each begins where the previous ended.
  const bufferLength = fileLength - dataStart;
  for (const t of tensors) {
    if (t.dataOffsets[1] > bufferLength) {
      throw new SafetensorsError(
        `tensor '${t.name}' has data_offsets [${t.dataOffsets.join(', ')}] past the end of the ${bufferLength}-byte data buffer: the file is truncated or the header is wrong`,
      );
    }
  }
  tensors.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let covered = 0;
  let previous: SafetensorsTensorInfo | null = null;
  for (const t of tensors) {
    const [begin, end] = t.dataOffsets;
    if (begin < covered) {
      throw new SafetensorsError(
        `tensors '${previous!.name}' [${previous!.dataOffsets.join(', ')}] and '${t.name}' [${begin}, ${end}] overlap in the data buffer`,
      );
    }
    if (begin > covered) {
      throw new SafetensorsError(
        `bytes ${covered}..${begin} of the data buffer belong to no tensor (a hole before '${t.name}'); the format requires the tensors to cover the buffer exactly`,
      );
    }
    covered = end;
    previous = t;
  }
  if (covered !== bufferLength) {
    throw new SafetensorsError(
      `bytes ${covered}..${bufferLength} at the end of the data buffer belong to no tensor; the format requires the tensors to cover the buffer exactly`,
    );
  }
  return { headerLength, dataStart, metadata, tensors };
}
