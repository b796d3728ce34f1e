/**
 * The computation of `nn.MultiheadAttention` (PyTorch 1.13: `torch.nn.functional.multi_head_attention_forward`
 * and its helpers `_mha_shape_check`, `_in_projection_packed`, `_scaled_dot_product_attention`), composed
 * from linear, bmm, softmax and dropout, so it runs and differentiates on every backend. Masks are
 * turned into additive float masks (`-inf` where a bool mask is true) before they are combined, which
 * gives PyTorch's `logical_or` / `masked_fill` results.
 */
import { cat, type Tensor, zeros } from '@typetorch/tensor';
import { dropout } from './dropout.js';
import { linear } from './linear.js';
import { pad } from './padding.js';

/** The weights and settings of one attention call (PyTorch's arguments after `query, key, value`). */
export interface MultiHeadAttentionArgs {
  embedDimToCheck: number;
  numHeads: number;
  inProjWeight: Tensor | null;
  inProjBias: Tensor | null;
  biasK: Tensor | null;
  biasV: Tensor | null;
  addZeroAttn: boolean;
  dropoutP: number;
  outProjWeight: Tensor;
  outProjBias: Tensor | null;
  training: boolean;
  keyPaddingMask: Tensor | null;
  needWeights: boolean;
  attnMask: Tensor | null;
  averageAttnWeights: boolean;
  /** `[q_proj_weight, k_proj_weight, v_proj_weight]` when key/value dims differ from the embedding dim. */
  separateProjWeights: [Tensor, Tensor, Tensor] | null;
}

/** PyTorch's `torch.Size([2, 3])`. */
export const torchSize = (shape: readonly number[]) => `torch.Size([${shape.join(', ')}])`;
/** Python's tuple repr of a shape: `(2, 3)`. */
const pyShape = (shape: readonly number[]) =>
  shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((s, i) => s === b[i]);

function assert(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** Checks the ranks of query, key, value and masks; returns whether the input is batched (PyTorch: `_mha_shape_check`). */
function mhaShapeCheck(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  keyPaddingMask: Tensor | null,
  attnMask: Tensor | null,
  numHeads: number,
): boolean {
  if (query.ndim === 3) {
    assert(
      key.ndim === 3 && value.ndim === 3,
      `For batched (3-D) \`query\`, expected \`key\` and \`value\` to be 3-D but found ${key.ndim}-D and ${value.ndim}-D tensors respectively`,
    );
    if (keyPaddingMask !== null)
      assert(
        keyPaddingMask.ndim === 2,
        `For batched (3-D) \`query\`, expected \`key_padding_mask\` to be \`None\` or 2-D but found ${keyPaddingMask.ndim}-D tensor instead`,
      );
    if (attnMask !== null)
      assert(
        attnMask.ndim === 2 || attnMask.ndim === 3,
        `For batched (3-D) \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.ndim}-D tensor instead`,
      );
    return true;
  }
  if (query.ndim === 2) {
    assert(
      key.ndim === 2 && value.ndim === 2,
      `For unbatched (2-D) \`query\`, expected \`key\` and \`value\` to be 2-D but found ${key.ndim}-D and ${value.ndim}-D tensors respectively`,
    );
    if (keyPaddingMask !== null)
      assert(
        keyPaddingMask.ndim === 1,
        `For unbatched (2-D) \`query\`, expected \`key_padding_mask\` to be \`None\` or 1-D but found ${keyPaddingMask.ndim}-D tensor instead`,
      );
    if (attnMask !== null) {
      assert(
        attnMask.ndim === 2 || attnMask.ndim === 3,
        `For unbatched (2-D) \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.ndim}-D tensor instead`,
      );
      if (attnMask.ndim === 3) {
        const expected = [numHeads, query.shape[0], key.shape[0]];
        assert(
          sameShape(attnMask.shape, expected),
          `Expected \`attn_mask\` shape to be ${pyShape(expected)} but got ${torchSize(attnMask.shape)}`,
        );
      }
    }
    return false;
  }
  throw new Error(
    `query should be unbatched 2D or batched 3D tensor but received ${query.ndim}-D query tensor`,
  );
}

/** Throws PyTorch's error unless a key padding mask is bool or floating (`MultiheadAttention.forward`). */
export function checkKeyPaddingMaskDtype(mask: Tensor | null | undefined): void {
  if (mask && mask.dtype !== 'bool' && !mask.isFloatingPoint()) {
    throw new Error('only bool and floating types of key_padding_mask are supported');
  }
}

/** A bool mask as an additive float mask (`-inf` where true, 0 elsewhere); float masks pass through. */
function additive(mask: Tensor, dtype: Tensor['dtype']): Tensor {
  if (mask.dtype !== 'bool') return mask;
  return zeros([...mask.shape], { dtype, device: mask.device }).maskedFill(mask, Number.NEGATIVE_INFINITY);
}

/** The input projections (PyTorch: `_in_projection_packed` / `_in_projection`). */
function inProjection(query: Tensor, key: Tensor, value: Tensor, a: MultiHeadAttentionArgs): Tensor[] {
  const e = query.shape[query.ndim - 1];
  if (a.separateProjWeights !== null) {
    const [wq, wk, wv] = a.separateProjWeights;
    const [bq, bk, bv] = a.inProjBias === null ? [null, null, null] : a.inProjBias.chunk(3);
    return [linear(query, wq, bq), linear(key, wk, bk), linear(value, wv, bv)];
  }
  const w = a.inProjWeight;
  assert(w !== null, 'use_separate_proj_weight is False but in_proj_weight is None');
  const b = a.inProjBias;
  if (key === value) {
    if (query === key) return linear(query, w as Tensor, b).chunk(3, -1);
    const [wq, wkv] = (w as Tensor).split([e, 2 * e]);
    const [bq, bkv] = b === null ? [null, null] : b.split([e, 2 * e]);
    return [linear(query, wq, bq), ...linear(key, wkv, bkv).chunk(2, -1)];
  }
  const [wq, wk, wv] = (w as Tensor).chunk(3);
  const [bq, bk, bv] = b === null ? [null, null, null] : b.chunk(3);
  return [linear(query, wq, bq), linear(key, wk, bk), linear(value, wv, bv)];
}

/** Validates `attn_mask` against `[tgt, src]` / `[bsz * heads, tgt, src]`; returns it as a 3-D float mask. */
function prepareAttnMask(
  mask: Tensor,
  tgt: number,
  src: number,
  bsz: number,
  a: MultiHeadAttentionArgs,
  dtype: Tensor['dtype'],
): Tensor {
  assert(
    mask.isFloatingPoint() || mask.dtype === 'bool',
    `Only float, byte, and bool types are supported for attn_mask, not torch.${mask.dtype}`,
  );
  if (mask.ndim === 2) {
    if (!sameShape(mask.shape, [tgt, src]))
      throw new Error(
        `The shape of the 2D attn_mask is ${torchSize(mask.shape)}, but should be ${pyShape([tgt, src])}.`,
      );
    return additive(mask, dtype).unsqueeze(0);
  }
  if (mask.ndim === 3) {
    const correct = [bsz * a.numHeads, tgt, src];
    if (!sameShape(mask.shape, correct))
      throw new Error(
        `The shape of the 3D attn_mask is ${torchSize(mask.shape)}, but should be ${pyShape(correct)}.`,
      );
    return additive(mask, dtype);
  }
  throw new Error(`attn_mask's dimension ${mask.ndim} is not supported`);
}

/** Checks embedding dims and key/value shapes (PyTorch's asserts in `multi_head_attention_forward`). */
function checkDims(query: Tensor, key: Tensor, value: Tensor, a: MultiHeadAttentionArgs): number {
  const embedDim = query.shape[2];
  assert(
    embedDim === a.embedDimToCheck,
    `was expecting embedding dimension of ${a.embedDimToCheck}, but got ${embedDim}`,
  );
  const headDim = Math.floor(embedDim / a.numHeads);
  assert(headDim * a.numHeads === embedDim, `embed_dim ${embedDim} not divisible by num_heads ${a.numHeads}`);
  if (a.separateProjWeights !== null) {
    assert(
      sameShape(key.shape.slice(0, 2), value.shape.slice(0, 2)),
      `key's sequence and batch dims ${torchSize(key.shape.slice(0, 2))} do not match value's ${torchSize(value.shape.slice(0, 2))}`,
    );
  } else {
    assert(
      sameShape(key.shape, value.shape),
      `key shape ${torchSize(key.shape)} does not match value shape ${torchSize(value.shape)}`,
    );
  }
  return headDim;
}

/**
 * Multi-head attention on `[L, N, E]` query and `[S, N, E_k]`, `[S, N, E_v]` key and value (or
 * unbatched `[L, E]`, `[S, E]`): returns the attention output `[L, N, E]` and, if `needWeights`, the
 * attention weights `[N, L, S]` (averaged over heads) or `[N, heads, L, S]` (PyTorch:
 * `torch.nn.functional.multi_head_attention_forward`; static keys/values are not supported).
 */
export function multiHeadAttentionForward(
  queryIn: Tensor,
  keyIn: Tensor,
  valueIn: Tensor,
  a: MultiHeadAttentionArgs,
): [Tensor, Tensor | null] {
  const isBatched = mhaShapeCheck(queryIn, keyIn, valueIn, a.keyPaddingMask, a.attnMask, a.numHeads);
  let [query, key, value] = [queryIn, keyIn, valueIn];
  let kpm = a.keyPaddingMask;
  if (!isBatched) {
    query = queryIn.unsqueeze(1);
    key = keyIn === queryIn ? query : keyIn.unsqueeze(1);
    value = valueIn === keyIn ? key : valueIn.unsqueeze(1);
    if (kpm !== null) kpm = kpm.unsqueeze(0);
  }
  const [tgtLen, bsz, embedDim] = query.shape;
  checkKeyPaddingMaskDtype(kpm);
  const headDim = checkDims(query, key, value, a);
  let [q, k, v] = inProjection(query, key, value, a);
  let attnMask =
    a.attnMask === null ? null : prepareAttnMask(a.attnMask, tgtLen, key.shape[0], bsz, a, q.dtype);
  let keyMask = kpm === null ? null : additive(kpm, q.dtype);
  if (a.biasK !== null && a.biasV !== null) {
    k = cat([k, a.biasK.expand([1, bsz, embedDim])]);
    v = cat([v, a.biasV.expand([1, bsz, embedDim])]);
    if (attnMask !== null) attnMask = pad(attnMask, [0, 1]);
    if (keyMask !== null) keyMask = pad(keyMask, [0, 1]);
  }
  const bh = bsz * a.numHeads;
  q = q.contiguous().view(tgtLen, bh, headDim).transpose(0, 1);
  k = k.contiguous().view(k.shape[0], bh, headDim).transpose(0, 1);
  v = v.contiguous().view(v.shape[0], bh, headDim).transpose(0, 1);
  if (a.addZeroAttn) {
    k = cat([k, zeros([bh, 1, headDim], { dtype: k.dtype, device: k.device })], 1);
    v = cat([v, zeros([bh, 1, headDim], { dtype: v.dtype, device: v.device })], 1);
    if (attnMask !== null) attnMask = pad(attnMask, [0, 1]);
    if (keyMask !== null) keyMask = pad(keyMask, [0, 1]);
  }
  const srcLen = k.shape[1];
  if (keyMask !== null) {
    assert(
      sameShape(keyMask.shape, [bsz, srcLen]),
      `expecting key_padding_mask shape of ${pyShape([bsz, srcLen])}, but got ${torchSize(keyMask.shape)}`,
    );
    keyMask = keyMask.view(bsz, 1, 1, srcLen).expand(-1, a.numHeads, -1, -1).reshape(bh, 1, srcLen);
    attnMask = attnMask === null ? keyMask : attnMask.add(keyMask);
  }
  const dropoutP = a.training ? a.dropoutP : 0;
  // _scaled_dot_product_attention: softmax(q k^T / sqrt(E) + mask) v
  let scores = q.div(Math.sqrt(headDim)).bmm(k.transpose(-2, -1));
  if (attnMask !== null) scores = scores.add(attnMask);
  let weights = scores.softmax(-1);
  if (dropoutP > 0) weights = dropout(weights, { p: dropoutP });
  let out = weights
    .bmm(v)
    .transpose(0, 1)
    .contiguous()
    .view(tgtLen * bsz, embedDim);
  out = linear(out, a.outProjWeight, a.outProjBias);
  out = out.view(tgtLen, bsz, out.shape[1]);
  if (!a.needWeights) return [isBatched ? out : out.squeeze(1), null];
  weights = weights.view(bsz, a.numHeads, tgtLen, srcLen);
  if (a.averageAttnWeights) weights = weights.sum(1).div(a.numHeads);
  return isBatched ? [out, weights] : [out.squeeze(1), weights.squeeze(0)];
}
