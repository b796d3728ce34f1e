/**
 * The single dispatch point. Every tensor op runs through {@link dispatch}: it resolves the one
 * backend all inputs live on, runs the op's forward, and tells an installed autograd engine what
 * happened. Ops called from inside another op's forward are not recorded: the outer op owns the
 * gradient. This is also where op fusion or tracing would hook in.
 */
import type { Backend } from './backend/contract.js';
import { getBackend, getDefaultDevice } from './backend/registry.js';
import { runDueSweeps } from './memory/device-memory.js';
import type { AttrsOf, OpName } from './op-table/index.js';
import type { Tensor } from './tensor.js';

/** One executed op, as the autograd engine sees it. */
export interface OpRecord<N extends OpName = OpName> {
  /** The op's name in the op table (e.g. `'mul'`). */
  readonly name: N;
  readonly inputs: readonly Tensor[];
  readonly attrs: AttrsOf<N>;
  readonly outputs: readonly Tensor[];
}

/** What `@typetorch/autograd` installs into the tensor package. */
export interface AutogradEngine {
  /** Called before a top-level op runs, to reject what autograd cannot allow (in-place writes to leaves). */
  check(name: OpName, inputs: readonly Tensor[]): void;
  /** Called once per top-level op; returns nothing, may attach `gradFn` to outputs. */
  record(op: OpRecord): void;
  /** Implements `Tensor.backward`. */
  backward(tensor: Tensor, gradient: Tensor | undefined, options: BackwardOptions): void;
  /** Implements `Tensor.retainGrad` for a non-leaf: its node hands it the gradient during backward. */
  retainGrad(tensor: Tensor): void;
  /** Implements `Tensor.registerHook`. */
  registerHook(tensor: Tensor, hook: GradientHook): { remove(): void };
}

/** A hook on the gradient of a tensor: returning a tensor replaces the gradient (PyTorch: `register_hook`). */
export type GradientHook = (grad: Tensor) => Tensor | undefined;

export interface BackwardOptions {
  retainGraph?: boolean;
  createGraph?: boolean;
}

let engine: AutogradEngine | undefined;
let depth = 0;
/** The top-level op running now, for errors raised deep inside it (e.g. an unsupported dtype). */
let outerOp: OpName | undefined;
/** Test-only: told each top-level op's name (the op table's coverage tests). */
let observer: ((name: OpName) => void) | undefined;

/** Installs the autograd engine (done by importing `@typetorch/autograd`). */
export function installAutograd(e: AutogradEngine | undefined): void {
  engine = e;
}

export function autogradEngine(): AutogradEngine | undefined {
  return engine;
}

/**
 * Test-only: `fn` is told the name of every top-level op dispatched from now on (undefined stops
 * it). The op table's coverage tests use it to see which ops a suite really ran.
 */
export function observeOps(fn: ((name: OpName) => void) | undefined): void {
  observer = fn;
}

/** The name of the top-level op being dispatched, or undefined outside any op. */
export function runningOp(): OpName | undefined {
  return depth > 0 ? outerOp : undefined;
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
 * device for ops without tensor inputs (creation ops).
 */
export function dispatch<N extends OpName, R extends Tensor | readonly Tensor[]>(
  name: N,
  inputs: readonly Tensor[],
  attrs: AttrsOf<N>,
  forward: (backend: Backend) => R,
  device?: string,
): R {
  const backend = backendOf(name, inputs, device);
  if (depth === 0 && engine !== undefined) engine.check(name, inputs);
  if (depth === 0) {
    outerOp = name;
    observer?.(name);
  }
  depth++;
  let out: R;
  try {
    out = forward(backend);
  } finally {
    depth--;
    // Memory sweeps wait for the outermost op: its kernels hold storage handles a sweep could move.
    if (depth === 0) runDueSweeps();
  }
  if (depth === 0 && engine !== undefined) {
    const outputs = (Array.isArray(out) ? out : [out]) as readonly Tensor[];
    engine.record({ name, inputs, attrs, outputs } as OpRecord);
  }
  return out;
}
