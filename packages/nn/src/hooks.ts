/**
 * Forward hooks and pre-hooks (PyTorch: `Module.register_forward_hook`,
 * `register_forward_pre_hook`). PyTorch runs them in `Module.__call__`; typetorch's callers write
 * `module.forward(x)`, so registering the first hook wraps that module's `forward` (an own,
 * non-enumerable property) with one that runs the hooks around the original. Full backward hooks
 * (`register_full_backward_hook`) are kept here too and attached to each call by backward-hooks.ts.
 */
import { type FullBackwardHook, withBackwardHooks } from './backward-hooks.js';
import type { Module } from './module.js';

/**
 * Runs before `forward` with its arguments; returning a value replaces them (an array is the new
 * argument list, anything else the single argument), as PyTorch's tuple-or-value rule.
 */
export type ForwardPreHook = (module: Module, args: unknown[]) => unknown;
/**
 * Runs after `forward` with its arguments and output; returning a value replaces the output (PyTorch: the
 * `hook(module, args, output)` of `Module.register_forward_hook`).
 */
export type ForwardHook = (module: Module, args: unknown[], output: unknown) => unknown;

/** What registering a hook returns (PyTorch: `torch.utils.hooks.RemovableHandle`). */
export interface RemovableHandle {
  /** The hook's registration number, unique in the process (PyTorch: `RemovableHandle.id`). */
  readonly id: number;
  /** Unregisters the hook; later calls do nothing (PyTorch: `RemovableHandle.remove`). */
  remove(): void;
}

interface Hooks {
  pre: Map<number, ForwardPreHook>;
  post: Map<number, ForwardHook>;
  full: Map<number, FullBackwardHook>;
}

const registry = new WeakMap<Module, Hooks>();
let nextId = 0;

function hooksOf(module: Module): Hooks {
  let hooks = registry.get(module);
  if (hooks !== undefined) return hooks;
  const state: Hooks = { pre: new Map(), post: new Map(), full: new Map() };
  hooks = state;
  registry.set(module, hooks);
  const original = module.forward as (...args: unknown[]) => unknown;
  Object.defineProperty(module, 'forward', {
    value(this: Module, ...args: unknown[]) {
      let input = args;
      for (const hook of [...state.pre.values()]) {
        const result = hook(module, input);
        if (result !== undefined) input = Array.isArray(result) ? result : [result];
      }
      return withBackwardHooks(module, [...state.full.values()], input, (hooked) => {
        let output = original.apply(this, hooked);
        for (const hook of [...state.post.values()]) {
          const result = hook(module, hooked, output);
          if (result !== undefined) output = result;
        }
        return output;
      });
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
  return hooks;
}

function handle(map: Map<number, unknown>, id: number): RemovableHandle {
  return {
    id,
    remove() {
      map.delete(id);
    },
  };
}

export function registerForwardPreHook(module: Module, hook: ForwardPreHook): RemovableHandle {
  const { pre } = hooksOf(module);
  const id = nextId++;
  pre.set(id, hook);
  return handle(pre, id);
}

export function registerForwardHook(module: Module, hook: ForwardHook): RemovableHandle {
  const { post } = hooksOf(module);
  const id = nextId++;
  post.set(id, hook);
  return handle(post, id);
}

export function registerFullBackwardHook(module: Module, hook: FullBackwardHook): RemovableHandle {
  const { full } = hooksOf(module);
  const id = nextId++;
  full.set(id, hook);
  return handle(full, id);
}
