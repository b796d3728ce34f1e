/**
 * WGSL for a workgroup tree reduction: each invocation leaves its partial result in `acc`, and after
 * the snippet `partial[0]` holds `combine` over all of them (every invocation passed the barriers).
 * `combine` is an expression of `partial[lid]` and `partial[lid + s]`; the kernel declares
 * `var<workgroup> partial: array<T, WG>` and has `lid`, its local invocation index.
 */
export function workgroupReduce(combine: string): string {
  return `partial[lid] = acc;
    workgroupBarrier();
    for (var s = WG / 2u; s > 0u; s = s / 2u) {
      if (lid < s) { partial[lid] = ${combine}; }
      workgroupBarrier();
    }`;
}
