import { describe, expect, it } from 'vitest';
import { matchPreset, PRESETS, presetById } from './presets.js';

describe('presets', () => {
  it('Quick is one epoch of the MLP on the whole training set', () => {
    expect(presetById('quick')?.values).toEqual({
      model: 'mlp',
      epochs: 1,
      batchSize: 128,
      lr: 0.002,
      limit: 60000,
    });
    expect(presetById('nope')).toBeUndefined();
  });

  it('the MLP preset is the command line default; every preset is told apart', () => {
    expect(presetById('mlp')?.values).toEqual({
      model: 'mlp',
      epochs: 3,
      batchSize: 64,
      lr: 0.001,
      limit: 60000,
    });
    expect(new Set(PRESETS.map((p) => matchPreset(p.values))).size).toBe(PRESETS.length);
  });

  it('matches values back to a preset; anything else is custom', () => {
    const quick = presetById('quick')?.values;
    if (quick === undefined) throw new Error('no quick preset');
    expect(matchPreset(quick)).toBe('quick');
    expect(matchPreset({ ...quick, epochs: 2 })).toBe('custom');
    expect(matchPreset({ ...quick, limit: 3000 })).toBe('custom');
    // Fashion-MNIST-sized or smaller data: "all images" still matches.
    expect(matchPreset({ ...quick, limit: 50000 }, 50000)).toBe('quick');
  });
});
