/**
 * Gradients of convolution and pooling. Every backward is a composition of differentiable ops
 * (`unfold`, `fold`, `matmul`, `maxPool2dBackward`, ...), so it runs on every backend, uses the backend's
 * fast paths where it has them (im2col/col2im), and can itself be differentiated (double backward).
 *
 * - unfold and fold are each other's adjoints (with the same geometry, four-sided padding included);
 * - conv2d: `dx = fold(W^T @ dy)`, `dW = sum over the batch of dy @ unfold(x)^T`, `db = sum(dy)`,
 *   per group;
 * - maxPool2d: `dy` scattered (added) to the positions of the maxima (the saved indices), one op
 *   (`maxPool2dBackward`), whose own gradient gathers at the same indices;
 * - avgPool2d: `dy / divisor` spread evenly over each window's taps, i.e. `fold` of the broadcast
 *   quotient (taps in the padding drop out);
 * - adaptiveAvgPool2d: the transposed averaging matrices, `dx = A_h^T @ dy @ A_w`.
 */
import {
  cat,
  fold,
  maxPool2dBackward,
  type Tensor,
  tensor,
  unfold,
  type WindowAttrs,
  zeros,
} from '@typetorch/tensor';
import { type BackwardContext, defineGradient } from './registry.js';

const windowOptions = (a: WindowAttrs) => ({
  dilation: [...a.dilation] as [number, number],
  padding: [...a.padding] as [number, number, number, number],
  stride: [...a.stride] as [number, number],
});

defineGradient('unfold', {
  node: 'Im2ColBackward0',
  backward: (ctx, [g]) => {
    const a = ctx.attrs;
    return [fold(g!, a.inputSize, a.kernelSize, windowOptions(a))];
  },
});

defineGradient('fold', {
  node: 'Col2ImBackward0',
  backward: (ctx, [g]) => {
    const a = ctx.attrs;
    return [unfold(g!, a.kernelSize, windowOptions(a))];
  },
});

/** A batched (4-D) view of a possibly unbatched conv/pool operand. */
const batched = (t: Tensor) => (t.ndim === 4 ? t : t.unsqueeze(0));

defineGradient('conv2d', {
  node: 'ConvolutionBackward0',
  // x is needed for the weight's gradient, the weight for the input's.
  saveInputs: (needs) => [...(needs[1] ? [0] : []), ...(needs[0] ? [1] : [])],
  backward: (ctx, [g]) => {
    const a = ctx.attrs;
    const G = a.groups;
    const xShape = ctx.inputMeta[0].shape;
    const wShape = ctx.inputMeta[1].shape;
    const [O, Cg, kH, kW] = wShape;
    const k = Cg * kH * kW;
    const dy = batched(g!);
    const [N, , oH, oW] = dy.shape;
    const L = oH * oW;
    // dy as [N, O, L], or [N, G, O/G, L] per group.
    const dyg = G === 1 ? dy.reshape([N, O, L]) : dy.reshape([N, G, O / G, L]);
    let gx: Tensor | null = null;
    if (ctx.needsInputGrad[0]) {
      const w = ctx.input(1);
      const wt = G === 1 ? w.reshape([O, k]).mT : w.reshape([G, O / G, k]).mT;
      const cols = wt.matmul(dyg).reshape([N, G * k, L]);
      const folded = fold(cols, a.inputSize, a.kernelSize, windowOptions(a));
      gx = folded.reshape([...xShape]);
    }
    let gw: Tensor | null = null;
    if (ctx.needsInputGrad[1]) {
      const x = batched(ctx.input(0));
      const cols = unfold(x, a.kernelSize, windowOptions(a));
      const colsg = G === 1 ? cols : cols.reshape([N, G, k, L]);
      gw = dyg
        .matmul(colsg.mT)
        .sum(0)
        .reshape([...wShape]);
    }
    const gb = ctx.inputMeta.length > 2 && ctx.needsInputGrad[2] ? dy.sum([0, 2, 3]) : null;
    return [gx, gw, gb];
  },
});

defineGradient('maxPool2d', {
  node: 'MaxPool2DWithIndicesBackward0',
  saveOutputs: [1],
  backward: (ctx, [g]) => {
    const shape = ctx.inputMeta[0].shape;
    const inputSize: [number, number] = [shape[shape.length - 2], shape[shape.length - 1]];
    // The indices are maxPool2d's own saved output (the engine rejects them if modified since), so
    // they need no range check, which would read them all back.
    return [maxPool2dBackward(g!, ctx.output(1), inputSize, { checkIndices: false })];
  },
});

defineGradient('maxPool2dBackward', {
  node: 'MaxPool2DWithIndicesBackwardBackward0',
  saveInputs: [1],
  backward: (ctx, [g]) => {
    // The gradient of the scatter is a gather at the same indices; the indices are shifted by one
    // into a plane with a leading 0, which the -1 indices (windows without an input tap) pick.
    const idx = ctx.input(1);
    const lead = idx.shape.slice(0, -2);
    const dim = lead.length;
    const L = idx.shape[dim] * idx.shape[dim + 1];
    const plane = g!.shape[dim] * g!.shape[dim + 1];
    const zero = zeros([...lead, 1], { dtype: g!.dtype, device: g!.device });
    const padded = cat([zero, g!.reshape([...lead, plane])], dim);
    const picked = padded.gather(dim, idx.reshape([...lead, L]).add(1));
    return [picked.reshape([...idx.shape]), null];
  },
});

defineGradient('avgPool2d', {
  node: 'AvgPool2DBackward0',
  backward: (ctx, [g]) => {
    const a = ctx.attrs;
    const shape = ctx.inputMeta[0].shape;
    const [oH, oW] = a.outputSize;
    const K = a.kernelSize[0] * a.kernelSize[1];
    const dy = batched(g!);
    const [N, C] = dy.shape;
    const divisors = tensor(a.divisors, { dtype: dy.dtype, device: dy.device }).reshape([oH, oW]);
    // Every tap of a window receives dy / divisor: broadcast over the taps, then fold.
    const share = dy.div(divisors).reshape([N, C, 1, oH * oW]);
    const cols = share.expand([N, C, K, oH * oW]).reshape([N, C * K, oH * oW]);
    const options = { padding: a.padding, stride: a.stride };
    return [fold(cols, a.inputSize, a.kernelSize, options).reshape([...shape])];
  },
});

/** The averaging matrix of adaptive pooling along one dim, `[out, in]`, from the recorded attrs. */
function averagingMatrix(
  ctx: BackwardContext<'adaptiveAvgPool2d'>,
  key: 'rowMatrix' | 'colMatrix',
  rows: number,
  like: Tensor,
) {
  const data = [...ctx.attrs[key]];
  return tensor(data, { dtype: like.dtype, device: like.device }).reshape([rows, data.length / rows]);
}

defineGradient('adaptiveAvgPool2d', {
  node: 'AdaptiveAvgPool2DBackward0',
  backward: (ctx, [g]) => {
    const { outputSize } = ctx.attrs;
    const shape = [...ctx.inputMeta[0].shape];
    if (g!.numel() === 0) return [zeros(shape, { dtype: g!.dtype, device: g!.device })];
    const ah = averagingMatrix(ctx, 'rowMatrix', outputSize[0], g!); // [oH, H]
    const aw = averagingMatrix(ctx, 'colMatrix', outputSize[1], g!); // [oW, W]
    // dx = A_h^T @ dy @ A_w, over the leading dims.
    return [ah.mT.matmul(g!).matmul(aw).reshape(shape)];
  },
});
