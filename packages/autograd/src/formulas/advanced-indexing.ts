/**
 * Gradients of advanced indexing: `x[idx]` scatters its gradient back (adding duplicates), index_put
 * routes it to the values it wrote, masked_select to the positions it read. Masks reach `index` and
 * `indexPut` as integer indices (or, for a masked fill, as the mask), so nothing here reads values on
 * the host.
 */
import { broadcastShapes, type Tensor, where, zeros } from '@typetorch/tensor';
import { type BackwardContext, defineGradient } from './registry.js';
import { sumToShape } from './util.js';

/** The saved index inputs (from `first`) as `indexPut`'s list: null for the dims not indexed. */
function indexList(ctx: BackwardContext<'index' | 'indexPut'>, first: number): (Tensor | null)[] {
  const { dims } = ctx.attrs;
  const list: (Tensor | null)[] = [];
  dims.forEach((d, j) => {
    while (list.length < d) list.push(null);
    list.push(ctx.input(first + j));
  });
  return list;
}

const saveFrom = (first: number) => (needs: readonly boolean[]) =>
  Array.from({ length: needs.length - first }, (_, k) => first + k);

defineGradient('index', {
  node: 'IndexBackward0',
  saveInputs: saveFrom(1),
  backward: (ctx, [g]) => {
    const { shape, device } = ctx.inputMeta[0];
    const z = zeros([...shape], { dtype: g!.dtype, device });
    return [z.indexPut(indexList(ctx, 1), g!, { accumulate: true })];
  },
});

/** The mask of a masked fill, shaped to broadcast against `shape`. */
function fillMask(mask: Tensor, start: number, shape: readonly number[]): Tensor {
  return mask.reshape([...mask.shape, ...new Array<number>(shape.length - start - mask.ndim).fill(1)]);
}

defineGradient('indexPut', {
  node: 'IndexPutBackward0',
  saveInputs: saveFrom(2),
  backward: (ctx, [g]) => {
    const { dims, accumulate, mask } = ctx.attrs;
    const valuesMeta = ctx.inputMeta[1];
    const cast = (t: Tensor) => (t.dtype === valuesMeta.dtype ? t : t.to(valuesMeta.dtype));
    if (mask) {
      const m = fillMask(ctx.input(2), dims[0], g!.shape);
      const gx = accumulate ? g : where(m, 0, g!);
      const gv = ctx.needsInputGrad[1]
        ? cast(
            where(m, g!, 0)
              .sum()
              .reshape([...valuesMeta.shape]),
          )
        : null;
      return [gx, gv];
    }
    const list = indexList(ctx, 2);
    const gx = accumulate ? g : g!.indexPut(list, zeros([], { dtype: g!.dtype, device: g!.device }));
    const specs = list.map((t) => t ?? ':');
    const gv = ctx.needsInputGrad[1] ? cast(sumToShape(g!.index(...specs), valuesMeta.shape)) : null;
    return [gx, gv];
  },
});

defineGradient('maskedSelect', {
  node: 'MaskedSelectBackward0',
  saveOutputs: [1],
  backward: (ctx, [g]) => {
    const shape = broadcastShapes(ctx.inputMeta[0].shape, ctx.inputMeta[1].shape);
    const n = shape.reduce((p, s) => p * s, 1);
    const z = zeros([n], { dtype: g!.dtype, device: g!.device });
    const spread = z.scatterAdd(0, ctx.output(1), g!).reshape(shape);
    return [sumToShape(spread, ctx.inputMeta[0].shape), null];
  },
});
