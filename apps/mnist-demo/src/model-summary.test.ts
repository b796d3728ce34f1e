import '@typetorch/backend-cpu';
import { describe, expect, it } from 'vitest';
import { groupByLayer, parameterRows, summarizeModel } from './model-summary.js';
import { countParameters, createModel, disposeModel } from './models.js';

describe('model summary', () => {
  it('groups parameters by layer, in order, with counts that add up to the total', () => {
    const rows = [
      { name: 'fc1.weight', shape: [4, 3], numel: 12 },
      { name: 'fc1.bias', shape: [4], numel: 4 },
      { name: 'block.conv.weight', shape: [2, 1, 3, 3], numel: 18 },
      { name: 'scale', shape: [1], numel: 1 },
    ];
    expect(groupByLayer(rows)).toEqual([
      { name: 'fc1', shapes: [[4, 3], [4]], params: 16 },
      { name: 'block.conv', shapes: [[2, 1, 3, 3]], params: 18 },
      { name: '(model)', shapes: [[1]], params: 1 },
    ]);
  });

  it('counts the MLP 784-512-512-10 and the CNN as PyTorch does', () => {
    const mlp = createModel('mlp');
    const s = summarizeModel(mlp);
    expect(s.layers.map((l) => [l.name, l.params])).toEqual([
      ['fc1', 784 * 512 + 512],
      ['fc2', 512 * 512 + 512],
      ['fc3', 512 * 10 + 10],
    ]);
    expect(s.total).toBe(669_706);
    expect(s.trainable).toBe(669_706);
    expect(parameterRows(mlp).map((r) => r.name)).toEqual([
      'fc1.weight',
      'fc1.bias',
      'fc2.weight',
      'fc2.bias',
      'fc3.weight',
      'fc3.bias',
    ]);
    disposeModel(mlp);
    const cnn = createModel('cnn');
    const c = summarizeModel(cnn);
    expect(c.total).toBe(1_199_882);
    expect(c.total).toBe(countParameters(cnn).total);
    expect(c.layers.map((l) => l.name)).toEqual(['conv1', 'conv2', 'fc1', 'fc2']);
    expect(c.layers[0].shapes).toEqual([[32, 1, 3, 3], [32]]);
    disposeModel(cnn);
  });
});
