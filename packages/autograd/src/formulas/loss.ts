/**
 * Gradient of the fused per-sample cross entropy (`crossEntropy` of `@typetorch/tensor`, behind
 * `nn.functional.crossEntropy`). Inputs: `[logits, target, weight?]`; outputs: `[loss, targetWeight,
 * normalizer]`, of which only `loss` is differentiable.
 *
 * `dx = gradLoss * (a * softmax - b)` (see `FastPaths.crossEntropyBackward`), by the backend's fused
 * kernel from the saved logits and normaliser. When the gradient must itself be differentiable
 * (`createGraph`), it is composed of recorded ops on `softmax(logits)` instead. The class weights get
 * no gradient, as in PyTorch's `nll_loss` ("the derivative for 'weight' is not implemented").
 */
import { crossEntropyBackward, crossEntropyGradient, getBackend } from '@typetorch/tensor';
import { isGradEnabled } from '../grad-mode.js';
import { defineGradient } from './registry.js';

interface CrossEntropyAttrs {
  ignoreIndex: number;
  labelSmoothing: number;
}

defineGradient('crossEntropy', {
  node: 'CrossEntropyLossBackward0',
  saveInputs: [0, 1, 2],
  saveOutputs: [2],
  backward: (ctx, [gLoss]) => {
    const options = ctx.attrs as unknown as CrossEntropyAttrs;
    const hasWeight = ctx.inputMeta.length > 2;
    if (hasWeight && ctx.needsInputGrad[2]) throw new Error("the derivative for 'weight' is not implemented");
    if (gLoss === null || !ctx.needsInputGrad[0]) return [null];
    const x = ctx.input(0);
    const target = ctx.input(1);
    const weight = hasWeight ? ctx.input(2) : null;
    if (isGradEnabled()) {
      return [crossEntropyGradient(getBackend(x.device), gLoss, x.softmax(1), target, weight, options)];
    }
    return [crossEntropyBackward(gLoss, x, target, ctx.output(2), { ...options, weight })];
  },
});
