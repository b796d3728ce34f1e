/**
 * Gradient formulas, keyed by the op table's names (`'mul'`, `'sum'`, ...; see @typetorch/tensor's
 * op-table). One formula per differentiable op: which tensors it saves at forward time and how it maps
 * output gradients to input gradients. Formulas compose tensor ops, so they work on every backend.
 */
import {
  type AttrsOf,
  type DifferentiableOpName,
  type DType,
  type OpName,
  opInfo,
  type Tensor,
} from '@typetorch/tensor';

/** What a backward function sees of the forward call. */
export interface BackwardContext<N extends OpName = OpName> {
  /** The attributes the op recorded (typed by its row in the op table). */
  readonly attrs: AttrsOf<N>;
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

export interface Formula<N extends OpName = OpName> {
  /**
   * PyTorch's node name, e.g. `'MulBackward0'`, or a function of the inputs for ops whose PyTorch name
   * depends on them (`matmul`: `MmBackward0`, `MvBackward0`, `DotBackward0`...).
   */
  readonly node: string | ((inputs: readonly TensorMeta[]) => string);
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
  backward(
    ctx: BackwardContext<N>,
    grads: readonly (Tensor | null)[],
  ): readonly (Tensor | null | undefined)[];
}

const formulas = new Map<OpName, Formula>();

/**
 * Registers the gradient of op `name`, a row of the op table that says `differentiable: true`; its
 * formula reads the row's attributes as `ctx.attrs`. In-place elementwise forms (`add_`) use their
 * out-of-place op's formula.
 */
export function defineGradient<N extends DifferentiableOpName>(name: N, formula: Formula<N>): void {
  const info = opInfo(name);
  if (info.differentiable !== true || info.gradientOf !== name) {
    throw new Error(
      `defineGradient('${name}'): the op table marks it ${info.gradientOf !== name ? `as using ${info.gradientOf}'s gradient` : `differentiable: ${info.differentiable}`}`,
    );
  }
  formulas.set(name, formula as unknown as Formula);
}

/** The formula that differentiates op `name` (an in-place form's is its out-of-place op's). */
export function formulaFor(name: OpName): Formula | undefined {
  return formulas.get(opInfo(name).gradientOf);
}

/** Every op with a registered gradient (for the table-driven gradient tests). */
export function differentiableOps(): OpName[] {
  return [...formulas.keys()];
}

/** The node name `formula` gives for inputs described by `inputs`. */
export function nodeName(formula: Formula, inputs: readonly TensorMeta[]): string {
  return typeof formula.node === 'string' ? formula.node : formula.node(inputs);
}
