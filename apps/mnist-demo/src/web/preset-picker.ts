/**
 * The Preset menu above the training fields: choosing a preset fills the fields; editing a field shows
 * which preset the values now are, or "Custom".
 */
import type { ModelName } from '../models.js';
import { matchPreset, PRESETS, type PresetValues, presetById } from './presets.js';

export interface PresetFields {
  preset: HTMLSelectElement;
  model: HTMLSelectElement;
  epochs: HTMLInputElement;
  batchSize: HTMLInputElement;
  lr: HTMLInputElement;
  limit: HTMLInputElement;
}

function read(f: PresetFields): PresetValues {
  return {
    model: f.model.value as ModelName,
    epochs: Number(f.epochs.value),
    batchSize: Number(f.batchSize.value),
    lr: Number(f.lr.value),
    limit: Number(f.limit.value),
  };
}

/**
 * Fills the menu, applies `initial` (unless undefined: the fields keep their values), and keeps menu
 * and fields in step; `onChange` runs after every change (e.g. to update a warning).
 */
export function setupPresets(
  f: PresetFields,
  initial: string | undefined,
  trainSize: () => number,
  onChange: () => void,
): void {
  for (const p of PRESETS) f.preset.append(new Option(p.label, p.id));
  f.preset.append(new Option('Custom', 'custom'));
  const apply = (id: string) => {
    const preset = presetById(id);
    if (preset === undefined) return;
    const v = preset.values;
    f.model.value = v.model;
    f.epochs.value = String(v.epochs);
    f.batchSize.value = String(v.batchSize);
    f.lr.value = String(v.lr);
    f.limit.value = String(Math.min(v.limit, trainSize()));
  };
  const sync = () => {
    f.preset.value = matchPreset(read(f), trainSize());
    onChange();
  };
  if (initial !== undefined) apply(initial);
  sync();
  f.preset.addEventListener('change', () => {
    apply(f.preset.value);
    sync();
  });
  for (const el of [f.model, f.epochs, f.batchSize, f.lr, f.limit]) el.addEventListener('input', sync);
}
