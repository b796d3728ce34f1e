/** `Embedding` (PyTorch: `torch.nn.Embedding`). */
import { noGrad } from '@typetorch/autograd';
import { bindArgs, type Tensor } from '@typetorch/tensor';
import { embedding, normalizePaddingIdx } from '../functional/embedding.js';
import { normal_ } from '../init/init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { type FactoryOptions, factoryParameter } from './factory.js';

/** Options of {@link Embedding} (PyTorch: the arguments of `torch.nn.Embedding` after `embedding_dim`). */
export interface EmbeddingOptions extends FactoryOptions {
  /**
   * Row for the padding token: initialised to zeros and never updated by gradients (PyTorch: `padding_idx`,
   * default None).
   */
  paddingIdx?: number | null;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`, indexed by int32 tensors
 * (PyTorch: `torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx=None)`). Initialised from
 * N(0, 1), with the `paddingIdx` row zero.
 */
export class Embedding extends Module {
  /**
   * The row whose entries get no gradient (zeros at first), or `null` (PyTorch: `padding_idx`, default None).
   */
  readonly paddingIdx: number | null;
  /** The learnable table `[numEmbeddings, embeddingDim]`, from N(0, 1) at first (PyTorch: `weight`). */
  weight: Parameter;

  /**
   * Takes `numEmbeddings`, `embeddingDim`, then `paddingIdx` positionally or in an options object (with
   * `device`, `dtype`); PyTorch's `max_norm`, `norm_type`, `scale_grad_by_freq` and `sparse` are rejected
   * unless left at their defaults (PyTorch: `torch.nn.Embedding.__init__`).
   * @param numEmbeddings - Size of the table (PyTorch: `num_embeddings`).
   * @param embeddingDim - Size of each vector (PyTorch: `embedding_dim`).
   */
  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    ...args: [options?: EmbeddingOptions] | [paddingIdx?: number | null, options?: EmbeddingOptions]
  ) {
    super();
    const options: EmbeddingOptions = bindArgs('Embedding.__init__()', args, {
      leading: 2,
      positional: ['paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse'],
      keywordOnly: ['device', 'dtype'],
    });
    rejectUnsupported(options as Record<string, unknown>);
    this.paddingIdx = normalizePaddingIdx(options.paddingIdx, numEmbeddings);
    this.weight = factoryParameter('empty', [numEmbeddings, embeddingDim], options);
    this.resetParameters();
  }

  /**
   * An embedding holding `embeddings` (`[num, dim]`, shared, not copied), frozen unless `freeze: false`
   * (PyTorch: `Embedding.from_pretrained(embeddings, freeze=True, padding_idx=None)`).
   */
  static fromPretrained(
    embeddings: Tensor,
    options: { freeze?: boolean; paddingIdx?: number | null } = {},
  ): Embedding {
    if (embeddings.ndim !== 2) throw new RangeError('Embeddings parameter is expected to be 2-dimensional');
    const [rows, cols] = embeddings.shape;
    const layer = new Embedding(rows, cols, { paddingIdx: options.paddingIdx, dtype: embeddings.dtype });
    layer.weight.dispose();
    layer.weight = new Parameter(embeddings, !(options.freeze ?? true));
    return layer;
  }

  /** Re-draws the table from N(0, 1) and zeroes the padding row (PyTorch: `reset_parameters`). */
  resetParameters(): void {
    normal_(this.weight);
    const row = this.paddingIdx;
    if (row !== null) noGrad(() => this.weight.select(0, row).fill_(0));
  }

  /**
   * Input: integer indices of any shape `(*)`; output `[*, embeddingDim]`, the rows of `weight` (PyTorch:
   * `torch.nn.Embedding.forward`).
   */
  forward(input: Tensor): Tensor {
    return embedding(input, this.weight, { paddingIdx: this.paddingIdx });
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    const padding = this.paddingIdx === null ? '' : `, padding_idx=${this.paddingIdx}`;
    return `${this.numEmbeddings}, ${this.embeddingDim}${padding}`;
  }
}

/** PyTorch's `max_norm`, `norm_type`, `scale_grad_by_freq` and `sparse` are not implemented: say so. */
function rejectUnsupported(options: Record<string, unknown>): void {
  const defaults: Record<string, unknown> = {
    maxNorm: null,
    normType: 2,
    scaleGradByFreq: false,
    sparse: false,
  };
  for (const [key, value] of Object.entries(defaults)) {
    if (options[key] !== undefined && options[key] !== value) {
      throw new TypeError(
        `Embedding.__init__(): '${key}' is not supported by typetorch yet (only ${String(value)})`,
      );
    }
  }
}
