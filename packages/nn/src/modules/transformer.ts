/**
 * The Transformer stacks (PyTorch: `torch.nn.TransformerEncoder`, `torch.nn.TransformerDecoder`,
 * `torch.nn.Transformer`). A stack deep-copies its layer `numLayers` times into a `ModuleList` named
 * `layers`, as PyTorch's `_get_clones`, so state dicts are named `layers.0.self_attn.in_proj_weight`, ...
 */
import { bindArgs, type DType, full, type Tensor } from '@typetorch/tensor';
import { checkKeyPaddingMaskDtype } from '../functional/multihead-attention.js';
import { xavierUniform_ } from '../init/init.js';
import { Module } from '../module.js';
import { deepCopy } from './clone.js';
import { ModuleList } from './containers.js';
import { LayerNorm } from './normalization.js';
import {
  DECODER_POSITIONAL,
  type DecoderForwardArgs,
  type DecoderForwardOptions,
  type TransformerActivation,
  TransformerDecoderLayer,
  TransformerEncoderLayer,
} from './transformer-layers.js';

/** PyTorch's `_get_clones`: `numLayers` deep copies of `layer` in a `ModuleList`. */
function getClones(layer: Module, numLayers: number): ModuleList {
  return new ModuleList(Array.from({ length: numLayers }, () => deepCopy(layer)));
}

type EncoderLike = Module & {
  forward(src: Tensor, options: { mask?: Tensor | null; srcKeyPaddingMask?: Tensor | null }): Tensor;
};
type DecoderLike = Module & { forward(tgt: Tensor, memory: Tensor, options: DecoderForwardOptions): Tensor };
type EncoderLayerLike = Module & {
  forward(src: Tensor, options: { srcMask?: Tensor | null; srcKeyPaddingMask?: Tensor | null }): Tensor;
};

/**
 * Options of {@link TransformerEncoder} (PyTorch: the arguments of `torch.nn.TransformerEncoder` after
 * `num_layers`).
 */
export interface TransformerEncoderOptions {
  /** Applied to the output of the last layer (a `LayerNorm`) (PyTorch: `norm`, default None). */
  norm?: Module | null;
  /** PyTorch's nested-tensor fast path switch; accepted, without effect (no fast path here). */
  enableNestedTensor?: boolean;
  /** PyTorch's left-alignment check of that fast path; accepted, without effect. */
  maskCheck?: boolean;
}

/**
 * Options of {@link TransformerEncoder.forward} (PyTorch: the arguments of `TransformerEncoder.forward` after
 * `src`).
 */
export interface TransformerEncoderForwardOptions {
  /** `[L, L]` or `[N * nhead, L, L]` attention mask (bool or float) (PyTorch: `mask`). */
  mask?: Tensor | null;
  /** `[N, L]` key padding mask (bool or float) (PyTorch: `src_key_padding_mask`). */
  srcKeyPaddingMask?: Tensor | null;
}

/**
 * A stack of `numLayers` copies of `encoderLayer`, then `norm` (PyTorch:
 * `torch.nn.TransformerEncoder(encoder_layer, num_layers, norm=None, enable_nested_tensor=True,
 * mask_check=True)`).
 */
export class TransformerEncoder extends Module {
  /** The `numLayers` deep copies of the given layer (PyTorch: `layers`). */
  layers: ModuleList;
  /** Number of layers in the stack (PyTorch: `num_layers`). */
  readonly numLayers: number;
  /** Applied to the output of the last layer, or `null` (PyTorch: `norm`, default None). */
  norm: Module | null;
  /**
   * PyTorch's nested-tensor fast path switch; kept for the signature, without effect here (PyTorch:
   * `enable_nested_tensor`).
   */
  readonly enableNestedTensor: boolean;
  /**
   * PyTorch's left-alignment mask check of that fast path; kept for the signature, without effect here
   * (PyTorch: `mask_check`).
   */
  readonly maskCheck: boolean;

  /**
   * Takes the layer to copy and `numLayers`, then `norm`, `enableNestedTensor`, `maskCheck` positionally or
   * as one options object (PyTorch: `torch.nn.TransformerEncoder.__init__`).
   */
  constructor(
    encoderLayer: Module,
    numLayers: number,
    ...args:
      | [options?: TransformerEncoderOptions]
      | [
          norm?: Module | null,
          enableNestedTensor?: boolean,
          maskCheck?: boolean,
          options?: TransformerEncoderOptions,
        ]
  ) {
    super();
    const o: TransformerEncoderOptions = bindArgs('TransformerEncoder.__init__()', args, {
      leading: 2,
      positional: ['norm', 'enableNestedTensor', 'maskCheck'],
    });
    this.layers = getClones(encoderLayer, numLayers);
    this.numLayers = numLayers;
    this.norm = o.norm ?? null;
    this.enableNestedTensor = o.enableNestedTensor ?? true;
    this.maskCheck = o.maskCheck ?? true;
  }

  /**
   * Runs `src` through every layer, then `norm` (PyTorch: `TransformerEncoder.forward(src, mask=None,
   * src_key_padding_mask=None)`).
   */
  forward(
    src: Tensor,
    ...args:
      | [options?: TransformerEncoderForwardOptions]
      | [mask?: Tensor | null, srcKeyPaddingMask?: Tensor | null, options?: TransformerEncoderForwardOptions]
  ): Tensor {
    const o: TransformerEncoderForwardOptions = bindArgs('TransformerEncoder.forward()', args, {
      leading: 1,
      positional: ['mask', 'srcKeyPaddingMask'],
    });
    checkKeyPaddingMaskDtype(o.srcKeyPaddingMask);
    let output = src;
    for (const layer of this.layers) {
      output = (layer as EncoderLayerLike).forward(output, {
        srcMask: o.mask,
        srcKeyPaddingMask: o.srcKeyPaddingMask,
      });
    }
    return this.norm === null ? output : (this.norm as LayerNorm).forward(output);
  }
}

/**
 * A stack of `numLayers` copies of `decoderLayer`, then `norm` (PyTorch:
 * `torch.nn.TransformerDecoder(decoder_layer, num_layers, norm=None)`).
 */
export class TransformerDecoder extends Module {
  /** The `numLayers` deep copies of the given layer (PyTorch: `layers`). */
  layers: ModuleList;
  /** Number of layers in the stack (PyTorch: `num_layers`). */
  readonly numLayers: number;
  /** Applied to the output of the last layer, or `null` (PyTorch: `norm`, default None). */
  norm: Module | null;

  /**
   * Takes the layer to copy and `numLayers`, then `norm` positionally or in an options object (PyTorch:
   * `torch.nn.TransformerDecoder.__init__`).
   */
  constructor(
    decoderLayer: Module,
    numLayers: number,
    ...args: [options?: { norm?: Module | null }] | [norm?: Module | null, options?: { norm?: Module | null }]
  ) {
    super();
    const o: { norm?: Module | null } = bindArgs('TransformerDecoder.__init__()', args, {
      leading: 2,
      positional: ['norm'],
    });
    this.layers = getClones(decoderLayer, numLayers);
    this.numLayers = numLayers;
    this.norm = o.norm ?? null;
  }

  /**
   * Runs `tgt` through every layer, each attending to `memory`, then `norm` (PyTorch:
   * `TransformerDecoder.forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
   * memory_key_padding_mask=None)`).
   */
  forward(tgt: Tensor, memory: Tensor, ...args: DecoderForwardArgs): Tensor {
    const o: DecoderForwardOptions = bindArgs('TransformerDecoder.forward()', args, {
      leading: 2,
      positional: DECODER_POSITIONAL,
    });
    let output = tgt;
    for (const layer of this.layers) output = (layer as DecoderLike).forward(output, memory, { ...o });
    return this.norm === null ? output : (this.norm as LayerNorm).forward(output);
  }
}

/** Options of {@link Transformer} (PyTorch's keyword arguments, in camelCase). */
export interface TransformerOptions {
  /** Features of the inputs, `E` (PyTorch: `d_model`, default 512). */
  dModel?: number;
  /** Number of attention heads (PyTorch: `nhead`, default 8). */
  nhead?: number;
  /** Number of encoder layers (PyTorch: `num_encoder_layers`, default 6). */
  numEncoderLayers?: number;
  /** Number of decoder layers (PyTorch: `num_decoder_layers`, default 6). */
  numDecoderLayers?: number;
  /** Hidden size of the feed-forward blocks (PyTorch: `dim_feedforward`, default 2048). */
  dimFeedforward?: number;
  /** Dropout probability (PyTorch: `dropout`, default 0.1). */
  dropout?: number;
  /** The feed-forward activation (PyTorch: `activation`, default 'relu'). */
  activation?: TransformerActivation;
  /**
   * Used instead of the encoder stack (its `forward(src, { mask, srcKeyPaddingMask })` is called). PyTorch:
   * `custom_encoder`.
   */
  customEncoder?: Module | null;
  /**
   * Used instead of the decoder stack (its `forward(tgt, memory, { tgtMask, ... })` is called). PyTorch:
   * `custom_decoder`.
   */
  customDecoder?: Module | null;
  /** The layer norms' eps (PyTorch: `layer_norm_eps`, default 1e-5). */
  layerNormEps?: number;
  /** Inputs and outputs are `[N, L, E]` instead of `[L, N, E]` (PyTorch: `batch_first`, default False). */
  batchFirst?: boolean;
  /**
   * Layer norm before attention and feed-forward (pre-norm) instead of after (PyTorch: `norm_first`, default
   * False).
   */
  normFirst?: boolean;
  /** Device of the created parameters (PyTorch: `device`). */
  device?: string;
  /** Floating dtype of the created parameters (PyTorch: `dtype`). */
  dtype?: DType;
}

/** Options of {@link Transformer.forward} (PyTorch: the mask arguments of `Transformer.forward`). */
export interface TransformerForwardOptions {
  /** `[S, S]` or `[N * nhead, S, S]` encoder self-attention mask (PyTorch: `src_mask`). */
  srcMask?: Tensor | null;
  /** `[T, T]` or `[N * nhead, T, T]` decoder self-attention mask (PyTorch: `tgt_mask`). */
  tgtMask?: Tensor | null;
  /** `[T, S]` or `[N * nhead, T, S]` mask of the attention to the memory (PyTorch: `memory_mask`). */
  memoryMask?: Tensor | null;
  /** `[N, S]` key padding mask of the source (PyTorch: `src_key_padding_mask`). */
  srcKeyPaddingMask?: Tensor | null;
  /** `[N, T]` key padding mask of the target (PyTorch: `tgt_key_padding_mask`). */
  tgtKeyPaddingMask?: Tensor | null;
  /** `[N, S]` key padding mask of the memory (PyTorch: `memory_key_padding_mask`). */
  memoryKeyPaddingMask?: Tensor | null;
}

const TRANSFORMER_POSITIONAL = [
  'dModel',
  'nhead',
  'numEncoderLayers',
  'numDecoderLayers',
  'dimFeedforward',
  'dropout',
  'activation',
  'customEncoder',
  'customDecoder',
  'layerNormEps',
  'batchFirst',
  'normFirst',
  'device',
  'dtype',
];
const FORWARD_POSITIONAL = [
  'srcMask',
  'tgtMask',
  'memoryMask',
  'srcKeyPaddingMask',
  'tgtKeyPaddingMask',
  'memoryKeyPaddingMask',
];

/**
 * The encoder-decoder Transformer of "Attention Is All You Need" (PyTorch: `torch.nn.Transformer(
 * d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, dropout=0.1,
 * activation=relu, custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-05, batch_first=False,
 * norm_first=False)`): submodules `encoder` and `decoder`, every parameter of 2 or more dims
 * re-initialised Xavier-uniform. Positional arguments follow PyTorch's order; any may be passed in a
 * trailing options object.
 */
export class Transformer extends Module {
  /**
   * The encoder: a `TransformerEncoder` with a final `LayerNorm`, or the custom encoder (PyTorch: `encoder`).
   */
  encoder: Module;
  /**
   * The decoder: a `TransformerDecoder` with a final `LayerNorm`, or the custom decoder (PyTorch: `decoder`).
   */
  decoder: Module;
  /** Features of the inputs, `E` (PyTorch: `d_model`). */
  readonly dModel: number;
  /** Number of attention heads (PyTorch: `nhead`). */
  readonly nhead: number;
  /** Inputs and outputs are `[N, L, E]` instead of `[L, N, E]` (PyTorch: `batch_first`). */
  readonly batchFirst: boolean;

  /**
   * Takes PyTorch's arguments in PyTorch's order (`dModel`, `nhead`, `numEncoderLayers`, `numDecoderLayers`,
   * `dimFeedforward`, `dropout`, `activation`, `customEncoder`, `customDecoder`, `layerNormEps`,
   * `batchFirst`, `normFirst`, `device`, `dtype`), positionally or in a trailing options object (PyTorch:
   * `torch.nn.Transformer.__init__`).
   */
  constructor(
    ...args:
      | [options?: TransformerOptions]
      | [
          dModel?: number,
          nhead?: number,
          numEncoderLayers?: number,
          numDecoderLayers?: number,
          dimFeedforward?: number,
          dropout?: number,
          activation?: TransformerActivation,
          customEncoder?: Module | null,
          customDecoder?: Module | null,
          layerNormEps?: number,
          batchFirst?: boolean,
          normFirst?: boolean,
          device?: string,
          dtype?: DType,
          options?: TransformerOptions,
        ]
  ) {
    super();
    const o: TransformerOptions = bindArgs('Transformer.__init__()', args, {
      positional: TRANSFORMER_POSITIONAL,
    });
    const dModel = o.dModel ?? 512;
    const nhead = o.nhead ?? 8;
    const f = { device: o.device, dtype: o.dtype };
    const eps = o.layerNormEps ?? 1e-5;
    const layer = {
      dimFeedforward: o.dimFeedforward,
      dropout: o.dropout,
      activation: o.activation,
      layerNormEps: o.layerNormEps,
      batchFirst: o.batchFirst,
      normFirst: o.normFirst,
      ...f,
    };
    this.encoder =
      o.customEncoder ??
      new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, layer), o.numEncoderLayers ?? 6, {
        norm: new LayerNorm(dModel, { eps, ...f }),
      });
    this.decoder =
      o.customDecoder ??
      new TransformerDecoder(new TransformerDecoderLayer(dModel, nhead, layer), o.numDecoderLayers ?? 6, {
        norm: new LayerNorm(dModel, { eps, ...f }),
      });
    for (const p of this.parameters()) if (p.ndim > 1) xavierUniform_(p);
    this.dModel = dModel;
    this.nhead = nhead;
    this.batchFirst = o.batchFirst ?? false;
  }

  /**
   * Encodes `src` `[S, N, E]` and decodes `tgt` `[T, N, E]` against it (batch first with `batchFirst`,
   * unbatched `[S, E]`), returning `[T, N, E]` (PyTorch: `Transformer.forward(src, tgt, src_mask=None,
   * tgt_mask=None, memory_mask=None, src_key_padding_mask=None, tgt_key_padding_mask=None,
   * memory_key_padding_mask=None)`).
   */
  forward(
    src: Tensor,
    tgt: Tensor,
    ...args:
      | [options?: TransformerForwardOptions]
      | [
          srcMask?: Tensor | null,
          tgtMask?: Tensor | null,
          memoryMask?: Tensor | null,
          srcKeyPaddingMask?: Tensor | null,
          tgtKeyPaddingMask?: Tensor | null,
          memoryKeyPaddingMask?: Tensor | null,
          options?: TransformerForwardOptions,
        ]
  ): Tensor {
    const o: TransformerForwardOptions = bindArgs('Transformer.forward()', args, {
      leading: 2,
      positional: FORWARD_POSITIONAL,
    });
    const isBatched = src.ndim === 3;
    const batchDim = this.batchFirst ? 0 : 1;
    if (isBatched && src.shape[batchDim] !== tgt.shape[batchDim]) {
      throw new Error('the batch number of src and tgt must be equal');
    }
    if (src.shape[src.ndim - 1] !== this.dModel || tgt.shape[tgt.ndim - 1] !== this.dModel) {
      throw new Error('the feature number of src and tgt must be equal to d_model');
    }
    const memory = (this.encoder as EncoderLike).forward(src, {
      mask: o.srcMask,
      srcKeyPaddingMask: o.srcKeyPaddingMask,
    });
    return (this.decoder as DecoderLike).forward(tgt, memory, {
      tgtMask: o.tgtMask,
      memoryMask: o.memoryMask,
      tgtKeyPaddingMask: o.tgtKeyPaddingMask,
      memoryKeyPaddingMask: o.memoryKeyPaddingMask,
    });
  }

  /**
   * A `[sz, sz]` float mask with `-inf` above the diagonal and 0 elsewhere, so position `i` attends to
   * positions `<= i` only (PyTorch: `Transformer.generate_square_subsequent_mask(sz, device='cpu')`).
   */
  static generateSquareSubsequentMask(sz: number, device = 'cpu'): Tensor {
    return full([sz, sz], Number.NEGATIVE_INFINITY, { device }).triu(1);
  }
}
