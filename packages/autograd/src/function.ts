/**
 * Custom differentiable functions (PyTorch: `torch.autograd.Function`); the class comment of
 * `Function` below shows how to write one.
 */
import { Tensor } from '@typetorch/tensor';
import type { Formula } from './formulas/registry.js';
import { isGradEnabled, noGrad } from './grad-mode.js';
import { attachOutputs, edgeOf } from './graph.js';
import { Node, SavedTensor } from './node.js';

/** What `forward` and `backward` share (PyTorch: `ctx`). */
export class FunctionCtx {
  private saved: SavedTensor[] = [];
  private nodeName = 'Function';
  /** Which tensor arguments need a gradient (PyTorch: `ctx.needs_input_grad`). */
  needsInputGrad: boolean[] = [];
  /** Arbitrary values for backward (PyTorch: attributes set on ctx). */
  readonly values: Record<string, unknown> = {};

  /**
   * Saves tensors for backward; in-place changes to them afterwards are detected
   * (PyTorch: `ctx.save_for_backward`).
   */
  saveForBackward(...tensors: Tensor[]): void {
    for (const s of this.saved) s.release();
    // Saved inputs keep their place in the graph, so double backward through a custom function works.
    this.saved = tensors.map((t) => new SavedTensor(t, edgeOf(t)));
  }

  /** The tensors given to {@link saveForBackward} (PyTorch: `ctx.saved_tensors`). */
  get savedTensors(): Tensor[] {
    return this.saved.map((s) => s.get(this.nodeName));
  }

  /** @internal */
  bind(name: string): void {
    this.nodeName = name;
  }

  /** @internal */
  releaseSaved(): void {
    for (const s of this.saved) s.release();
  }
}

/** What a custom {@link Function}'s `forward` returns: one tensor or several (PyTorch: the same). */
export type FunctionOutput = Tensor | readonly Tensor[];

// Static members dispatch on `this`, the user's subclass.
/**
 * Base class of custom differentiable operations (PyTorch: `torch.autograd.Function`). Subclass it
 * with a static `forward(ctx, ...args)` that computes the outputs from tensors (and any other
 * arguments) and a static `backward(ctx, ...grads)` that maps one gradient per output (null where an
 * output received none) to one gradient, or null, per tensor argument; call it as
 * `MyFn.apply(...args)`, never `forward` directly. `forward` runs under `noGrad`; it shares state with
 * `backward` through its {@link FunctionCtx} (`ctx.saveForBackward`, `ctx.values`).
 *
 * ```ts
 * class Exp extends Function {
 *   static forward(ctx: FunctionCtx, x: Tensor) { const y = x.exp(); ctx.saveForBackward(y); return y; }
 *   static backward(ctx: FunctionCtx, g: Tensor) { const [y] = ctx.savedTensors; return g.mul(y); }
 * }
 * const y = Exp.apply(x);
 * ```
 *
 * Gradients of `backward` are recorded too (with `createGraph`), so double backward works when
 * `backward` is built from differentiable tensor ops.
 */
export abstract class Function {
  /**
   * Computes the outputs; override as a static method (PyTorch: `Function.forward`). The default
   * throws.
   */
  static forward(_ctx: FunctionCtx, ..._args: unknown[]): FunctionOutput {
    throw new Error(`${this.name}.forward is not implemented: define a static forward(ctx, ...args)`);
  }

  /**
   * Computes input gradients from output gradients, one per tensor argument of `apply` (null for
   * none); override as a static method (PyTorch: `Function.backward`). The default throws.
   */
  static backward(
    _ctx: FunctionCtx,
    ..._grads: (Tensor | null)[]
  ): Tensor | null | readonly (Tensor | null)[] {
    throw new Error(`${this.name}.backward is not implemented: define a static backward(ctx, ...grads)`);
  }

  /** Runs the function and records it for backward (PyTorch: `Function.apply`). */
  static apply<T extends FunctionOutput>(
    this: typeof Function & { forward(ctx: FunctionCtx, ...args: never[]): T },
    ...args: unknown[]
  ): T {
    const ctx = new FunctionCtx();
    const name = `${this.name}Backward`;
    ctx.bind(name);
    const tensorArgs = args.filter((a): a is Tensor => a instanceof Tensor);
    ctx.needsInputGrad = tensorArgs.map((t) => t.requiresGrad);
    const result = noGrad(() => (this.forward as (ctx: FunctionCtx, ...a: unknown[]) => T)(ctx, ...args));
    const edges = tensorArgs.map(edgeOf);
    if (!isGradEnabled() || edges.every((e) => e === null)) {
      ctx.releaseSaved();
      return result;
    }
    const outputs = (Array.isArray(result) ? result : [result]) as Tensor[];
    const cls = this;
    const formula: Formula = {
      node: name,
      backward(_c, grads) {
        const out = cls.backward(ctx, ...grads);
        const list = Array.isArray(out) ? out : [out];
        if (list.length !== tensorArgs.length) {
          throw new Error(
            `function ${name} returned an incorrect number of gradients (expected ${tensorArgs.length}, got ${list.length})`,
          );
        }
        return list as (Tensor | null)[];
      },
    };
    // An output may be an input returned as is: give the graph its own tensor object for it.
    outputs.forEach((o, i) => {
      if (tensorArgs.includes(o)) outputs[i] = o.detach();
    });
    const meta = tensorArgs.map((t) => ({ shape: t.shape, dtype: t.dtype, device: t.device }));
    const node = new Node(formula, edges, {}, meta, tensorArgs, outputs, () => ctx.releaseSaved());
    attachOutputs(node, outputs);
    return (Array.isArray(result) ? outputs : outputs[0]) as unknown as T;
  }
}
