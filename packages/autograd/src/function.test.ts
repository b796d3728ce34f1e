/** The custom Function API (PyTorch: `torch.autograd.Function`). */
import '@typetorch/backend-cpu';
import { type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
// Imported under another name: `Function` would shadow the global of that name.
import { Function as AutogradFunction, type FunctionCtx, grad, gradcheck, noGrad } from './index.js';

const f64 = (data: number[]) => tensor(data, { dtype: 'float64', requiresGrad: true });
const values = (t: Tensor | null) => Array.from(t!.dataSync());

/** exp, saving its output for backward (the example of PyTorch's docs). */
class Exp extends AutogradFunction {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const y = x.exp();
    ctx.saveForBackward(y);
    return y;
  }

  static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
    const [y] = ctx.savedTensors;
    return g.mul(y);
  }
}

/** `a * b + scale * a`: a two-input function computing only the gradients that are needed. */
class MulAdd extends AutogradFunction {
  static calls: boolean[][] = [];

  static override forward(ctx: FunctionCtx, a: Tensor, b: Tensor, scale: number): Tensor {
    ctx.saveForBackward(a, b);
    ctx.values.scale = scale;
    return a.mul(b).add(a.mul(scale));
  }

  static override backward(ctx: FunctionCtx, g: Tensor): (Tensor | null)[] {
    MulAdd.calls.push([...ctx.needsInputGrad]);
    const [a, b] = ctx.savedTensors;
    const scale = ctx.values.scale as number;
    return [ctx.needsInputGrad[0] ? g.mul(b.add(scale)) : null, ctx.needsInputGrad[1] ? g.mul(a) : null];
  }
}

/** Two outputs: sin and cos of the input. */
class SinCos extends AutogradFunction {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor[] {
    ctx.saveForBackward(x);
    return [x.sin(), x.cos()];
  }

  static override backward(ctx: FunctionCtx, gSin: Tensor | null, gCos: Tensor | null): Tensor {
    const [x] = ctx.savedTensors;
    let g = x.mul(0);
    if (gSin !== null) g = g.add(gSin.mul(x.cos()));
    if (gCos !== null) g = g.sub(gCos.mul(x.sin()));
    return g;
  }
}

describe('a custom Exp', () => {
  it('computes the forward without recording it and names its node after the class', () => {
    const x = f64([0.5, -1, 2]);
    const y = Exp.apply(x);
    expect(values(y)).toEqual(values(x.detach().exp()));
    expect(y.requiresGrad).toBe(true);
    expect(y.isLeaf).toBe(false);
    expect(y.gradFn!.name).toBe('ExpBackward');
  });

  it('backpropagates through saveForBackward', () => {
    const x = f64([0.5, -1, 2]);
    Exp.apply(x).mul(3).sum().backward();
    expect(values(x.grad)).toEqual(values(x.detach().exp().mul(3)));
  });

  it('composes with built-in ops on both sides', () => {
    const x = f64([0.5, -1, 2]);
    const [g] = grad(Exp.apply(x.square()).sum(), x);
    // d/dx exp(x^2) = 2x exp(x^2)
    expect(values(g!)).toEqual(values(x.detach().square().exp().mul(x.detach().mul(2))));
  });

  it('records nothing without grad', () => {
    const x = f64([1, 2]);
    expect(noGrad(() => Exp.apply(x)).requiresGrad).toBe(false);
    expect(Exp.apply(tensor([1, 2])).requiresGrad).toBe(false);
  });

  it('passes gradcheck', () => {
    expect(gradcheck((x) => Exp.apply(x), [f64([0.5, -1, 2, 0.1])])).toBe(true);
  });

  it('frees its saved tensors after backward unless retainGraph', () => {
    const x = f64([0.5, -1]);
    const y = Exp.apply(x).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(values(x.grad)).toEqual(values(x.detach().exp().mul(2)));
    expect(() => y.backward()).toThrow('Trying to backward through the graph a second time');
  });
});

describe('needsInputGrad', () => {
  it('says which tensor arguments need a gradient, in forward and in backward', () => {
    const a = f64([1, 2, 3]);
    const b = tensor([4, 5, 6], { dtype: 'float64' });
    let seen: boolean[] = [];
    class Probe extends AutogradFunction {
      static override forward(ctx: FunctionCtx, x: Tensor, y: Tensor): Tensor {
        seen = [...ctx.needsInputGrad];
        return x.mul(y);
      }

      static override backward(_ctx: FunctionCtx, g: Tensor): (Tensor | null)[] {
        return [g, g];
      }
    }
    Probe.apply(a, b);
    expect(seen).toEqual([true, false]);
    Probe.apply(b, a);
    expect(seen).toEqual([false, true]);
  });

  it('lets backward skip gradients nobody needs; non-tensor arguments are not counted', () => {
    MulAdd.calls = [];
    const a = f64([1, 2, 3]);
    const b = tensor([4, 5, 6], { dtype: 'float64' });
    MulAdd.apply(a, b, 0.5).sum().backward();
    expect(MulAdd.calls).toEqual([[true, false]]);
    expect(values(a.grad)).toEqual([4.5, 5.5, 6.5]);

    const c = f64([4, 5, 6]);
    const [gb] = grad(MulAdd.apply(a.detach(), c, 2).sum(), c);
    expect(MulAdd.calls).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(values(gb!)).toEqual([1, 2, 3]);
  });

  it('gives both gradients when both inputs need them, and passes gradcheck', () => {
    const a = f64([1, -2, 3]);
    const b = f64([0.5, 0.25, -1]);
    const [ga, gb] = grad(MulAdd.apply(a, b, 3).sum(), [a, b]);
    expect(values(ga!)).toEqual([3.5, 3.25, 2]);
    expect(values(gb!)).toEqual([1, -2, 3]);
    expect(gradcheck((x, y) => MulAdd.apply(x, y, 3), [a, b])).toBe(true);
  });

  it('drops a gradient returned for an input that does not need one', () => {
    class Both extends AutogradFunction {
      static override forward(_ctx: FunctionCtx, x: Tensor, y: Tensor): Tensor {
        return x.add(y);
      }

      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor[] {
        return [g, g];
      }
    }
    const x = f64([1, 2]);
    const y = tensor([3, 4], { dtype: 'float64' });
    Both.apply(x, y).sum().backward();
    expect(values(x.grad)).toEqual([1, 1]);
    expect(y.grad).toBeNull();
  });
});

describe('a function with two outputs', () => {
  it('returns both, each attached to the same node', () => {
    const x = f64([0.3, 1.2]);
    const [s, c] = SinCos.apply(x);
    expect(values(s)).toEqual(values(x.detach().sin()));
    expect(values(c)).toEqual(values(x.detach().cos()));
    expect(s.gradFn).toBe(c.gradFn);
    expect(s.gradFn!.name).toBe('SinCosBackward');
  });

  it('receives one gradient per output, null for an output that got none', () => {
    const x = f64([0.3, 1.2]);
    const [s, c] = SinCos.apply(x);
    const [both] = grad(s.mul(2).add(c).sum(), x, null, { retainGraph: true });
    expect(values(both)).toEqual(values(x.detach().cos().mul(2).sub(x.detach().sin())));
    const [onlyCos] = grad(c.sum(), x);
    expect(values(onlyCos)).toEqual(values(x.detach().sin().neg()));
  });

  it('passes gradcheck on both outputs', () => {
    expect(gradcheck((x) => SinCos.apply(x), [f64([0.3, 1.2, -2])])).toBe(true);
  });
});

describe('errors', () => {
  it('reports a backward that returns the wrong number of gradients', () => {
    class Wrong extends AutogradFunction {
      static override forward(_ctx: FunctionCtx, x: Tensor, y: Tensor): Tensor {
        return x.mul(y);
      }

      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
        return g;
      }
    }
    const x = f64([1, 2]);
    const y = f64([3, 4]);
    expect(() => Wrong.apply(x, y).sum().backward()).toThrow(
      'function WrongBackward returned an incorrect number of gradients (expected 2, got 1)',
    );
  });

  it('reports a gradient of the wrong shape', () => {
    class BadShape extends AutogradFunction {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x.mul(2);
      }

      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
        return g.sum();
      }
    }
    expect(() =>
      BadShape.apply(f64([1, 2]))
        .sum()
        .backward(),
    ).toThrow(
      'Function BadShapeBackward returned an invalid gradient at index 0 - got [] but expected shape compatible with [2]',
    );
  });

  it('detects an output saved for backward and then modified in place', () => {
    const x = f64([0.5, -1]);
    const y = Exp.apply(x);
    y.add_(1);
    expect(() => y.sum().backward()).toThrow(
      'one of the variables needed for gradient computation has been modified by an inplace operation: [float64 [2]] is at version 1; expected version 0 instead. (saved by ExpBackward)',
    );
  });

  it('detects an input saved for backward and then modified in place', () => {
    const a = f64([1, 2]);
    const h = a.mul(1);
    const out = MulAdd.apply(h, f64([3, 4]), 1);
    h.mul_(10);
    expect(() => out.sum().backward()).toThrow('modified by an inplace operation');
  });

  it('an unmodified saved tensor is fine even if an unrelated tensor changes', () => {
    const x = f64([0.5, -1]);
    const y = Exp.apply(x);
    const other = x.mul(1);
    other.add_(1);
    y.sum().backward();
    expect(values(x.grad)).toEqual(values(x.detach().exp()));
  });
});

describe('an input returned as an output', () => {
  it('gets a tensor of its own, so the input keeps its place in the graph', () => {
    class Identity extends AutogradFunction {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x;
      }

      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
        return g.mul(2);
      }
    }
    const x = f64([1, 2]);
    const y = Identity.apply(x);
    expect(y).not.toBe(x);
    expect(x.isLeaf).toBe(true);
    expect(y.gradFn!.name).toBe('IdentityBackward');
    y.sum().backward();
    expect(values(x.grad)).toEqual([2, 2]);
  });
});
