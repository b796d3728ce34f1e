/**
 * Checkpoints in files (Node): safetensors files via @typetorch/nn/node, with the metadata of
 * `checkpoint-format.ts` (the model, the dataset, the input normalisation), so `eval --load` and
 * `predict --load` pick the right architecture by themselves.
 */
import { readFile } from 'node:fs/promises';
import { SafetensorsError, type StateDict } from '@typetorch/nn';
import { load, save } from '@typetorch/nn/node';
import {
  type CheckpointDescription,
  type CheckpointInfo,
  checkpointMetadata,
  describeSafetensorsError,
  modelFromStateDict,
  readCheckpointInfoBytes,
} from './checkpoint-format.js';
import { UsageError } from './errors.js';
import type { Classifier, ModelName } from './models.js';

export type { CheckpointInfo } from './checkpoint-format.js';

export async function saveCheckpoint(
  model: Classifier,
  path: string,
  info: CheckpointDescription,
): Promise<void> {
  try {
    await save(model, path, checkpointMetadata(info));
  } catch (err) {
    throw new UsageError(
      `cannot save the checkpoint to ${path}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** Reads the metadata of a checkpoint (validating its header). */
export async function readCheckpointInfo(path: string): Promise<CheckpointInfo> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(err);
    throw new UsageError(`cannot read the checkpoint ${path}: ${reason}`);
  }
  return readCheckpointInfoBytes(bytes, path);
}

/**
 * Creates the model (`modelName`, else the one recorded in the checkpoint, else the MLP) and loads the
 * checkpoint into it. A checkpoint that does not fit fails with the keys and shapes that differ.
 */
export async function loadCheckpoint(
  path: string,
  modelName: ModelName | undefined,
): Promise<{ model: Classifier; name: ModelName; info: CheckpointInfo }> {
  const info = await readCheckpointInfo(path);
  const name = modelName ?? info.model ?? 'mlp';
  let dict: StateDict;
  try {
    dict = await load(path);
  } catch (err) {
    if (err instanceof SafetensorsError) {
      throw new UsageError(`${path} is not a valid safetensors checkpoint: ${describeSafetensorsError(err)}`);
    }
    throw err;
  }
  return { model: modelFromStateDict(dict, name, info, path), name, info };
}
