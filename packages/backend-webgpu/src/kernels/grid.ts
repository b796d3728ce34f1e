import type { Binding, Runtime } from '../runtime/runtime.js';
import { GRID_LOOP, PRELUDE } from '../wgsl/prelude.js';

/**
 * Dispatches a kernel with one invocation per item `i < meta[0]`: `body` is the WGSL of
 * `fn body(i: u32)` (plus any helpers before it), given the bindings' variable names.
 */
export function grid(
  rt: Runtime,
  op: string,
  key: string,
  bindings: readonly Binding[],
  meta: readonly number[],
  body: (names: readonly string[]) => string,
): void {
  const n = meta[0];
  if (n === 0) return;
  rt.dispatch({
    op,
    key,
    bindings,
    meta,
    groups: Math.min(Math.ceil(n / rt.workgroupSize), rt.maxGroups),
    source: (names) => `${PRELUDE}
fn s(i: u32) -> i32 { return bitcast<i32>(md[i]); }
fn f(i: u32) -> f32 { return bitcast<f32>(md[i]); }
${body(names)}
${GRID_LOOP}`,
  });
}
