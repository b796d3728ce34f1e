/** `MultiheadAttention` (PyTorch: `torch.nn.MultiheadAttention`). */
import { bindArgs, type DType, type Tensor } from '@typetorch/tensor';
import { checkDropoutProbability } from '../functional/dropout.js';
import { checkKeyPaddingMaskDtype, multiHeadAttentionForward } from '../functional/multihead-attention.js';
import { constant_, xavierNormal_, xavierUniform_ } from '../init/init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { type FactoryOptions, factoryParameter } from './factory.js';
import { Linear } from './linear.js';

/**
 * The output projection of {@link MultiheadAttention}: a `Linear` under PyTorch's class name, so that
 * models print as in PyTorch (PyTorch: `torch.nn.modules.linear.NonDynamicallyQuantizableLinear`).
 */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** Options of {@link MultiheadAttention} (PyTorch's keyword arguments, in camelCase). */
export interface MultiheadAttentionOptions extends FactoryOptions {
  /** Dropout probability on the attention weights in training mode; default 0. PyTorch: `dropout`. */
  dropout?: number;
  /** Learn `in_proj_bias` and `out_proj.bias`; default true. PyTorch: `bias`. */
  bias?: boolean;
  /** Learn `bias_k` and `bias_v`, appended to the keys and values; default false. PyTorch: `add_bias_kv`. */
  addBiasKv?: boolean;
  /** Append a zero key and value; default false. PyTorch: `add_zero_attn`. */
  addZeroAttn?: boolean;
  /** Features of the keys; default `embedDim`. PyTorch: `kdim`. */
  kdim?: number | null;
  /** Features of the values; default `embedDim`. PyTorch: `vdim`. */
  vdim?: number | null;
  /** Inputs and output are `[N, L, E]` instead of `[L, N, E]`; default false. PyTorch: `batch_first`. */
  batchFirst?: boolean;
}

/** Options of {@link MultiheadAttention.forward} (PyTorch's keyword arguments, in camelCase). */
export interface MultiheadAttentionForwardOptions {
  /**
   * `[N, S]` (or `[S]` unbatched): true / `-inf` marks keys to ignore (padding). PyTorch: `key_padding_mask`.
   */
  keyPaddingMask?: Tensor | null;
  /** Also return the attention weights; default true. PyTorch: `need_weights`. */
  needWeights?: boolean;
  /**
   * `[L, S]` or `[N * numHeads, L, S]`: true / `-inf` forbids attending; float masks are added. PyTorch:
   * `attn_mask`.
   */
  attnMask?: Tensor | null;
  /** Average the returned weights over heads; default true. PyTorch: `average_attn_weights`. */
  averageAttnWeights?: boolean;
}

/**
 * The arguments of {@link MultiheadAttention.forward} after `query, key, value`: PyTorch's positional
 * `key_padding_mask, need_weights, attn_mask, average_attn_weights`, or one options object (PyTorch:
 * `MultiheadAttention.forward`).
 */
export type ForwardArgs =
  | [options?: MultiheadAttentionForwardOptions]
  | [
      keyPaddingMask?: Tensor | null,
      needWeights?: boolean,
      attnMask?: Tensor | null,
      averageAttnWeights?: boolean,
      options?: MultiheadAttentionForwardOptions,
    ];

/**
 * Multi-head attention, `softmax(Q K^T / sqrt(head_dim) + mask) V` per head, with input and output
 * projections (PyTorch: `torch.nn.MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True,
 * add_bias_kv=False, add_zero_attn=False, kdim=None, vdim=None, batch_first=False)`). Parameters are
 * PyTorch's: `in_proj_weight` `[3E, E]` (or `q_proj_weight`, `k_proj_weight`, `v_proj_weight` when
 * `kdim`/`vdim` differ from `E`), `in_proj_bias` `[3E]`, `out_proj.weight`/`out_proj.bias`, and
 * `bias_k`/`bias_v` `[1, 1, E]`; initialised as PyTorch does (Xavier-uniform projections, zero biases,
 * Xavier-normal `bias_k`/`bias_v`).
 */
export class MultiheadAttention extends Module {
  /**
   * Packed query, key and value projection `[3E, E]`, or `null` when `kdim` or `vdim` differ from `E`
   * (PyTorch: `in_proj_weight`).
   */
  in_proj_weight: Parameter | null = null;
  /**
   * Query projection `[E, E]` when `kdim` or `vdim` differ from `E`, else `null` (PyTorch: `q_proj_weight`).
   */
  q_proj_weight: Parameter | null = null;
  /**
   * Key projection `[E, kdim]` when `kdim` or `vdim` differ from `E`, else `null` (PyTorch: `k_proj_weight`).
   */
  k_proj_weight: Parameter | null = null;
  /**
   * Value projection `[E, vdim]` when `kdim` or `vdim` differ from `E`, else `null` (PyTorch:
   * `v_proj_weight`).
   */
  v_proj_weight: Parameter | null = null;
  /** Packed input projection bias `[3E]`, or `null` without `bias` (PyTorch: `in_proj_bias`). */
  in_proj_bias: Parameter | null = null;
  /** The output projection, a `Linear(E, E)` (PyTorch: `out_proj`). */
  out_proj: NonDynamicallyQuantizableLinear;
  /** Bias `[1, 1, E]` appended to the keys with `addBiasKv`, else `null` (PyTorch: `bias_k`). */
  bias_k: Parameter | null = null;
  /** Bias `[1, 1, E]` appended to the values with `addBiasKv`, else `null` (PyTorch: `bias_v`). */
  bias_v: Parameter | null = null;
  /** Total model dim `E` (PyTorch: `embed_dim`). */
  readonly embedDim: number;
  /** Features of the keys (PyTorch: `kdim`, default `embed_dim`). */
  readonly kdim: number;
  /** Features of the values (PyTorch: `vdim`, default `embed_dim`). */
  readonly vdim: number;
  /** Number of parallel heads; `E / numHeads` features each (PyTorch: `num_heads`). */
  readonly numHeads: number;
  /** Dropout probability on the attention weights in training mode (PyTorch: `dropout`, default 0.0). */
  readonly dropout: number;
  /** Inputs and output are `[N, L, E]` instead of `[L, N, E]` (PyTorch: `batch_first`, default False). */
  readonly batchFirst: boolean;
  /** Features per head, `E / numHeads` (PyTorch: `head_dim`). */
  readonly headDim: number;
  /** Whether a zero key and value are appended (PyTorch: `add_zero_attn`, default False). */
  readonly addZeroAttn: boolean;

  /**
   * Takes `embedDim`, `numHeads` (dividing `embedDim`), then `dropout`, `bias`, `addBiasKv`, `addZeroAttn`,
   * `kdim`, `vdim`, `batchFirst`, `device`, `dtype` positionally or as one options object (PyTorch:
   * `torch.nn.MultiheadAttention.__init__`).
   */
  constructor(
    embedDim: number,
    numHeads: number,
    ...args:
      | [options?: MultiheadAttentionOptions]
      | [
          dropout?: number,
          bias?: boolean,
          addBiasKv?: boolean,
          addZeroAttn?: boolean,
          kdim?: number | null,
          vdim?: number | null,
          batchFirst?: boolean,
          device?: string,
          dtype?: DType,
          options?: MultiheadAttentionOptions,
        ]
  ) {
    super();
    const o: MultiheadAttentionOptions = bindArgs('MultiheadAttention.__init__()', args, {
      leading: 2,
      positional: [
        'dropout',
        'bias',
        'addBiasKv',
        'addZeroAttn',
        'kdim',
        'vdim',
        'batchFirst',
        'device',
        'dtype',
      ],
    });
    this.embedDim = embedDim;
    this.kdim = o.kdim ?? embedDim;
    this.vdim = o.vdim ?? embedDim;
    this.numHeads = numHeads;
    this.dropout = o.dropout ?? 0;
    checkDropoutProbability(this.dropout);
    this.batchFirst = o.batchFirst ?? false;
    this.headDim = Math.floor(embedDim / numHeads);
    if (this.headDim * numHeads !== embedDim) throw new Error('embed_dim must be divisible by num_heads');
    if (this.qkvSameEmbedDim) {
      this.in_proj_weight = factoryParameter('empty', [3 * embedDim, embedDim], o);
    } else {
      this.q_proj_weight = factoryParameter('empty', [embedDim, embedDim], o);
      this.k_proj_weight = factoryParameter('empty', [embedDim, this.kdim], o);
      this.v_proj_weight = factoryParameter('empty', [embedDim, this.vdim], o);
    }
    const bias = o.bias ?? true;
    if (bias) this.in_proj_bias = factoryParameter('empty', [3 * embedDim], o);
    this.out_proj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, {
      bias,
      device: o.device,
      dtype: o.dtype,
    });
    if (o.addBiasKv) {
      this.bias_k = factoryParameter('empty', [1, 1, embedDim], o);
      this.bias_v = factoryParameter('empty', [1, 1, embedDim], o);
    }
    this.addZeroAttn = o.addZeroAttn ?? false;
    this.resetParameters();
  }

  /**
   * Whether keys and values have the embedding dim, so that one packed `in_proj_weight` projects all three
   * (PyTorch: `_qkv_same_embed_dim`).
   */
  get qkvSameEmbedDim(): boolean {
    return this.kdim === this.embedDim && this.vdim === this.embedDim;
  }

  /** PyTorch's initialisation (PyTorch: `_reset_parameters`). */
  resetParameters(): void {
    for (const w of [this.in_proj_weight, this.q_proj_weight, this.k_proj_weight, this.v_proj_weight])
      if (w !== null) xavierUniform_(w);
    if (this.in_proj_bias !== null) {
      constant_(this.in_proj_bias, 0);
      constant_(this.out_proj.bias as Parameter, 0);
    }
    if (this.bias_k !== null) xavierNormal_(this.bias_k);
    if (this.bias_v !== null) xavierNormal_(this.bias_v);
  }

  /**
   * Attends from `query` `[L, N, E]` to `key` `[S, N, kdim]` / `value` `[S, N, vdim]` (`[N, L, E]` ...
   * with `batchFirst`; `[L, E]` ... unbatched). Returns `[attnOutput, attnWeights]`, the weights `null`
   * without `needWeights` (PyTorch: `MultiheadAttention.forward(query, key, value, key_padding_mask=None,
   * need_weights=True, attn_mask=None, average_attn_weights=True)`).
   */
  forward(query: Tensor, key: Tensor, value: Tensor, ...args: ForwardArgs): [Tensor, Tensor | null] {
    const o: MultiheadAttentionForwardOptions = bindArgs('MultiheadAttention.forward()', args, {
      leading: 3,
      positional: ['keyPaddingMask', 'needWeights', 'attnMask', 'averageAttnWeights'],
    });
    checkKeyPaddingMaskDtype(o.keyPaddingMask);
    const isBatched = query.ndim === 3;
    let [q, k, v] = [query, key, value];
    if (this.batchFirst && isBatched) {
      q = query.transpose(1, 0);
      k = key === query ? q : key.transpose(1, 0);
      v = value === key ? k : value.transpose(1, 0);
    }
    const [out, weights] = multiHeadAttentionForward(q, k, v, {
      embedDimToCheck: this.embedDim,
      numHeads: this.numHeads,
      inProjWeight: this.in_proj_weight,
      inProjBias: this.in_proj_bias,
      biasK: this.bias_k,
      biasV: this.bias_v,
      addZeroAttn: this.addZeroAttn,
      dropoutP: this.dropout,
      outProjWeight: this.out_proj.weight,
      outProjBias: this.out_proj.bias,
      training: this.training,
      keyPaddingMask: o.keyPaddingMask ?? null,
      needWeights: o.needWeights ?? true,
      attnMask: o.attnMask ?? null,
      averageAttnWeights: o.averageAttnWeights ?? true,
      separateProjWeights: this.qkvSameEmbedDim
        ? null
        : [this.q_proj_weight as Tensor, this.k_proj_weight as Tensor, this.v_proj_weight as Tensor],
    });
    return [this.batchFirst && isBatched ? out.transpose(1, 0) : out, weights];
  }
}
