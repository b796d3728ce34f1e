/**
 * Gradients of elementwise ops. Binary formulas sum each input's gradient back to its shape, since
 * the forward broadcast it. In-place forms (`add_`, `exp_`, ...) reuse these (see engine.ts).
 */
import { type DifferentiableOpName, reluBackward, type Tensor, type UnaryOp, where } from '@typetorch/tensor';

type DifferentiableUnary = UnaryOp & DifferentiableOpName;

import { type BackwardContext, defineGradient } from './registry.js';
import { sumToShape } from './util.js';

const shapeOf = (ctx: BackwardContext, i: number) => ctx.inputMeta[i].shape;

/** Registers a unary op whose gradient is `g * dydx(x, y)`. */
function unaryGrad(
  name: DifferentiableUnary,
  node: string,
  uses: 'input' | 'output',
  dydx: (v: Tensor) => Tensor,
): void {
  defineGradient(name, {
    node,
    ...(uses === 'input' ? { saveInputs: [0] } : { saveOutputs: [0] }),
    backward(ctx, [g]) {
      return [g!.mul(dydx(uses === 'input' ? ctx.input(0) : ctx.output(0)))];
    },
  });
}

defineGradient('neg', { node: 'NegBackward0', backward: (_ctx, [g]) => [g!.neg()] });
unaryGrad('abs', 'AbsBackward0', 'input', (x) => x.sign());
unaryGrad('exp', 'ExpBackward0', 'output', (y) => y);
unaryGrad('expm1', 'Expm1Backward0', 'output', (y) => y.add(1));
unaryGrad('log', 'LogBackward0', 'input', (x) => x.reciprocal());
unaryGrad('log2', 'Log2Backward0', 'input', (x) => x.mul(Math.LN2).reciprocal());
unaryGrad('log1p', 'Log1PBackward0', 'input', (x) => x.add(1).reciprocal());
unaryGrad('sqrt', 'SqrtBackward0', 'output', (y) => y.mul(2).reciprocal());
unaryGrad('rsqrt', 'RsqrtBackward0', 'output', (y) => y.pow(3).mul(-0.5));
unaryGrad('sin', 'SinBackward0', 'input', (x) => x.cos());
unaryGrad('cos', 'CosBackward0', 'input', (x) => x.sin().neg());
unaryGrad('tanh', 'TanhBackward0', 'output', (y) => y.square().neg().add(1));
unaryGrad('sigmoid', 'SigmoidBackward0', 'output', (y) => y.mul(y.neg().add(1)));
unaryGrad('erf', 'ErfBackward0', 'input', (x) =>
  x
    .square()
    .neg()
    .exp()
    .mul(2 / Math.sqrt(Math.PI)),
);
// relu'(0) = 0; a NaN passes the gradient on: PyTorch's threshold_backward (zero where y <= 0), one kernel.
defineGradient('relu', {
  node: 'ReluBackward0',
  saveOutputs: [0],
  backward: (ctx, [g]) => [reluBackward(g!, ctx.output(0))],
});
// Differentiable in the incoming gradient (double backward through ReLU); the mask is piecewise constant.
defineGradient('reluBackward', {
  node: 'ThresholdBackwardBackward0',
  saveInputs: [1],
  backward: (ctx, [g]) => [reluBackward(g!, ctx.input(1)), null],
});
unaryGrad('reciprocal', 'ReciprocalBackward0', 'output', (y) => y.square().neg());
unaryGrad('square', 'PowBackward0', 'input', (x) => x.mul(2));

// Piecewise-constant functions: the gradient is zero almost everywhere, as in PyTorch. Zeros of
// each input's own shape: floorDivide broadcasts, so `g` may be larger than an input.
for (const [name, node] of [
  ['sign', 'SignBackward0'],
  ['floor', 'FloorBackward0'],
  ['ceil', 'CeilBackward0'],
  ['round', 'RoundBackward0'],
  ['trunc', 'TruncBackward0'],
  ['floorDivide', 'FloorDivideBackward0'],
] as const) {
  defineGradient(name, { node, backward: (ctx, [g]) => ctx.inputMeta.map((m) => g!.newZeros([...m.shape])) });
}

defineGradient('add', {
  node: 'AddBackward0',
  backward: (ctx, [g]) => [
    ctx.needsInputGrad[0] ? sumToShape(g!, shapeOf(ctx, 0)) : null,
    ctx.needsInputGrad[1] ? sumToShape(g!, shapeOf(ctx, 1)) : null,
  ],
});

defineGradient('sub', {
  node: 'SubBackward0',
  backward: (ctx, [g]) => [
    ctx.needsInputGrad[0] ? sumToShape(g!, shapeOf(ctx, 0)) : null,
    ctx.needsInputGrad[1] ? sumToShape(g!.neg(), shapeOf(ctx, 1)) : null,
  ],
});

defineGradient('mul', {
  node: 'MulBackward0',
  // Each input's gradient needs only the other input.
  saveInputs: (needs) => [...(needs[1] ? [0] : []), ...(needs[0] ? [1] : [])],
  backward: (ctx, [g]) => [
    ctx.needsInputGrad[0] ? sumToShape(g!.mul(ctx.input(1)), shapeOf(ctx, 0)) : null,
    ctx.needsInputGrad[1] ? sumToShape(g!.mul(ctx.input(0)), shapeOf(ctx, 1)) : null,
  ],
});

defineGradient('div', {
  node: 'DivBackward0',
  saveInputs: (needs) => (needs[1] ? [0, 1] : [1]),
  backward: (ctx, [g]) => {
    const y = ctx.input(1);
    return [
      ctx.needsInputGrad[0] ? sumToShape(g!.div(y), shapeOf(ctx, 0)) : null,
      ctx.needsInputGrad[1] ? sumToShape(g!.neg().mul(ctx.input(0)).div(y.square()), shapeOf(ctx, 1)) : null,
    ];
  },
});

defineGradient('pow', {
  node: 'PowBackward1',
  saveInputs: [0, 1],
  saveOutputs: [0],
  backward: (ctx, [g]) => {
    const x = ctx.input(0);
    const e = ctx.input(1);
    let gx: Tensor | null = null;
    let ge: Tensor | null = null;
    if (ctx.needsInputGrad[0]) {
      // e * x^(e-1), defined as 0 where e == 0 (PyTorch masks it so 0^-1 does not leak NaN).
      const d = e.mul(x.pow(e.sub(1)));
      gx = sumToShape(g!.mul(where(e.eq(0), 0, d)), shapeOf(ctx, 0));
    }
    if (ctx.needsInputGrad[1]) {
      // y * log(x), defined as 0 where x == 0 and e >= 0 (the limit PyTorch uses).
      const d = ctx.output(0).mul(x.log());
      ge = sumToShape(g!.mul(where(x.eq(0).logicalAnd(e.ge(0)), 0, d)), shapeOf(ctx, 1));
    }
    return [gx, ge];
  },
});

/** maximum/minimum: the larger (smaller) input gets the gradient; ties split it evenly, as PyTorch. */
function extremumGrad(name: 'maximum' | 'minimum', node: string): void {
  defineGradient(name, {
    node,
    saveInputs: [0, 1],
    backward: (ctx, [g]) => {
      const a = ctx.input(0);
      const b = ctx.input(1);
      const wins = name === 'maximum' ? a.gt(b) : a.lt(b);
      const ties = a.eq(b);
      const share = where(ties, 0.5, where(wins, 1, 0)).to(g!.dtype);
      const other = where(ties, 0.5, where(wins, 0, 1)).to(g!.dtype);
      return [
        ctx.needsInputGrad[0] ? sumToShape(g!.mul(share), shapeOf(ctx, 0)) : null,
        ctx.needsInputGrad[1] ? sumToShape(g!.mul(other), shapeOf(ctx, 1)) : null,
      ];
    },
  });
}
extremumGrad('maximum', 'MaximumBackward0');
extremumGrad('minimum', 'MinimumBackward0');

defineGradient('remainder', {
  node: 'RemainderBackward0',
  saveInputs: [0, 1],
  backward: (ctx, [g]) => [
    ctx.needsInputGrad[0] ? sumToShape(g!, shapeOf(ctx, 0)) : null,
    ctx.needsInputGrad[1]
      ? // The exact floored quotient, as the forward: floor(a / b) rounds first (1 / 0.1f gives 10, not 9).
        sumToShape(g!.neg().mul(ctx.input(0).floorDivide(ctx.input(1))), shapeOf(ctx, 1))
      : null,
  ],
});

defineGradient('where', {
  node: 'WhereBackward0',
  saveInputs: [0],
  backward: (ctx, [g]) => {
    const cond = ctx.input(0);
    return [
      null,
      ctx.needsInputGrad[1] ? sumToShape(where(cond, g!, 0), shapeOf(ctx, 1)) : null,
      ctx.needsInputGrad[2] ? sumToShape(where(cond, 0, g!), shapeOf(ctx, 2)) : null,
    ];
  },
});

defineGradient('maskedFill', {
  node: 'MaskedFillBackward0',
  saveInputs: [1],
  backward: (ctx, [g]) => {
    const mask = ctx.input(1);
    return [
      ctx.needsInputGrad[0] ? sumToShape(where(mask, 0, g!), shapeOf(ctx, 0)) : null,
      null,
      ctx.needsInputGrad[2] ? where(mask, g!, 0).sum() : null,
    ];
  },
});

defineGradient('clamp', {
  node: 'ClampBackward1',
  saveInputs: [0, 1, 2],
  backward: (ctx, [g]) => {
    const x = ctx.input(0);
    const { hasMin, hasMax } = ctx.attrs;
    const lo = hasMin ? ctx.input(1) : null;
    const hi = hasMax ? ctx.input(hasMin ? 2 : 1) : null;
    // Inside [min, max] (bounds included, as PyTorch) the gradient goes to x, outside to the bound.
    // The forward is min(max(x, min), max), so when min > max the result is max everywhere and all
    // of the gradient goes to max (PyTorch's clamp_backward_min_max). Bounds may broadcast x.
    let inside = lo === null ? x.eq(x).logicalOr(x.isnan()) : x.ge(lo);
    if (hi !== null) inside = inside.logicalAnd(x.le(hi));
    const grads: (Tensor | null)[] = [
      ctx.needsInputGrad[0] ? sumToShape(where(inside, g!, 0), shapeOf(ctx, 0)) : null,
    ];
    if (lo !== null) {
      const below = hi === null ? x.lt(lo) : x.lt(lo).logicalAnd(lo.lt(hi));
      grads.push(ctx.needsInputGrad[1] ? sumToShape(where(below, g!, 0), shapeOf(ctx, 1)) : null);
    }
    if (hi !== null) {
      const above = lo === null ? x.gt(hi) : x.gt(hi).logicalOr(hi.lt(lo));
      grads.push(
        ctx.needsInputGrad[grads.length] ? sumToShape(where(above, g!, 0), shapeOf(ctx, grads.length)) : null,
      );
    }
    return grads;
  },
});
