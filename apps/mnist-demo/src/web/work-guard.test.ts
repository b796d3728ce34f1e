/** When replacing the model would lose work (the dialog and beforeunload are in persistence.browser.test.ts). */
import { describe, expect, it } from 'vitest';
import type { ModelDescription } from './protocol.js';
import { RESTORED_SOURCE, wouldLoseWork } from './work-guard.js';

const model = (source: string): ModelDescription => ({ name: 'mlp', source, classes: [] });

describe('wouldLoseWork', () => {
  it('is true while a run is under way, and for a model trained here or restored from such a run', () => {
    expect(wouldLoseWork('training', model('trained here'))).toBe(true);
    expect(wouldLoseWork('paused', model('trained here'))).toBe(true);
    expect(wouldLoseWork('training', null)).toBe(true);
    expect(wouldLoseWork('idle', model('trained here'))).toBe(true);
    expect(wouldLoseWork('idle', model(RESTORED_SOURCE))).toBe(true);
  });

  it('is false with no model, or one that can be loaded again (a checkpoint file, the pretrained model)', () => {
    expect(wouldLoseWork('idle', null)).toBe(false);
    expect(wouldLoseWork('loading', null)).toBe(false);
    expect(wouldLoseWork('idle', model('mnist-mlp.safetensors'))).toBe(false);
    expect(wouldLoseWork('idle', model('the pretrained model'))).toBe(false);
  });
});
