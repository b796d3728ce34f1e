/**
 * Graph nodes. A {@link Node} is the `gradFn` of the outputs of one recorded op: it holds the
 * tensors the op's formula saved and one edge per input to the node that produced that input (or to
 * the leaf's {@link AccumulateGrad}).
 */
import { type GradFn, type Tensor, untrack } from '@typetorch/tensor';
import { type BackwardContext, type Formula, nodeName, type TensorMeta } from './formulas/registry.js';
import { linkAlias } from './graph.js';

/** Where an input's gradient goes: a node and which of its outputs the input was. */
export interface Edge {
  readonly node: GraphNode;
  readonly outputNr: number;
}

/** Anything backward can run: an op's node or a leaf's accumulator. */
export interface GraphNode extends GradFn {
  readonly edges: readonly (Edge | null)[];
  /** Number of outputs (gradient slots). */
  readonly numOutputs: number;
}

/**
 * PyTorch's `grad_fn.next_functions`: one `[node, outputNr]` pair per input, `[null, 0]` for an input
 * that needs no gradient; a leaf's node is its `AccumulateGrad` (with `variable`).
 */
function nextFunctionsOf(edges: readonly (Edge | null)[]): readonly (readonly [GraphNode | null, number])[] {
  return Object.freeze(
    edges.map((e): readonly [GraphNode | null, number] =>
      Object.freeze(e === null ? ([null, 0] as const) : ([e.node, e.outputNr] as const)),
    ),
  );
}

const FREED_MESSAGE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

/** A tensor saved for backward: a private alias of its storage plus the version it had. */
export class SavedTensor {
  private alias: Tensor | null;
  private readonly version: number;
  private linked = false;

  /**
   * `edge` is where the original's gradient flows, so the unpacked alias can rejoin the graph.
   * `version` is the storage version the values were read at (default: the current one).
   */
  constructor(
    t: Tensor,
    private readonly edge: Edge | null = null,
    version: number = t.storage.version,
  ) {
    // A detached alias keeps the storage alive even if the user disposes `t`; untracked so that the
    // scope the forward ran in does not free it before backward.
    this.alias = untrack(t.detach());
    this.version = version;
  }

  get(nodeName: string): Tensor {
    if (this.alias === null) throw new Error(FREED_MESSAGE);
    const t = this.alias;
    if (t.storage.version !== this.version) {
      throw new Error(
        `one of the variables needed for gradient computation has been modified by an inplace operation: [${t.dtype} [${t.shape.join(', ')}]] is at version ${t.storage.version}; expected version ${this.version} instead. (saved by ${nodeName})`,
      );
    }
    if (!this.linked && this.edge !== null) {
      linkAlias(t, this.edge);
      this.linked = true;
    }
    return t;
  }

  release(): void {
    this.alias?.dispose();
    this.alias = null;
  }
}

/**
 * `ctx.input` or `ctx.output` of a node's backward: saved tensor `i` of `map`. Made here, unnamed,
 * because code run through tsx/esbuild (`keepNames`) pays a defineProperty for every named closure
 * it makes, at every backward of every node.
 */
function readerOf(map: Map<number, SavedTensor>, kind: string, name: string): (i: number) => Tensor {
  return (i) => {
    const s = map.get(i);
    if (s === undefined)
      throw new Error(`internal error: ${name} reads ${kind} ${i}, which its formula does not save`);
    return s.get(name);
  };
}

/** The node of one recorded op. */
export class Node implements GraphNode {
  readonly name: string;
  private readonly savedInputs = new Map<number, SavedTensor>();
  private readonly savedOutputs = new Map<number, SavedTensor>();
  private released = false;
  readonly numOutputs: number;
  /**
   * Outputs that asked for `retainGrad()`, by output index. Only those: a node holding every output
   * would keep each intermediate's memory alive as long as the graph.
   */
  readonly retained = new Map<number, Tensor>();

  constructor(
    private readonly formula: Formula,
    readonly edges: readonly (Edge | null)[],
    private readonly attrs: object,
    readonly inputMeta: readonly TensorMeta[],
    inputs: readonly (Tensor | SavedTensor)[],
    outputs: readonly Tensor[],
    /** Extra cleanup when the graph is freed (custom functions' saved tensors). */
    private readonly onRelease?: () => void,
  ) {
    this.name = nodeName(formula, inputMeta);
    const needs = edges.map((e) => e !== null);
    const saveInputs =
      typeof formula.saveInputs === 'function' ? formula.saveInputs(needs) : (formula.saveInputs ?? []);
    for (const i of saveInputs) {
      const t = inputs[i];
      if (t !== undefined)
        this.savedInputs.set(i, t instanceof SavedTensor ? t : new SavedTensor(t, edges[i]));
    }
    for (const i of formula.saveOutputs ?? []) {
      this.savedOutputs.set(i, new SavedTensor(outputs[i], { node: this, outputNr: i }));
    }
    this.numOutputs = outputs.length;
  }

  /** Runs the formula: output gradients in, input gradients out. */
  apply(grads: readonly (Tensor | null)[]): readonly (Tensor | null | undefined)[] {
    const hasSaved = this.savedInputs.size + this.savedOutputs.size > 0;
    if (this.released && hasSaved) throw new Error(FREED_MESSAGE);
    const name = this.name;
    const ctx: BackwardContext = {
      attrs: this.attrs,
      inputMeta: this.inputMeta,
      needsInputGrad: this.edges.map((e) => e !== null),
      input: readerOf(this.savedInputs, 'input', name),
      output: readerOf(this.savedOutputs, 'output', name),
    };
    const out = this.formula.backward(ctx, grads);
    return this.inputMeta.map((meta, i) => {
      const g = out[i];
      if (g === null || g === undefined || this.edges[i] === null) return null;
      if (g.shape.length !== meta.shape.length || g.shape.some((s, k) => s !== meta.shape[k])) {
        throw new Error(
          `Function ${name} returned an invalid gradient at index ${i} - got [${g.shape.join(', ')}] but expected shape compatible with [${meta.shape.join(', ')}]`,
        );
      }
      // Gradients take their input's dtype and device (a float32 input of a float64 op gets float32).
      return g.dtype === meta.dtype && g.device === meta.device
        ? g
        : g.to({ dtype: meta.dtype, device: meta.device });
    });
  }

  /** Per input, the node its gradient goes to and which output (PyTorch: `next_functions`). */
  get nextFunctions(): readonly (readonly [GraphNode | null, number])[] {
    return nextFunctionsOf(this.edges);
  }

  /** Frees saved tensors (after a backward without `retainGraph`). */
  release(): void {
    this.released = true;
    for (const s of this.savedInputs.values()) s.release();
    for (const s of this.savedOutputs.values()) s.release();
    this.retained.clear();
    this.onRelease?.();
  }
}

/** The sink of a leaf tensor's gradient (PyTorch: `AccumulateGrad`). */
export class AccumulateGrad implements GraphNode {
  readonly name = 'AccumulateGrad';
  readonly edges: readonly (Edge | null)[] = [];
  readonly numOutputs = 1;
  /** A leaf's accumulator has no inputs (PyTorch: `AccumulateGrad.next_functions == ()`). */
  readonly nextFunctions: readonly (readonly [GraphNode | null, number])[] = Object.freeze([]);

  constructor(readonly variable: Tensor) {}
}
