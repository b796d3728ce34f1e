/**
 * `TransformerEncoderLayer` and `TransformerDecoderLayer` (PyTorch: `torch.nn.TransformerEncoderLayer`,
 * `torch.nn.TransformerDecoderLayer`): self-attention (and cross-attention), a feed-forward block,
 * residual connections and layer norms, after (default) or before (`normFirst`) each block.
 */
import { bindArgs, type DType, type Tensor } from '@typetorch/tensor';
import { gelu, relu } from '../functional/activation.js';
import { checkKeyPaddingMaskDtype } from '../functional/multihead-attention.js';
import { Module } from '../module.js';
import { MultiheadAttention } from './attention.js';
import { Dropout } from './dropout.js';
import type { FactoryOptions } from './factory.js';
import { Linear } from './linear.js';
import { LayerNorm } from './normalization.js';

/** The feed-forward activation: `'relu'`, `'gelu'`, a function or a module (PyTorch: `activation`). */
export type TransformerActivation = 'relu' | 'gelu' | ((x: Tensor) => Tensor) | Module;

/** Options of the Transformer layers (PyTorch's keyword arguments, in camelCase). */
export interface TransformerLayerOptions extends FactoryOptions {
  /** Hidden size of the feed-forward block; default 2048. PyTorch: `dim_feedforward`. */
  dimFeedforward?: number;
  /**
   * Dropout probability (attention weights, after each block, inside the feed-forward); default 0.1. PyTorch:
   * `dropout`.
   */
  dropout?: number;
  /** Default `'relu'`. PyTorch: `activation`. */
  activation?: TransformerActivation;
  /** The layer norms' eps; default 1e-5. PyTorch: `layer_norm_eps`. */
  layerNormEps?: number;
  /** Inputs and outputs are `[N, L, E]` instead of `[L, N, E]`; default false. PyTorch: `batch_first`. */
  batchFirst?: boolean;
  /**
   * Layer norm before attention and feed-forward (pre-norm) instead of after; default false. PyTorch:
   * `norm_first`.
   */
  normFirst?: boolean;
}

/**
 * The layers' arguments after `dModel, nhead`, positionally in PyTorch's order or as one options object
 * (PyTorch: `dim_feedforward=2048, dropout=0.1, activation=relu, layer_norm_eps=1e-05, batch_first=False,
 * norm_first=False, device=None, dtype=None`).
 */
export type TransformerLayerArgs =
  | [options?: TransformerLayerOptions]
  | [
      dimFeedforward?: number,
      dropout?: number,
      activation?: TransformerActivation,
      layerNormEps?: number,
      batchFirst?: boolean,
      normFirst?: boolean,
      device?: string,
      dtype?: DType,
      options?: TransformerLayerOptions,
    ];

export const LAYER_POSITIONAL = [
  'dimFeedforward',
  'dropout',
  'activation',
  'layerNormEps',
  'batchFirst',
  'normFirst',
  'device',
  'dtype',
];

/** PyTorch's `_get_activation_fn`, and functions or modules as they are. */
function activationOf(activation: TransformerActivation): ((x: Tensor) => Tensor) | Module {
  if (activation === 'relu') return (x) => relu(x);
  if (activation === 'gelu') return (x) => gelu(x);
  if (typeof activation === 'string') {
    throw new Error(`activation should be relu/gelu, not ${activation}`);
  }
  return activation;
}

const applyActivation = (a: ((x: Tensor) => Tensor) | Module, x: Tensor): Tensor =>
  a instanceof Module ? (a as Module & { forward(x: Tensor): Tensor }).forward(x) : a(x);

/**
 * The modules both layers share, built in PyTorch's order after the attention modules. Fields are
 * `declare`d so that they register in assignment order (PyTorch's), not in declaration order.
 */
abstract class TransformerLayerBase extends Module {
  /** First linear map of the feed-forward block, `E` to `dimFeedforward` (PyTorch: `linear1`). */
  declare linear1: Linear;
  /** Dropout inside the feed-forward block (PyTorch: `dropout`). */
  declare dropout: Dropout;
  /** Second linear map of the feed-forward block, `dimFeedforward` to `E` (PyTorch: `linear2`). */
  declare linear2: Linear;
  /** Whether layer norms come before each block (pre-norm) instead of after (PyTorch: `norm_first`). */
  declare normFirst: boolean;
  /** Layer norm of the self-attention block (PyTorch: `norm1`). */
  declare norm1: LayerNorm;
  /**
   * Layer norm of the second block: feed-forward (encoder) or cross-attention (decoder) (PyTorch: `norm2`).
   */
  declare norm2: LayerNorm;

  /**
   * Builds `linear1`, `dropout`, `linear2`, `norm1`, `norm2` (and `norm3` via `extraNorm`) (PyTorch: the
   * submodules `__init__` creates).
   */
  protected buildFeedForward(dModel: number, o: TransformerLayerOptions, extraNorm: boolean): void {
    const f = { device: o.device, dtype: o.dtype };
    const p = o.dropout ?? 0.1;
    const eps = o.layerNormEps ?? 1e-5;
    this.linear1 = new Linear(dModel, o.dimFeedforward ?? 2048, f);
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(o.dimFeedforward ?? 2048, dModel, f);
    this.normFirst = o.normFirst ?? false;
    this.norm1 = new LayerNorm(dModel, { eps, ...f });
    this.norm2 = new LayerNorm(dModel, { eps, ...f });
    if (extraNorm) this.registerModule('norm3', new LayerNorm(dModel, { eps, ...f }));
    const blocks = extraNorm ? 3 : 2;
    for (let i = 1; i <= blocks; i++) this.registerModule(`dropout${i}`, new Dropout(p));
  }

  /** The feed-forward block: `dropoutK(linear2(dropout(activation(linear1(x)))))` (PyTorch: `_ff_block`). */
  protected ffBlock(x: Tensor, activation: ((x: Tensor) => Tensor) | Module, last: Dropout): Tensor {
    const h = this.dropout.forward(applyActivation(activation, this.linear1.forward(x)));
    return last.forward(this.linear2.forward(h));
  }

  /** Self-attention without weights, then its dropout (PyTorch: `_sa_block`). */
  protected attnBlock(
    attn: MultiheadAttention,
    x: Tensor,
    mem: Tensor,
    attnMask: Tensor | null | undefined,
    keyPaddingMask: Tensor | null | undefined,
    drop: Dropout,
  ): Tensor {
    const [out] = attn.forward(x, mem, mem, { attnMask, keyPaddingMask, needWeights: false });
    return drop.forward(out);
  }
}

/**
 * Options of {@link TransformerEncoderLayer.forward} (PyTorch: the arguments of
 * `TransformerEncoderLayer.forward` after `src`).
 */
export interface EncoderLayerForwardOptions {
  /** `[L, L]` or `[N * nhead, L, L]` attention mask (bool or float) (PyTorch: `src_mask`). */
  srcMask?: Tensor | null;
  /** `[N, L]` key padding mask (bool or float) (PyTorch: `src_key_padding_mask`). */
  srcKeyPaddingMask?: Tensor | null;
}

/**
 * Self-attention and feed-forward with residuals and layer norms (PyTorch:
 * `torch.nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu,
 * layer_norm_eps=1e-05, batch_first=False, norm_first=False)`), with PyTorch's submodules `self_attn`,
 * `linear1`, `dropout`, `linear2`, `norm1`, `norm2`, `dropout1`, `dropout2`.
 */
export class TransformerEncoderLayer extends TransformerLayerBase {
  /** The self-attention (PyTorch: `self_attn`). */
  declare self_attn: MultiheadAttention;
  /** Dropout after the self-attention block (PyTorch: `dropout1`). */
  declare dropout1: Dropout;
  /** Dropout after the feed-forward block (PyTorch: `dropout2`). */
  declare dropout2: Dropout;
  /** The feed-forward activation: a function or a module (PyTorch: `activation`). */
  declare activation: ((x: Tensor) => Tensor) | Module;

  /**
   * Takes `dModel`, `nhead`, then `dimFeedforward`, `dropout`, `activation`, `layerNormEps`, `batchFirst`,
   * `normFirst`, `device`, `dtype` positionally or as one options object (PyTorch:
   * `torch.nn.TransformerEncoderLayer.__init__`).
   */
  constructor(dModel: number, nhead: number, ...args: TransformerLayerArgs) {
    super();
    const o: TransformerLayerOptions = bindArgs('TransformerEncoderLayer.__init__()', args, {
      leading: 2,
      positional: LAYER_POSITIONAL,
    });
    const f = { device: o.device, dtype: o.dtype };
    this.self_attn = new MultiheadAttention(dModel, nhead, {
      dropout: o.dropout ?? 0.1,
      batchFirst: o.batchFirst,
      ...f,
    });
    this.buildFeedForward(dModel, o, false);
    this.activation = activationOf(o.activation ?? 'relu');
  }

  /**
   * `[L, N, E]` (`[N, L, E]` with `batchFirst`, `[L, E]` unbatched) to the same shape (PyTorch:
   * `TransformerEncoderLayer.forward(src, src_mask=None, src_key_padding_mask=None)`).
   */
  forward(
    src: Tensor,
    ...args:
      | [options?: EncoderLayerForwardOptions]
      | [srcMask?: Tensor | null, srcKeyPaddingMask?: Tensor | null, options?: EncoderLayerForwardOptions]
  ): Tensor {
    const o: EncoderLayerForwardOptions = bindArgs('TransformerEncoderLayer.forward()', args, {
      leading: 1,
      positional: ['srcMask', 'srcKeyPaddingMask'],
    });
    checkKeyPaddingMaskDtype(o.srcKeyPaddingMask);
    const sa = (x: Tensor) =>
      this.attnBlock(this.self_attn, x, x, o.srcMask, o.srcKeyPaddingMask, this.dropout1);
    let x = src;
    if (this.normFirst) {
      x = x.add(sa(this.norm1.forward(x)));
      return x.add(this.ffBlock(this.norm2.forward(x), this.activation, this.dropout2));
    }
    x = this.norm1.forward(x.add(sa(x)));
    return this.norm2.forward(x.add(this.ffBlock(x, this.activation, this.dropout2)));
  }
}

/**
 * Options of {@link TransformerDecoderLayer.forward} and {@link TransformerDecoder.forward} (PyTorch: their
 * mask arguments after `tgt, memory`).
 */
export interface DecoderForwardOptions {
  /** `[T, T]` or `[N * nhead, T, T]` self-attention mask (PyTorch: `tgt_mask`). */
  tgtMask?: Tensor | null;
  /** `[T, S]` or `[N * nhead, T, S]` mask of the attention to the memory (PyTorch: `memory_mask`). */
  memoryMask?: Tensor | null;
  /** `[N, T]` key padding mask of the target (PyTorch: `tgt_key_padding_mask`). */
  tgtKeyPaddingMask?: Tensor | null;
  /** `[N, S]` key padding mask of the memory (PyTorch: `memory_key_padding_mask`). */
  memoryKeyPaddingMask?: Tensor | null;
}

/**
 * The arguments of the decoders' `forward` after `tgt, memory`: PyTorch's positional `tgt_mask,
 * memory_mask, tgt_key_padding_mask, memory_key_padding_mask`, or one options object (PyTorch:
 * `TransformerDecoderLayer.forward`).
 */
export type DecoderForwardArgs =
  | [options?: DecoderForwardOptions]
  | [
      tgtMask?: Tensor | null,
      memoryMask?: Tensor | null,
      tgtKeyPaddingMask?: Tensor | null,
      memoryKeyPaddingMask?: Tensor | null,
      options?: DecoderForwardOptions,
    ];

export const DECODER_POSITIONAL = ['tgtMask', 'memoryMask', 'tgtKeyPaddingMask', 'memoryKeyPaddingMask'];

/**
 * Self-attention, attention to the encoder's output (`memory`) and feed-forward, with residuals and
 * layer norms (PyTorch: `torch.nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048,
 * dropout=0.1, activation=relu, layer_norm_eps=1e-05, batch_first=False, norm_first=False)`), with
 * PyTorch's submodules `self_attn`, `multihead_attn`, `linear1`, `dropout`, `linear2`, `norm1`-`norm3`,
 * `dropout1`-`dropout3`.
 */
export class TransformerDecoderLayer extends TransformerLayerBase {
  /** The self-attention (PyTorch: `self_attn`). */
  declare self_attn: MultiheadAttention;
  /** The attention to the memory (PyTorch: `multihead_attn`). */
  declare multihead_attn: MultiheadAttention;
  /** Layer norm of the feed-forward block (PyTorch: `norm3`). */
  declare norm3: LayerNorm;
  /** Dropout after the self-attention block (PyTorch: `dropout1`). */
  declare dropout1: Dropout;
  /** Dropout after the cross-attention block (PyTorch: `dropout2`). */
  declare dropout2: Dropout;
  /** Dropout after the feed-forward block (PyTorch: `dropout3`). */
  declare dropout3: Dropout;
  /** The feed-forward activation: a function or a module (PyTorch: `activation`). */
  declare activation: ((x: Tensor) => Tensor) | Module;

  /**
   * Takes `dModel`, `nhead`, then `dimFeedforward`, `dropout`, `activation`, `layerNormEps`, `batchFirst`,
   * `normFirst`, `device`, `dtype` positionally or as one options object (PyTorch:
   * `torch.nn.TransformerDecoderLayer.__init__`).
   */
  constructor(dModel: number, nhead: number, ...args: TransformerLayerArgs) {
    super();
    const o: TransformerLayerOptions = bindArgs('TransformerDecoderLayer.__init__()', args, {
      leading: 2,
      positional: LAYER_POSITIONAL,
    });
    const attn = { dropout: o.dropout ?? 0.1, batchFirst: o.batchFirst, device: o.device, dtype: o.dtype };
    this.self_attn = new MultiheadAttention(dModel, nhead, attn);
    this.multihead_attn = new MultiheadAttention(dModel, nhead, attn);
    this.buildFeedForward(dModel, o, true);
    this.activation = activationOf(o.activation ?? 'relu');
  }

  /**
   * `tgt` `[T, N, E]` attending to `memory` `[S, N, E]` (batch first with `batchFirst`) (PyTorch:
   * `TransformerDecoderLayer.forward(tgt, memory, tgt_mask=None, memory_mask=None,
   * tgt_key_padding_mask=None, memory_key_padding_mask=None)`).
   */
  forward(tgt: Tensor, memory: Tensor, ...args: DecoderForwardArgs): Tensor {
    const o: DecoderForwardOptions = bindArgs('TransformerDecoderLayer.forward()', args, {
      leading: 2,
      positional: DECODER_POSITIONAL,
    });
    const sa = (x: Tensor) =>
      this.attnBlock(this.self_attn, x, x, o.tgtMask, o.tgtKeyPaddingMask, this.dropout1);
    const mha = (x: Tensor) =>
      this.attnBlock(this.multihead_attn, x, memory, o.memoryMask, o.memoryKeyPaddingMask, this.dropout2);
    let x = tgt;
    if (this.normFirst) {
      x = x.add(sa(this.norm1.forward(x)));
      x = x.add(mha(this.norm2.forward(x)));
      return x.add(this.ffBlock(this.norm3.forward(x), this.activation, this.dropout3));
    }
    x = this.norm1.forward(x.add(sa(x)));
    x = this.norm2.forward(x.add(mha(x)));
    return this.norm3.forward(x.add(this.ffBlock(x, this.activation, this.dropout3)));
  }
}
