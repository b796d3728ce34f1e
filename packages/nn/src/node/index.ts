/// <reference types="node" />
/**
 * `@typetorch/nn/node`: safetensors checkpoints on disk, for Node. Browsers use the byte-level API of
 * `@typetorch/nn` (`serialize`, `deserialize`, `toBytes`, `loadBytes`).
 *
 * @module @typetorch/nn/node
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor } from '@typetorch/tensor';
import { type LoadResult, Module, type StateDict } from '../module.js';
import {
  createTensor,
  type DeserializeOptions,
  decodeTensor,
  selectTensors,
  setEntry,
} from '../safetensors/deserialize.js';
import { SafetensorsError } from '../safetensors/dtypes.js';
import { MAX_HEADER_LENGTH, parseHeaderPrefix } from '../safetensors/header.js';
import { planSerialization, type SafetensorsMetadata, tensorBytes } from '../safetensors/serialize.js';
import { trackTempFile, untrackTempFile } from './temp-files.js';

/**
 * A file path, or a `file:` URL such as `new URL('./model.safetensors', import.meta.url)` (PyTorch side: the
 * `filename` of `safetensors.torch.save_file`).
 */
export type PathLike = string | URL;

function toPath(path: PathLike): string {
  return typeof path === 'string' ? path : fileURLToPath(path);
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(out, done, length - done, position + done);
    if (bytesRead === 0)
      throw new SafetensorsError('the file ended early (was it changed while being read?)');
    done += bytesRead;
  }
  return out;
}

/** Adds the path to a SafetensorsError's message. */
function withPath(err: unknown, path: string): unknown {
  if (!(err instanceof SafetensorsError)) return err;
  return new SafetensorsError(`${path}: ${err.message.replace(/^safetensors: /, '')}`, { cause: err });
}

/**
 * Saves a state dict, or a module's `stateDict()`, as a safetensors file (PyTorch side:
 * `safetensors.torch.save_file(state_dict, path, metadata)`; `load_file` reads it back).
 *
 * The write is atomic: data goes to a temporary file in the same directory (`.NAME.RANDOM.tmp`), which
 * is flushed to disk and then renamed over `path`. If anything fails (a tensor read rejects, the disk
 * is full, the process exits or gets SIGINT/SIGTERM/SIGHUP), the temporary file is removed and `path`
 * keeps its previous contents, if any. Tensors are read one at a time with `await t.data()`, so memory
 * holds one tensor's bytes beyond the model.
 */
export async function save(
  source: StateDict | Module,
  path: PathLike,
  metadata?: SafetensorsMetadata | null,
): Promise<void> {
  const target = toPath(path);
  const stateDict = source instanceof Module ? source.stateDict() : source;
  try {
    // Everything that can be checked without the data is checked before a file is created.
    const plan = planSerialization(stateDict, metadata);
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    trackTempFile(temp); // removed even if the process exits or is killed by a signal meanwhile
    let handle: FileHandle;
    try {
      handle = await open(temp, 'wx');
    } catch (err) {
      untrackTempFile(temp);
      throw err;
    }
    let closed = false;
    let renamed = false;
    try {
      await writeAll(handle, plan.head);
      for (const planned of plan.tensors) await writeAll(handle, await tensorBytes(planned));
      await handle.sync();
      closed = true;
      await handle.close();
      await rename(temp, target);
      renamed = true;
    } finally {
      if (!closed) await handle.close().catch(() => {});
      if (!renamed) await unlink(temp).catch(() => {});
      untrackTempFile(temp);
    }
    // Make the rename itself durable (not possible on every platform; best effort).
    try {
      const dir = await open(dirname(target), 'r');
      await dir.sync().finally(() => dir.close());
    } catch {}
  } finally {
    if (source instanceof Module) for (const t of Object.values(stateDict)) t.dispose();
  }
}

/**
 * Loads a safetensors file into a state dict (PyTorch side: `safetensors.torch.load_file(path)`),
 * with the conversions and checks of `deserialize`. The header is validated before any data is read;
 * tensors are then read one at a time. Errors name the file; nothing is returned in part.
 */
export async function load(path: PathLike, options: DeserializeOptions = {}): Promise<StateDict> {
  const file = toPath(path);
  const handle = await open(file, 'r');
  const created: Tensor[] = [];
  try {
    const { size } = await handle.stat();
    const lengthBytes = await readAt(handle, 0, Math.min(size, 8));
    let header = null;
    if (size >= 8) {
      const n = new DataView(lengthBytes.buffer).getBigUint64(0, true);
      if (n <= BigInt(size - 8) && n <= BigInt(MAX_HEADER_LENGTH)) {
        header = parseHeaderPrefix(await readAt(handle, 0, 8 + Number(n)), size);
      }
    }
    // Otherwise this throws the error for a too short file or a bad header length.
    header ??= parseHeaderPrefix(lengthBytes, size);
    const wanted = selectTensors(header, options);
    const out: StateDict = {};
    for (const info of wanted) {
      const [begin, end] = info.dataOffsets;
      const bytes = await readAt(handle, header.dataStart + begin, end - begin);
      const t = createTensor(info, decodeTensor(info, bytes, 0), options.device);
      created.push(t);
      setEntry(out, info.name, t);
    }
    return out;
  } catch (err) {
    for (const t of created) t.dispose();
    throw withPath(err, file);
  } finally {
    await handle.close();
  }
}

/**
 * Options of {@link loadInto} (PyTorch side: the arguments of `safetensors.torch.load_model(model, filename,
 * strict=True, device='cpu')`).
 */
export interface LoadIntoOptions {
  /** Missing or unexpected keys fail (default true), as `Module.loadStateDict` (PyTorch: `strict`). */
  strict?: boolean;
  /**
   * Device the file is decoded on before copying into the module (default: the default device) (PyTorch side:
   * `device`).
   */
  device?: string;
}

/**
 * Loads a safetensors file into `module` (PyTorch side: `safetensors.torch.load_model(model, path)`,
 * or `model.load_state_dict(load_file(path))`). The file is read and validated completely before
 * anything is copied into the module.
 */
export async function loadInto(
  module: Module,
  path: PathLike,
  options: LoadIntoOptions = {},
): Promise<LoadResult> {
  const stateDict = await load(path, { device: options.device });
  try {
    return module.loadStateDict(stateDict, { strict: options.strict });
  } finally {
    for (const t of Object.values(stateDict)) t.dispose();
  }
}
