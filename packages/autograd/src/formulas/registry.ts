/**
 * Gradient formulas, keyed by the op name the tensor package dispatches (`'mul'`, `'sum'`, ...).
 * One formula per op: which tensors it saves at forward time and how it maps output gradients to
 * input gradients. Formulas compose tensor ops, so they work on every backend.
 */
import type { DType, Tensor } from '@typetorch/tensor';

/** What a backward function sees of the forward call. */
export interface BackwardContext {
  readonly attrs: Readonly<Record<string, unknown>>;
  /** A saved input (only those listed in the formula's `saveInputs`). */
  input(i: number): Tensor;
  /** A saved output (only those listed in `saveOutputs`). */
  output(i: number): Tensor;
  /** Shape, dtype and device of every input, saved or not. */
  readonly inputMeta: readonly TensorMeta[];
  /** Whether input i needs a gradient; formulas may skip work for the others. */
  readonly needsInputGrad: readonly boolean[];
}

export interface TensorMeta {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly device: string;
}

export interface Formula {
  /** PyTorch's node name, e.g. `'MulBackward0'`. */
  readonly node: string;
  /**
   * Input indices to save for backward (their values at the time of the op), or a function of which
   * inputs need a gradient, to save only what those gradients use (as PyTorch does).
   */
  readonly saveInputs?: readonly number[] | ((needsInputGrad: readonly boolean[]) => readonly number[]);
  /** Output indices to save for backward. */
  readonly saveOutputs?: readonly number[];
  /**
   * Input gradients from output gradients (null where an output received none). Return null or
   * undefined for inputs without a gradient. May return its argument tensors as they are.
   */
  backward(ctx: BackwardContext, grads: readonly (Tensor | null)[]): readonly (Tensor | null | undefined)[];
}

const formulas = new Map<string, Formula>();
const nonDifferentiable = new Set<string>();

/** Registers the gradient of op `name`. */
export function defineGradient(name: string, formula: Formula): void {
  formulas.set(name, formula);
}

/** Marks ops whose outputs never require grad (comparisons, argmax, ...), as PyTorch does. */
export function defineNonDifferentiable(...names: string[]): void {
  for (const n of names) nonDifferentiable.add(n);
}

export function formulaFor(name: string): Formula | undefined {
  return formulas.get(name);
}

export function isNonDifferentiable(name: string): boolean {
  return nonDifferentiable.has(name);
}

/** Every op with a registered gradient (for the table-driven gradient tests). */
export function differentiableOps(): string[] {
  return [...formulas.keys()];
}
