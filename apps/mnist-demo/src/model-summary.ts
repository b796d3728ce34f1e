/**
 * A model's parameters, one row each and grouped by layer, with counts (no Node imports: the command
 * line's `summary` and the web page's model summary both use it).
 */
import type { Module } from '@typetorch/nn';

/** One parameter: its dotted name, shape and number of elements. */
export interface ParameterRow {
  name: string;
  shape: number[];
  numel: number;
}

/** One layer (the module that owns the parameters): its name, parameter shapes and count. */
export interface LayerRow {
  name: string;
  shapes: number[][];
  params: number;
}

export interface ModelSummary {
  layers: LayerRow[];
  total: number;
  trainable: number;
}

/** Every parameter of `model`, in registration order (PyTorch: `model.named_parameters()`). */
export function parameterRows(model: Module): ParameterRow[] {
  return model.namedParameters().map(([name, p]) => ({ name, shape: [...p.shape], numel: p.numel() }));
}

/**
 * Groups parameter rows by the layer that owns them (`fc1.weight` and `fc1.bias` -> `fc1`), in the
 * parameters' order. (Layer class names are left out: a minified build renames classes.)
 */
export function groupByLayer(rows: readonly ParameterRow[]): LayerRow[] {
  const layers = new Map<string, LayerRow>();
  for (const row of rows) {
    const dot = row.name.lastIndexOf('.');
    const name = dot < 0 ? '(model)' : row.name.slice(0, dot);
    let layer = layers.get(name);
    if (layer === undefined) {
      layer = { name, shapes: [], params: 0 };
      layers.set(name, layer);
    }
    layer.shapes.push(row.shape);
    layer.params += row.numel;
  }
  return [...layers.values()];
}

/** The layers of `model` with their parameter counts, and the total and trainable counts. */
export function summarizeModel(model: Module): ModelSummary {
  let total = 0;
  let trainable = 0;
  for (const p of model.parameters()) {
    total += p.numel();
    if (p.requiresGrad) trainable += p.numel();
  }
  return { layers: groupByLayer(parameterRows(model)), total, trainable };
}
