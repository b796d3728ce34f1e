/**
 * Full backward hooks on modules (PyTorch: `Module.register_full_backward_hook`). As PyTorch's
 * `BackwardHook`, a forward call with hooks passes the module's tensor inputs and outputs through two
 * identity autograd functions: the one on the outputs records the gradients w.r.t. the outputs; the one
 * on the inputs receives all input gradients at once, runs the hooks and passes on what they return.
 * When no input requires a gradient, the hooks run as soon as the output gradients are known, with
 * `null` for every input (as PyTorch).
 *
 * Not checked, unlike PyTorch: a module whose forward modifies its input in place and returns it
 * (PyTorch raises "Output 0 of BackwardHookFunctionBackward is a view and is being modified inplace");
 * typetorch's hook then sees the gradient of the modified tensor.
 */
import { Function as AutogradFunction, type FunctionCtx, isGradEnabled } from '@typetorch/autograd';
import { Tensor, untrack } from '@typetorch/tensor';
import type { Module } from './module.js';

/**
 * Runs when the gradients w.r.t. a module's inputs are computed: `gradInput` has one entry per tensor
 * argument of `forward` (`null` where it does not require a gradient), `gradOutput` one per tensor output.
 * Returning an array replaces `gradInput` (PyTorch's hook signature `hook(module, grad_input, grad_output)`).
 * The gradients given stay valid after backward; tensors the hook computes are temporaries of the backward
 * pass unless returned or held with `keep()`.
 */
export type FullBackwardHook = (
  module: Module,
  gradInput: (Tensor | null)[],
  gradOutput: (Tensor | null)[],
) => FullBackwardHookResult;

/**
 * A new `gradInput`, or nothing (`undefined`, or a hook with no `return`) to keep it (PyTorch: the return
 * value of a `register_full_backward_hook` hook, a tuple or None).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that records and returns nothing is typed `void`
export type FullBackwardHookResult = readonly (Tensor | null)[] | undefined | void;

type Callback = (grads: (Tensor | null)[]) => (Tensor | null)[];

/** An identity whose backward hands the gradients to `ctx.values.callback` (PyTorch: BackwardHookFunction). */
class BackwardHookFunction extends AutogradFunction {
  static override forward(ctx: FunctionCtx, callback: Callback, ...tensors: Tensor[]): Tensor[] {
    ctx.values.callback = callback;
    return tensors;
  }

  static override backward(ctx: FunctionCtx, ...grads: (Tensor | null)[]): (Tensor | null)[] {
    return (ctx.values.callback as Callback)(grads);
  }
}

function runHooks(
  module: Module,
  hooks: readonly FullBackwardHook[],
  gradInput: (Tensor | null)[],
  gradOutput: (Tensor | null)[],
): (Tensor | null)[] {
  let current = gradInput;
  for (const hook of hooks) {
    const result = hook(module, current, gradOutput);
    if (result === undefined) continue;
    if (result.length !== current.length) {
      throw new Error(
        `Backward hook returned an invalid number of grad_input, got ${result.length}, but expected ${current.length}`,
      );
    }
    current = [...result];
  }
  return current;
}

/**
 * The engine disposes the gradients it passes once they are used: hooks get aliases sharing their
 * storage, which stay valid if a hook keeps them (as PyTorch's hooks may store `grad_output[0]`).
 */
const alias = (g: Tensor | null): Tensor | null => (g === null ? null : untrack(g.detach()));

/** Replaces every tensor in `value` (a tensor or nested arrays) by `map(tensor)`. */
function mapTensors(value: unknown, map: (t: Tensor) => Tensor): unknown {
  if (value instanceof Tensor) return map(value);
  if (Array.isArray(value)) return value.map((v) => mapTensors(v, map));
  return value;
}

function collectTensors(value: unknown, out: Tensor[] = []): Tensor[] {
  if (value instanceof Tensor) out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectTensors(v, out);
  return out;
}

/**
 * Runs `call(args)` (the module's forward with its other hooks) with the full backward hooks attached
 * to its tensor inputs and outputs.
 */
export function withBackwardHooks(
  module: Module,
  hooks: readonly FullBackwardHook[],
  args: unknown[],
  call: (args: unknown[]) => unknown,
): unknown {
  if (hooks.length === 0 || !isGradEnabled()) return call(args);
  const inputs = args.filter((a): a is Tensor => a instanceof Tensor);
  const tracked = inputs.filter((t) => t.requiresGrad);
  let gradOutput: (Tensor | null)[] = [];
  let hookedArgs = args;
  if (tracked.length > 0) {
    const onInputs: Callback = (grads) => {
      const originals = inputs.map((t) => (t.requiresGrad ? grads[tracked.indexOf(t)] : null));
      const gradInput = originals.map(alias);
      const result = runHooks(module, hooks, gradInput, gradOutput);
      gradOutput = [];
      return tracked.map((t) => {
        const i = inputs.indexOf(t);
        return result[i] === gradInput[i] ? originals[i] : result[i];
      });
    };
    const passed = BackwardHookFunction.apply(onInputs, ...tracked) as Tensor[];
    hookedArgs = args.map((a) => (a instanceof Tensor && a.requiresGrad ? passed[tracked.indexOf(a)] : a));
  }
  const output = call(hookedArgs);
  const outputs = collectTensors(output).filter((t) => t.requiresGrad);
  if (outputs.length === 0) return output;
  const onOutputs: Callback = (grads) => {
    gradOutput = grads.map(alias);
    if (tracked.length === 0) {
      runHooks(
        module,
        hooks,
        inputs.map(() => null),
        gradOutput,
      );
      gradOutput = [];
    }
    return grads;
  };
  const passed = BackwardHookFunction.apply(onOutputs, ...outputs) as Tensor[];
  return mapTensors(output, (t) => (t.requiresGrad ? passed[outputs.indexOf(t)] : t));
}
