/**
 * The fused Adam/AdamW step (see `FastPaths.adamStep` in the contract): one pass over the parameter
 * and its state, in place, in float32. Per-step scalars are computed on the host in double precision
 * and rounded to float32, as the composition's scalar operands are.
 */

import type { FastPaths, View } from '@typetorch/tensor';
import { numelOf } from '@typetorch/tensor';
import { Meta } from '../runtime/layout.js';
import type { Binding, Runtime } from '../runtime/runtime.js';
import { asStorage } from '../runtime/storage.js';
import { grid } from './grid.js';

type AdamStepOptions = Parameters<NonNullable<FastPaths['adamStep']>>[5];

export function adamStep(
  rt: Runtime,
  param: View,
  grad: View,
  expAvg: View,
  expAvgSq: View,
  maxExpAvgSq: View | null,
  o: AdamStepOptions,
): void {
  const n = numelOf(param.shape);
  if (n === 0) return;
  if (param.dtype !== 'float32')
    throw new TypeError(`adamStep(): the webgpu backend updates float32, got ${param.dtype}`);
  if (o.amsgrad !== (maxExpAvgSq !== null))
    throw new Error('adamStep(): maxExpAvgSq is given exactly with amsgrad');
  const meta = new Meta().push(
    n,
    param.offset,
    grad.offset,
    expAvg.offset,
    expAvgSq.offset,
    maxExpAvgSq?.offset ?? 0,
  );
  meta.pushF32(o.maximize ? -1 : 1);
  meta
    .pushF32(o.beta1)
    .pushF32(1 - o.beta1)
    .pushF32(o.beta2)
    .pushF32(1 - o.beta2);
  meta.pushF32(o.decoupled ? 0 : o.weightDecay);
  meta.pushF32(o.decoupled ? 1 - o.lr * o.weightDecay : 1);
  meta.pushF32(Math.sqrt(1 - o.beta2 ** o.step));
  meta.pushF32(-(o.lr / (1 - o.beta1 ** o.step)));
  meta.pushF32(o.eps);
  const views =
    maxExpAvgSq === null ? [param, grad, expAvg, expAvgSq] : [param, grad, expAvg, expAvgSq, maxExpAvgSq];
  const bindings: Binding[] = views.map((v, k) => ({
    storage: asStorage(v.storage, 'adamStep'),
    access: k === 1 ? 'read' : 'write',
  }));
  const ams = maxExpAvgSq !== null;
  grid(
    rt,
    'adamStep',
    `adam:${ams}`,
    bindings,
    meta.words,
    ([p, g, m, v, vmax]) => `
fn body(i: u32) {
  let pi = ${p}[md[1] + i];
  let gi = f(6u) * ${g}[md[2] + i] + f(11u) * pi;
  let mi = ${m}[md[3] + i] * f(7u) + f(8u) * gi;
  let vi = ${v}[md[4] + i] * f(9u) + f(10u) * gi * gi;
  ${m}[md[3] + i] = mi;
  ${v}[md[4] + i] = vi;
  var second = vi;
  ${
    ams
      ? `let prev = ${vmax}[md[5] + i];
  if (!is_nan(prev) && (is_nan(vi) || vi > prev)) { second = vi; } else { second = prev; }
  ${vmax}[md[5] + i] = second;`
      : ''
  }
  let denom = sqrt(second) / f(13u) + f(15u);
  ${p}[md[1] + i] = pi * f(12u) + f(14u) * mi / denom;
}`,
  );
}
