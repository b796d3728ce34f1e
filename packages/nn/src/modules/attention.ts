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
  /** Dropout probability on the attention weights in training mode; default 0. */
  dropout?: number;
  /** Learn `in_proj_bias` and `out_proj.bias`; default true. */
  bias?: boolean;
  /** Learn `bias_k` and `bias_v`, appended to the keys and values; default false. */
  addBiasKv?: boolean;
  /** Append a zero key and value; default false. */
  addZeroAttn?: boolean;
  /** Features of the keys; default `embedDim`. */
  kdim?: number | null;
  /** Features of the values; default `embedDim`. */
  vdim?: number | null;
  /** Inputs and output are `[N, L, E]` instead of `[L, N, E]`; default false. */
  batchFirst?: boolean;
}

/** Options of {@link MultiheadAttention.forward} (PyTorch's keyword arguments, in camelCase). */
export interface MultiheadAttentionForwardOptions {
  /** `[N, S]` (or `[S]` unbatched): true / `-inf` marks keys to ignore (padding). */
  keyPaddingMask?: Tensor | null;
  /** Also return the attention weights; default true. */
  needWeights?: boolean;
  /** `[L, S]` or `[N * numHeads, L, S]`: true / `-inf` forbids attending; float masks are added. */
  attnMask?: Tensor | null;
  /** Average the returned weights over heads; default true. */
  averageAttnWeights?: boolean;
}

type ForwardArgs =
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
  in_proj_weight: Parameter | null = null;
  q_proj_weight: Parameter | null = null;
  k_proj_weight: Parameter | null = null;
  v_proj_weight: Parameter | null = null;
  in_proj_bias: Parameter | null = null;
  out_proj: NonDynamicallyQuantizableLinear;
  bias_k: Parameter | null = null;
  bias_v: Parameter | null = null;
  readonly embedDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly numHeads: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly headDim: number;
  readonly addZeroAttn: boolean;

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

  /** Whether keys and values have the embedding dim (one packed `in_proj_weight`). */
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
