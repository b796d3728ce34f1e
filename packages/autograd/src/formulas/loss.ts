/**
 * Gradient of the fused per-sample cross entropy (`crossEntropyPerSample` of `@typetorch/tensor`, behind
 * `nn.functional.crossEntropy`). Inputs: `[logits, target, weight?]`; outputs: `[loss, targetWeight,
 * normalizer]`, of which only `loss` is differentiable.
 *
 * `dx = gradLoss * (a * softmax - b)` (see `FastPaths.crossEntropyBackward`), by the backend's fused
 * kernel from the saved logits and normaliser. When the gradient must itself be differentiable
 * (`createGraph`), it is composed of recorded ops on `softmax(logits)` instead. The class weights get
 * no gradient, as in PyTorch's `nll_loss` ("the derivative for 'weight' is not implemented").
 */
import { crossEntropyGradient, crossEntropyPerSampleBackward, getBackend } from '@typetorch/tensor';
import { isGradEnabled } from '../grad-mode.js';
import { defineGradient } from './registry.js';

defineGradient('crossEntropyPerSample', {
  node: 'CrossEntropyLossBackward0',
  saveInputs: [0, 1, 2],
  saveOutputs: [2],
  backward: (ctx, [gLoss]) => {
    const options = ctx.attrs;
    const hasWeight = ctx.inputMeta.length > 2;
    if (hasWeight && ctx.needsInputGrad[2]) throw new Error("the derivative for 'weight' is not implemented");
    if (gLoss === null || !ctx.needsInputGrad[0]) return [null];
    const x = ctx.input(0);
    const target = ctx.input(1);
    const weight = hasWeight ? ctx.input(2) : null;
    if (isGradEnabled()) {
      return [crossEntropyGradient(getBackend(x.device), gLoss, x.softmax(1), target, weight, options)];
    }
    return [crossEntropyPerSampleBackward(gLoss, x, target, ctx.output(2), { ...options, weight })];
  },
});
