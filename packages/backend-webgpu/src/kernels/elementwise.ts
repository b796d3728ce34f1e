/**
 * Elementwise kernels (unary, binary, where, fill, copy with cast) as one "map" shader family: each
 * operand is read through its own strides (0 on broadcast dims) from the dispatch metadata, so one
 * compiled shader per (op, dtypes) serves every shape and layout.
 */
import {
  type BinaryOp,
  BOOL_VALUED_OPS,
  type DType,
  numelOf,
  roundToHalf,
  type UnaryOp,
  type View,
} from '@typetorch/tensor';
import { checkRank, collapse, Meta } from '../runtime/layout.js';
import type { Binding, Runtime } from '../runtime/runtime.js';
import { wgslType } from '../runtime/runtime.js';
import { asStorage } from '../runtime/storage.js';
import { MATH } from '../wgsl/math.js';
import { GRID_LOOP, PRELUDE } from '../wgsl/prelude.js';

const BOOL_VALUED = new Set<string>(BOOL_VALUED_OPS);

/** The type an op computes in: floats (float16 included) in f32, integers and bools in i32. */
type Compute = 'f32' | 'i32';

/**
 * Every unary op in f32 (integer inputs of float ops are converted first, as the CPU's Math functions
 * do); typed by the op table, so a new op fails to compile until it has its WGSL expression here.
 */
const UNARY_F32: Record<UnaryOp, string> = {
  neg: '-x',
  abs: 'abs(x)',
  exp: 'exp_(x)',
  expm1: 'expm1_(x)',
  log: 'log_(x)',
  log2: 'select(log2(x), log_(x), !(x > 0.0) || is_inf(x))',
  log1p: 'log1p_(x)',
  sqrt: 'sqrt_(x)',
  rsqrt: '1.0 / sqrt_(x)',
  sin: 'sin_(x)',
  cos: 'cos_(x)',
  tanh: 'tanh_(x)',
  sigmoid: 'sigmoid_(x)',
  erf: 'erf_(x)',
  relu: 'relu_(x)',
  sign: 'sign_(x)',
  floor: 'floor(x)',
  ceil: 'ceil(x)',
  round: 'round(x)',
  trunc: 'trunc(x)',
  reciprocal: '1.0 / x',
  square: 'x * x',
  logicalNot: '!truthy(x)',
  isnan: 'is_nan(x)',
  isinf: 'is_inf(x)',
  isfinite: '!is_inf(x) && !is_nan(x)',
  isposinf: 'is_inf(x) && x > 0.0',
  isneginf: 'is_inf(x) && x < 0.0',
};

/** Unary ops that stay integer on integer inputs. */
const UNARY_I32: Partial<Record<UnaryOp, string>> = {
  neg: '-x',
  abs: 'abs(x)',
  relu: 'max(x, 0)',
  sign: 'isign_(x)',
  floor: 'x',
  ceil: 'x',
  round: 'x',
  trunc: 'x',
  square: 'x * x',
  logicalNot: 'x == 0',
  isnan: 'false',
  isinf: 'false',
  isfinite: 'true',
  isposinf: 'false',
  isneginf: 'false',
};

const BINARY_F32: Record<BinaryOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  pow: 'pow_(a, b)',
  maximum: 'maximum_(a, b)',
  minimum: 'minimum_(a, b)',
  eq: '!unordered(a, b) && a == b',
  ne: 'unordered(a, b) || a != b',
  lt: '!unordered(a, b) && a < b',
  le: '!unordered(a, b) && a <= b',
  gt: '!unordered(a, b) && a > b',
  ge: '!unordered(a, b) && a >= b',
  logicalAnd: 'truthy(a) && truthy(b)',
  logicalOr: 'truthy(a) || truthy(b)',
  logicalXor: 'truthy(a) != truthy(b)',
  floorDivide: 'floordiv_(a, b)',
  remainder: 'remainder_(a, b)',
  reluBackward: 'select(a, 0.0, b <= 0.0)',
};

const BINARY_I32: Partial<Record<BinaryOp, string>> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  pow: 'ipow_(a, b)',
  maximum: 'max(a, b)',
  minimum: 'min(a, b)',
  eq: 'a == b',
  ne: 'a != b',
  lt: 'a < b',
  le: 'a <= b',
  gt: 'a > b',
  ge: 'a >= b',
  logicalAnd: 'a != 0 && b != 0',
  logicalOr: 'a != 0 || b != 0',
  logicalXor: '(a != 0) != (b != 0)',
  floorDivide: 'ifloordiv_(a, b)',
  remainder: 'iremainder_(a, b)',
};

/** WGSL that loads a stored element (`raw`, of `dtype`) as the compute type (a half as f32, exactly). */
function load(raw: string, dtype: DType, compute: Compute | 'f16'): string {
  const t = wgslType(dtype);
  return t === compute ? raw : `${compute}(${raw})`;
}

/**
 * WGSL that stores a result `r` (of WGSL type `from`) as `dtype`: bool maps non-zero to true, float16
 * rounds to nearest even (`to_f16`, see wgsl/half.ts). `from` 'f16' is a raw half (a bit copy).
 */
export function store(r: string, from: 'f32' | 'i32' | 'bool' | 'f16', dtype: DType): string {
  if (dtype === 'bool') {
    if (from === 'bool') return `select(0u, 1u, ${r})`;
    return from === 'f32' ? `select(0u, 1u, truthy(${r}))` : `select(0u, 1u, (${r}) != 0)`;
  }
  const t = wgslType(dtype);
  if (from === 'bool') return `select(${t}(0), ${t}(1), ${r})`;
  if (t === 'i32' && from === 'f32') return `to_i32(${r})`;
  if (t === 'f16' && from !== 'f16') return `to_f16(${from === 'f32' ? r : `f32(${r})`})`;
  return t === from ? r : `${t}(${r})`;
}

/** One map dispatch: `out[i] = expr(in_0[i], ...)` over `out`'s shape. */
function map(
  rt: Runtime,
  op: string,
  key: string,
  inputs: readonly View[],
  out: View,
  body: (values: readonly string[]) => string,
  resultType: 'f32' | 'i32' | 'bool' | 'f16',
  loads: readonly (Compute | 'f16')[],
  extra: number[] = [],
): void {
  const n = numelOf(out.shape);
  if (n === 0) return;
  const views = [...inputs, out];
  const { shape, strides } = collapse(
    out.shape,
    views.map((v) => v.strides),
  );
  checkRank(op, shape);
  const rank = shape.length;
  const meta = new Meta().push(n, rank, ...shape);
  views.forEach((v, k) => {
    meta.push(v.offset, ...strides[k]);
  });
  meta.push(...extra);
  const outStorage = asStorage(out.storage, op);
  // A dense output that spans its whole storage needs no clearing before the kernel writes it.
  const whole = rank === 1 && strides[inputs.length][0] === 1 && out.offset === 0 && n === outStorage.size;
  const bindings: Binding[] = views.map((v, k) =>
    k === inputs.length
      ? { storage: outStorage, access: 'write', overwrites: whole }
      : { storage: asStorage(v.storage, op), access: 'read' },
  );
  const extraAt = `(2u + rank + ${views.length}u * (rank + 1u))`;
  rt.dispatch({
    op,
    key: `map:${key}:${views.map((v) => v.dtype).join(',')}`,
    bindings,
    meta: meta.words,
    groups: Math.min(Math.ceil(n / rt.workgroupSize), rt.maxGroups),
    source: (names) => {
      const at = (k: number) =>
        `u32(bitcast<i32>(md[2u + rank + ${k}u * (rank + 1u)]) + strided(2u, rank, 3u + rank + ${k}u * (rank + 1u), i))`;
      const values = inputs.map((v, k) => load(`${names[k]}[${at(k)}]`, v.dtype, loads[k]));
      return `${PRELUDE}\n${MATH}
fn body(i: u32) {
  let rank = md[1];
  let extra = ${extraAt};
  ${values.map((v, k) => `let v${k} = ${v};`).join('\n  ')}
  ${names[inputs.length]}[${at(inputs.length)}] = ${store(`(${body(values.map((_, k) => `v${k}`))})`, resultType, out.dtype)};
}
${GRID_LOOP}`;
    },
  });
}

function computeOf(dtype: DType): Compute {
  return dtype === 'float32' || dtype === 'float16' ? 'f32' : 'i32';
}

export function unary(rt: Runtime, op: UnaryOp, x: View, out: View): void {
  let compute = computeOf(x.dtype);
  let expr = compute === 'i32' ? UNARY_I32[op] : UNARY_F32[op];
  if (expr === undefined) {
    compute = 'f32';
    expr = UNARY_F32[op]!;
  }
  const resultType = BOOL_VALUED.has(op) ? 'bool' : compute;
  const e = expr;
  map(rt, op, `u.${op}.${compute}`, [x], out, ([v]) => e.replace(/\bx\b/g, v), resultType, [compute]);
}

export function binary(rt: Runtime, op: BinaryOp, a: View, b: View, out: View): void {
  let compute = computeOf(a.dtype);
  let expr = compute === 'i32' ? BINARY_I32[op] : BINARY_F32[op];
  if (expr === undefined) {
    compute = 'f32';
    expr = BINARY_F32[op];
  }
  const resultType = BOOL_VALUED.has(op) ? 'bool' : compute;
  const e = expr;
  map(
    rt,
    op,
    `b.${op}.${compute}`,
    [a, b],
    out,
    ([va, vb]) => e.replace(/\ba\b/g, '§A').replace(/\bb\b/g, vb).replaceAll('§A', va),
    resultType,
    [compute, compute],
  );
}

export function where(rt: Runtime, cond: View, a: View, b: View, out: View): void {
  const from = computeOf(out.dtype);
  map(rt, 'where', 'where', [cond, a, b], out, ([c, x, y]) => `select(${y}, ${x}, ${c} != 0)`, from, [
    'i32',
    from,
    from,
  ]);
}

/** `out[i] = value`, cast on the host to out's dtype and passed as bits (float16: the rounded float32). */
export function fill(rt: Runtime, out: View, value: number): void {
  const meta = new Meta();
  if (out.dtype === 'float32') meta.pushF32(value);
  else if (out.dtype === 'float16') meta.pushF32(roundToHalf(value));
  else if (out.dtype === 'bool') meta.push(value !== 0 ? 1 : 0);
  else meta.push(Number.isFinite(value) ? Math.trunc(value) | 0 : 0);
  const compute = computeOf(out.dtype);
  map(rt, 'fill', 'fill', [], out, () => `bitcast<${compute}>(md[extra])`, compute, [], meta.words);
}

/** Strided copy with cast: float->int truncates (wrapping like an Int32Array store), ->bool is `!= 0`. */
export function copy(rt: Runtime, x: View, out: View): void {
  const t = wgslType(x.dtype);
  // Same dtype: a bit copy (NaN payloads and -0 survive); otherwise through the compute type.
  if (x.dtype === out.dtype) {
    const raw = t === 'f16' ? 'f16' : computeOf(x.dtype);
    map(rt, 'copy', 'copy', [x], out, ([v]) => v, raw, [raw]);
    return;
  }
  const from = computeOf(x.dtype);
  map(rt, 'copy', 'cast', [x], out, ([v]) => v, from, [from]);
}
