/**
 * Checkpoints: safetensors files (via @typetorch/nn/node) whose metadata records the model and the
 * dataset, so `eval --load` and `predict --load` pick the right architecture by themselves.
 */
import { readFile } from 'node:fs/promises';
import { parseHeader, SafetensorsError } from '@typetorch/nn';
import { load, save } from '@typetorch/nn/node';
import { DATASET_NAMES, type DatasetName } from './data.js';
import { UsageError } from './errors.js';
import { type Classifier, createModel, MODEL_NAMES, type ModelName } from './models.js';

export interface CheckpointInfo {
  model?: ModelName;
  dataset?: DatasetName;
  /** Whether the model was trained on standardised pixels (true unless the checkpoint says otherwise). */
  normalize: boolean;
  metadata: Record<string, string>;
}

export async function saveCheckpoint(
  model: Classifier,
  path: string,
  info: { model: ModelName; dataset: DatasetName; normalize: boolean; extra?: Record<string, string> },
): Promise<void> {
  try {
    await save(model, path, {
      format: 'typetorch-mnist-demo',
      model: info.model,
      dataset: info.dataset,
      normalize: String(info.normalize),
      ...info.extra,
    });
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
  let metadata: Record<string, string>;
  try {
    metadata = parseHeader(bytes).metadata ?? {};
  } catch (err) {
    throw new UsageError(`${path} is not a valid safetensors checkpoint: ${describe(err)}`);
  }
  const model = (MODEL_NAMES as readonly string[]).includes(metadata.model ?? '')
    ? (metadata.model as ModelName)
    : undefined;
  const dataset = (DATASET_NAMES as readonly string[]).includes(metadata.dataset ?? '')
    ? (metadata.dataset as DatasetName)
    : undefined;
  return { model, dataset, normalize: metadata.normalize !== 'false', metadata };
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^safetensors: /, '');
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
  const model = createModel(name);
  let dict: Awaited<ReturnType<typeof load>>;
  try {
    dict = await load(path);
  } catch (err) {
    if (err instanceof SafetensorsError) {
      throw new UsageError(`${path} is not a valid safetensors checkpoint: ${describe(err)}`);
    }
    throw err;
  }
  try {
    model.loadStateDict(dict);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const recorded = info.model !== undefined ? ` (it was saved from the ${info.model} model)` : '';
    throw new UsageError(
      `the checkpoint ${path} does not fit the ${name} model${recorded}:\n${message.replace(/^Error\(s\) in loading state_dict for \w+:\n/, '').replace(/\. $/gm, '.')}`,
    );
  } finally {
    for (const t of Object.values(dict)) t.dispose();
  }
  return { model, name, info };
}
