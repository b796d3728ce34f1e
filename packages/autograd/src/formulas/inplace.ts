/**
 * Gradients of whole-tensor writes. (Elementwise in-place ops such as `add_` reuse their
 * out-of-place formula; see engine.ts.)
 */
import { defineGradient } from './registry.js';
import { sumToShape } from './util.js';

/** fill_, uniform_, normal_: the old values are gone, so they get a zero gradient. */
for (const [name, node] of [
  ['fill_', 'FillBackward0'],
  ['uniform_', 'UniformBackward0'],
  ['normal_', 'NormalBackward0'],
] as const) {
  defineGradient(name, { node, backward: (_ctx, [g]) => [g!.mul(0)] });
}

defineGradient('copy_', {
  node: 'CopyBackwards',
  backward: (ctx, [g]) => [
    ctx.needsInputGrad[0] ? g!.mul(0) : null,
    ctx.needsInputGrad[1] ? sumToShape(g!, ctx.inputMeta[1].shape) : null,
  ],
});
