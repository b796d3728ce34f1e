/** Loading safetensors files into typetorch tensors. */
import { getBackend, getDefaultDevice, numelOf, type Tensor, tensor } from '@typetorch/tensor';
import type { StateDict } from '../module.js';
import { cannotLoad, decode, LOADED_AS } from './dtypes.js';
import { asBytes, parseHeader, type SafetensorsHeader, type SafetensorsTensorInfo } from './header.js';

/**
 * Options of {@link deserialize} (PyTorch itself has none: this is the format of the `safetensors` library,
 * whose `safetensors.torch` module PyTorch users call: `safetensors.torch.load`).
 */
export interface DeserializeOptions {
  /**
   * Device of the loaded tensors (default: the default device). PyTorch side: `device` of
   * `safetensors.torch.load_file`.
   */
  device?: string;
  /**
   * Which tensors to load (default: all). Tensors left out are not decoded, so a file with dtypes typetorch
   * cannot load can still be read in part, by asking for the loadable ones explicitly. PyTorch has none
   * (`safe_open` reads tensors one by one).
   */
  filter?: (info: SafetensorsTensorInfo) => boolean;
}

/** The tensors of `header` that `options.filter` selects; throws if typetorch cannot load one of them. */
export function selectTensors(
  header: SafetensorsHeader,
  options: DeserializeOptions,
): SafetensorsTensorInfo[] {
  const wanted = options.filter ? header.tensors.filter(options.filter) : header.tensors;
  for (const info of wanted) {
    if (LOADED_AS[info.dtype] === undefined) throw cannotLoad(info.name, info.dtype);
  }
  return wanted;
}

/** Decodes one tensor whose data starts at byte `begin` of `bytes` (host side; nothing allocated on a device). */
export function decodeTensor(info: SafetensorsTensorInfo, bytes: Uint8Array, begin: number) {
  const count = numelOf(info.shape);
  return decode(info.name, info.dtype, bytes, begin, count);
}

/** A device tensor of `info`'s shape holding decoded values. */
export function createTensor(
  info: SafetensorsTensorInfo,
  values: ReturnType<typeof decodeTensor>,
  device: string | undefined,
): Tensor {
  let dtype = LOADED_AS[info.dtype];
  // F16 on a device without float16 (WebGPU without the option) loads as float32: the same values.
  if (dtype === 'float16' && !getBackend(device ?? getDefaultDevice()).capabilities.dtypes.includes(dtype)) {
    dtype = 'float32';
  }
  const flat = tensor(values, { dtype, device });
  const shaped = flat.reshape(info.shape);
  if (shaped !== flat) flat.dispose();
  return shaped;
}

/** Adds an entry; defineProperty so that a tensor named '__proto__' stays an entry. */
export function setEntry(dict: StateDict, name: string, value: Tensor): void {
  Object.defineProperty(dict, name, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Loads the tensors of a safetensors file (PyTorch side: `safetensors.torch.load(bytes)`), keyed by
 * name, in the order of their data in the file. F64, F32, F16, I32 and BOOL load as float64, float32,
 * float16, int32 and bool (F16 as float32 on a device without float16, with the same values); BF16
 * becomes float32 (exactly); I16, U16, I8 and U8 become int32; I64 becomes int64 (stored in 32 bits)
 * when every value fits. Any other dtype, an I64 value out of the int32 range, or a malformed file
 * throws a {@link SafetensorsError} naming the problem, before any tensor is created: it never returns
 * part of a file.
 */
export function deserialize(file: Uint8Array | ArrayBuffer, options: DeserializeOptions = {}): StateDict {
  const bytes = asBytes(file);
  const header = parseHeader(bytes);
  const wanted = selectTensors(header, options);
  // Decode everything on the host first: a value that does not convert fails before any allocation.
  const decoded = wanted.map((info) => decodeTensor(info, bytes, header.dataStart + info.dataOffsets[0]));
  const out: StateDict = {};
  const created: Tensor[] = [];
  try {
    wanted.forEach((info, i) => {
      const t = createTensor(info, decoded[i], options.device);
      created.push(t);
      setEntry(out, info.name, t);
    });
  } catch (err) {
    for (const t of created) t.dispose();
    throw err;
  }
  return out;
}
