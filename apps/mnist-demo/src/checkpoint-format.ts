/**
 * The demo's checkpoints as bytes (no Node imports, so the browser page shares them): safetensors whose
 * metadata records the model, the dataset and the input normalisation, so that loading picks the right
 * architecture and feeds it the inputs it was trained on. `checkpoint.ts` puts them in files.
 */
import {
  deserialize,
  parseHeader,
  SafetensorsError,
  type SafetensorsMetadata,
  type StateDict,
  toBytes,
} from '@typetorch/nn';
import { UsageError } from './errors.js';
import { DATASET_NAMES, type DatasetName } from './inputs.js';
import { type Classifier, createModel, MODEL_NAMES, type ModelName } from './models.js';

/** `metadata.format` of the demo's checkpoints. */
export const CHECKPOINT_FORMAT = 'typetorch-mnist-demo';

export interface CheckpointInfo {
  model?: ModelName;
  dataset?: DatasetName;
  /** Whether the model was trained on standardised pixels (true unless the checkpoint says otherwise). */
  normalize: boolean;
  metadata: Record<string, string>;
}

/** What a checkpoint records about how its model was trained (`extra`: more string entries). */
export interface CheckpointDescription {
  model: ModelName;
  dataset: DatasetName;
  normalize: boolean;
  extra?: Record<string, string>;
}

/** The safetensors metadata of a checkpoint. */
export function checkpointMetadata(info: CheckpointDescription): SafetensorsMetadata {
  return {
    format: CHECKPOINT_FORMAT,
    model: info.model,
    dataset: info.dataset,
    normalize: String(info.normalize),
    ...info.extra,
  };
}

/** The model's state dict as safetensors bytes with the checkpoint's metadata. */
export function checkpointBytes(model: Classifier, info: CheckpointDescription): Promise<Uint8Array> {
  return toBytes(model, checkpointMetadata(info));
}

/** The message of a safetensors error, without its `safetensors: ` prefix. */
export function describeSafetensorsError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^safetensors: /, '');
}

/** What the metadata of a checkpoint says (unknown model or dataset names are left out). */
export function checkpointInfo(metadata: Record<string, string>): CheckpointInfo {
  const model = (MODEL_NAMES as readonly string[]).includes(metadata.model ?? '')
    ? (metadata.model as ModelName)
    : undefined;
  const dataset = (DATASET_NAMES as readonly string[]).includes(metadata.dataset ?? '')
    ? (metadata.dataset as DatasetName)
    : undefined;
  return { model, dataset, normalize: metadata.normalize !== 'false', metadata };
}

/** Reads the metadata of checkpoint bytes (validating the header); `name` names them in errors. */
export function readCheckpointInfoBytes(bytes: Uint8Array, name: string): CheckpointInfo {
  try {
    return checkpointInfo(parseHeader(bytes).metadata ?? {});
  } catch (err) {
    throw new UsageError(`${name} is not a valid safetensors checkpoint: ${describeSafetensorsError(err)}`);
  }
}

/**
 * Loads a state dict into a new `name` model; a state dict that does not fit fails with the keys and
 * shapes that differ. The state dict is disposed.
 */
export function modelFromStateDict(
  dict: StateDict,
  name: ModelName,
  info: CheckpointInfo,
  source: string,
): Classifier {
  const model = createModel(name);
  try {
    model.loadStateDict(dict);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const recorded = info.model !== undefined ? ` (it was saved from the ${info.model} model)` : '';
    throw new UsageError(
      `the checkpoint ${source} does not fit the ${name} model${recorded}:\n${message.replace(/^Error\(s\) in loading state_dict for \w+:\n/, '').replace(/\. $/gm, '.')}`,
    );
  } finally {
    for (const t of Object.values(dict)) t.dispose();
  }
  return model;
}

/**
 * Creates the model (`modelName`, else the one recorded in the checkpoint, else the MLP) and loads
 * checkpoint bytes into it (on the default device; move it with `model.to(device)`). `name` names the
 * bytes in errors, e.g. the file name.
 */
export function loadCheckpointBytes(
  bytes: Uint8Array,
  modelName: ModelName | undefined,
  source: string,
): { model: Classifier; name: ModelName; info: CheckpointInfo } {
  const info = readCheckpointInfoBytes(bytes, source);
  const name = modelName ?? info.model ?? 'mlp';
  let dict: StateDict;
  try {
    dict = deserialize(bytes);
  } catch (err) {
    if (err instanceof SafetensorsError) {
      throw new UsageError(
        `${source} is not a valid safetensors checkpoint: ${describeSafetensorsError(err)}`,
      );
    }
    throw err;
  }
  return { model: modelFromStateDict(dict, name, info, source), name, info };
}
