/**
 * The page's training presets: "Quick" for a first try (about 97% in under a minute on a 2-core CPU,
 * measured with the command line: see the README), the command line's MLP defaults, and PyTorch's CNN.
 * Editing a field afterwards makes the settings "custom".
 */
import type { ModelName } from '../models.js';

export interface PresetValues {
  model: ModelName;
  epochs: number;
  batchSize: number;
  lr: number;
  /** Training images. */
  limit: number;
}

export type PresetId = 'quick' | 'mlp' | 'cnn';

export interface Preset {
  id: PresetId;
  label: string;
  values: PresetValues;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'quick',
    label: 'Quick: MLP, 1 epoch (~97%)',
    values: { model: 'mlp', epochs: 1, batchSize: 128, lr: 0.002, limit: 60000 },
  },
  {
    id: 'mlp',
    label: 'MLP, 3 epochs (~98.3%)',
    values: { model: 'mlp', epochs: 3, batchSize: 64, lr: 0.001, limit: 60000 },
  },
  {
    id: 'cnn',
    label: 'CNN, 5 epochs (~99.1%, slow)',
    values: { model: 'cnn', epochs: 5, batchSize: 64, lr: 0.001, limit: 60000 },
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The preset whose values these are, or 'custom'. A limit above the data's size counts as all of it. */
export function matchPreset(values: PresetValues, trainSize = 60000): PresetId | 'custom' {
  const limit = Math.min(values.limit, trainSize);
  const same = (p: Preset) =>
    p.values.model === values.model &&
    p.values.epochs === values.epochs &&
    p.values.batchSize === values.batchSize &&
    p.values.lr === values.lr &&
    Math.min(p.values.limit, trainSize) === limit;
  return PRESETS.find(same)?.id ?? 'custom';
}
