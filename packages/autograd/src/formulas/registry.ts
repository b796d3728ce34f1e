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

/**
 * What a gradient formula's `backward` sees of the forward call (PyTorch: the saved variables of an
 * autograd node, e.g. `MulBackward0`).
 */
export interface BackwardContext<N extends OpName = OpName> {
  /**
   * The attributes the op recorded (typed by its row in the op table), e.g. `dim` of `sum`
   * (PyTorch: a node's saved non-tensor arguments).
   */
  readonly attrs: AttrsOf<N>;
  /** Saved input `i` (only those listed in the formula's `saveInputs`; PyTorch: `node._saved_self`). */
  input(i: number): Tensor;
  /** Saved output `i` (only those listed in `saveOutputs`; PyTorch: `node._saved_result`). */
  output(i: number): Tensor;
  /** Shape, dtype and device of every input, saved or not (PyTorch keeps the same per input). */
  readonly inputMeta: readonly TensorMeta[];
  /**
   * Whether input i needs a gradient; formulas may skip work for the others
   * (PyTorch: `ctx.needs_input_grad`).
   */
  readonly needsInputGrad: readonly boolean[];
}

/** Shape, dtype and device of a tensor, kept by a graph node (PyTorch: a node's input metadata). */
export interface TensorMeta {
  /** The tensor's shape (PyTorch: `Tensor.shape`). */
  readonly shape: readonly number[];
  /** The tensor's element type (PyTorch: `Tensor.dtype`). */
  readonly dtype: DType;
  /** The tensor's device name, e.g. `'cpu'` (PyTorch: `Tensor.device`). */
  readonly device: string;
}

/**
 * The gradient formula of one op (PyTorch: an entry of `tools/autograd/derivatives.yaml`, the
 * source of its `*Backward` nodes): what it saves at forward time and how it maps output gradients to
 * input gradients. Register one with {@link defineGradient}.
 */
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
  /** Output indices to save for backward (PyTorch: `result` in `derivatives.yaml`). */
  readonly saveOutputs?: readonly number[];
  /**
   * Input gradients from output gradients (null where an output received none). Return null or
   * undefined for inputs without a gradient. May return its argument tensors as they are
   * (PyTorch: a node's `apply`).
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
 * out-of-place op's formula. (PyTorch has none at run time: its formulas are compiled in from
 * `derivatives.yaml`; for user-defined ops use `torch.autograd.Function`, here {@link Function}.)
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

/** Every op with a registered gradient, for table-driven gradient tests (PyTorch has none). */
export function differentiableOps(): OpName[] {
  return [...formulas.keys()];
}

/** The node name `formula` gives for inputs described by `inputs`. */
export function nodeName(formula: Formula, inputs: readonly TensorMeta[]): string {
  return typeof formula.node === 'string' ? formula.node : formula.node(inputs);
}
