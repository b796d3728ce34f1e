/**
 * The single dispatch point. Every tensor op runs through {@link dispatch}: it resolves the one
 * backend all inputs live on, runs the op's forward, and tells an installed autograd engine what
 * happened. Ops called from inside another op's forward are not recorded: the outer op owns the
 * gradient. This is also where op fusion or tracing would hook in.
 */
import type { Backend } from './backend/contract.js';
import { getBackend, getDefaultDevice } from './backend/registry.js';
import { shared } from './global-state.js';
import { runDueSweeps } from './memory/device-memory.js';
import type { AttrsOf, OpName } from './op-table/index.js';
import type { Tensor } from './tensor.js';

/** One executed op, as the autograd engine sees it (PyTorch: what the autograd dispatch key sees of an ATen call). */
export interface OpRecord<N extends OpName = OpName> {
  /** The op's name in the op table (e.g. `'mul'`; PyTorch: the ATen operator, `aten::mul`). */
  readonly name: N;
  /** The op's tensor inputs, in order (PyTorch: the call's tensor arguments). */
  readonly inputs: readonly Tensor[];
  /** What the op recorded for its gradient (PyTorch: the values its `grad_fn` saves). */
  readonly attrs: AttrsOf<N>;
  /** The op's outputs, in order (PyTorch: the call's results). */
  readonly outputs: readonly Tensor[];
}

/** What `@typetorch/autograd` installs into the tensor package (PyTorch has no equivalent: its autograd is built in). */
export interface AutogradEngine {
  /** Called before a top-level op runs, to reject what autograd cannot allow (in-place writes to leaves; PyTorch raises the same errors). */
  check(name: OpName, inputs: readonly Tensor[]): void;
  /** Called once per top-level op; returns nothing, may attach `gradFn` to outputs (PyTorch: the autograd kernel setting `grad_fn`). */
  record(op: OpRecord): void;
  /** Implements `Tensor.backward` (PyTorch: `torch.autograd.backward`). */
  backward(tensor: Tensor, gradient: Tensor | undefined, options: BackwardOptions): void;
  /** Implements `Tensor.retainGrad` for a non-leaf: its node hands it the gradient during backward (PyTorch: `Tensor.retain_grad`). */
  retainGrad(tensor: Tensor): void;
  /** Implements `Tensor.registerHook` (PyTorch: `Tensor.register_hook`). */
  registerHook(tensor: Tensor, hook: GradientHook): { remove(): void };
}

/** A hook on the gradient of a tensor: returning a tensor replaces the gradient (PyTorch: `register_hook`). */
export type GradientHook = (grad: Tensor) => Tensor | undefined;

/** Options of `Tensor.backward` (PyTorch: `Tensor.backward(gradient=None, retain_graph=None, create_graph=False)`). */
export interface BackwardOptions {
  /** Keep the graph's saved tensors so that backward can run through it again; defaults to `createGraph` (PyTorch: `retain_graph`). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients; default false (PyTorch: `create_graph`). */
  createGraph?: boolean;
}

/**
 * One per process, shared by every loaded copy of this package (global-state.ts): autograd bound to
 * one copy records ops run through another, and an op of one copy calling into another is still one
 * op (not recorded twice, no memory sweep in its middle).
 */
const state = shared('dispatch', () => ({
  engine: undefined as AutogradEngine | undefined,
  depth: 0,
  /** The top-level op running now, for errors raised deep inside it (e.g. an unsupported dtype). */
  outerOp: undefined as OpName | undefined,
  /** Test-only: told each top-level op's name (the op table's coverage tests). */
  observer: undefined as ((name: OpName) => void) | undefined,
}));

/** Installs the autograd engine (done by importing `@typetorch/autograd`; PyTorch has no equivalent: its autograd is built in). */
export function installAutograd(e: AutogradEngine | undefined): void {
  state.engine = e;
}

/**
 * The installed autograd engine, or `undefined` until `@typetorch/autograd` is imported; e.g. the
 * conformance suite's gradient cases check it. (PyTorch has none: its autograd is built in.)
 */
export function autogradEngine(): AutogradEngine | undefined {
  return state.engine;
}

/**
 * `fn` is told the name of every top-level op dispatched from now on (undefined stops it). For
 * backend authors: the conformance suite's op coverage (`OpCoverage` of `@typetorch/conformance`)
 * uses it to see which ops a suite really ran. (PyTorch: roughly a
 * `torch.utils._python_dispatch.TorchDispatchMode` that logs each op.)
 */
export function observeOps(fn: ((name: OpName) => void) | undefined): void {
  state.observer = fn;
}

/** The name of the top-level op being dispatched, or undefined outside any op. */
export function runningOp(): OpName | undefined {
  return state.depth > 0 ? state.outerOp : undefined;
}

/** The backend shared by all inputs, or PyTorch's mixed-device error. */
export function backendOf(op: string, inputs: readonly Tensor[], device?: string): Backend {
  let dev = device;
  for (const t of inputs) {
    if (t.isDisposed) throw new Error(`${op}(): a Tensor argument was already disposed`);
    if (dev === undefined) dev = t.device;
    else if (t.device !== dev) {
      throw new Error(
        `${op}(): Expected all tensors to be on the same device, but found at least two devices, ${dev} and ${t.device}!`,
      );
    }
  }
  return getBackend(dev ?? getDefaultDevice());
}

/**
 * Runs op `name` (a row of the op table) on `inputs`, recording `attrs` (the row's attributes) for
 * its gradient. `forward` receives the backend and returns the output tensor(s). `device` names the
 * device for ops without tensor inputs (creation ops). (PyTorch: the dispatcher, `torch._C._dispatch_call`
 * roughly; every op of this package goes through here, once.)
 */
export function dispatch<N extends OpName, R extends Tensor | readonly Tensor[]>(
  name: N,
  inputs: readonly Tensor[],
  attrs: AttrsOf<N>,
  forward: (backend: Backend) => R,
  device?: string,
): R {
  const backend = backendOf(name, inputs, device);
  const engine = state.engine;
  if (state.depth === 0 && engine !== undefined) engine.check(name, inputs);
  if (state.depth === 0) {
    state.outerOp = name;
    state.observer?.(name);
  }
  state.depth++;
  let out: R;
  try {
    out = forward(backend);
  } finally {
    state.depth--;
    // Memory sweeps wait for the outermost op: its kernels hold storage handles a sweep could move.
    if (state.depth === 0) runDueSweeps();
  }
  if (state.depth === 0 && engine !== undefined) {
    const outputs = (Array.isArray(out) ? out : [out]) as readonly Tensor[];
    engine.record({ name, inputs, attrs, outputs } as OpRecord);
  }
  return out;
}
