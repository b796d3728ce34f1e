/** Module-level convenience: a module's state dict to and from safetensors bytes (works in browsers). */
import type { LoadResult, Module } from '../module.js';
import { deserialize } from './deserialize.js';
import { type SafetensorsMetadata, serialize } from './serialize.js';

/**
 * The safetensors bytes of `module.stateDict()` (parameters and persistent buffers), e.g. for a
 * download or IndexedDB (PyTorch side: `safetensors.torch.save(model.state_dict())`).
 */
export async function toBytes(module: Module, metadata?: SafetensorsMetadata | null): Promise<Uint8Array> {
  const stateDict = module.stateDict();
  try {
    return await serialize(stateDict, metadata);
  } finally {
    for (const t of Object.values(stateDict)) t.dispose();
  }
}

/** Options of {@link loadBytes} (PyTorch side: the arguments of `safetensors.torch.load_model`). */
export interface LoadBytesOptions {
  /** Missing or unexpected keys fail (default true), as `Module.loadStateDict` (PyTorch: `strict`). */
  strict?: boolean;
  /**
   * Device the file is decoded on before copying into the module (default: the default device) (PyTorch side:
   * `device`).
   */
  device?: string;
}

/**
 * Loads safetensors bytes into `module` through `Module.loadStateDict` (PyTorch side:
 * `model.load_state_dict(safetensors.torch.load(data))`); values are cast to the module's dtypes and
 * copied to its devices. The file is validated completely before anything is copied.
 */
export function loadBytes(
  module: Module,
  bytes: Uint8Array | ArrayBuffer,
  options: LoadBytesOptions = {},
): LoadResult {
  const stateDict = deserialize(bytes, { device: options.device });
  try {
    return module.loadStateDict(stateDict, { strict: options.strict });
  } finally {
    for (const t of Object.values(stateDict)) t.dispose();
  }
}
