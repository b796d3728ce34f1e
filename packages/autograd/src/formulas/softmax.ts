/** Gradients of softmax and log-softmax (and so of every fused kernel behind them). */
import { defineGradient } from './registry.js';

defineGradient('softmax', {
  node: 'SoftmaxBackward0',
  saveOutputs: [0],
  backward: (ctx, [g]) => {
    const { dim } = ctx.attrs;
    const y = ctx.output(0);
    // dx = y * (g - sum(g * y))
    const gy = g!.mul(y);
    return [gy.sub(y.mul(gy.sum(dim, true)))];
  },
});

defineGradient('logSoftmax', {
  node: 'LogSoftmaxBackward0',
  saveOutputs: [0],
  backward: (ctx, [g]) => {
    const { dim } = ctx.attrs;
    // dx = g - softmax * sum(g)
    return [g!.sub(ctx.output(0).exp().mul(g!.sum(dim, true)))];
  },
});
