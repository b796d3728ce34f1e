/**
 * PyTorch parity cases: replays the fixtures that `scripts/generate_fixtures.py` recorded from PyTorch
 * (see that script for the JSON format). Each fixture names an `op`; the table below maps it to the
 * typetorch call, so a fixture and its TS op read side by side with the Python `OPS` table.
 */
import * as torch from '@typetorch/tensor';
import {
  BINARY_OPS,
  type DType,
  getBackend,
  type OpName,
  storageDType,
  Tensor,
  UNARY_OPS,
} from '@typetorch/tensor';
import {
  check,
  decodeValue,
  type ExpectedTensor,
  expectTensor,
  expectThrows,
  type Tolerance,
} from './assert.js';
import type { ConformanceCase } from './case.js';
import addmm from './fixtures/addmm.json' with { type: 'json' };
import advancedIndexing from './fixtures/advanced-indexing.json' with { type: 'json' };
import binary from './fixtures/binary.json' with { type: 'json' };
import cast from './fixtures/cast.json' with { type: 'json' };
import conditional from './fixtures/conditional.json' with { type: 'json' };
import creation from './fixtures/creation.json' with { type: 'json' };
import float16 from './fixtures/float16.json' with { type: 'json' };
import indexing from './fixtures/indexing.json' with { type: 'json' };
import inplace from './fixtures/inplace.json' with { type: 'json' };
import int64 from './fixtures/int64.json' with { type: 'json' };
import linalg from './fixtures/linalg.json' with { type: 'json' };
import loss from './fixtures/loss.json' with { type: 'json' };
import math from './fixtures/math.json' with { type: 'json' };
import optim from './fixtures/optim.json' with { type: 'json' };
import print from './fixtures/print.json' with { type: 'json' };
import promotion from './fixtures/promotion.json' with { type: 'json' };
import random from './fixtures/random.json' with { type: 'json' };
import reduce from './fixtures/reduce.json' with { type: 'json' };
import reluBackward from './fixtures/relu-backward.json' with { type: 'json' };
import scanShape from './fixtures/scan-shape.json' with { type: 'json' };
import shape from './fixtures/shape.json' with { type: 'json' };
import softmax from './fixtures/softmax.json' with { type: 'json' };
import sorting from './fixtures/sorting.json' with { type: 'json' };
import unary from './fixtures/unary.json' with { type: 'json' };
import { ADDMM_OPS } from './pytorch-addmm.js';
import { ADVANCED_INDEXING_FIXTURE_OPS } from './pytorch-advanced-indexing.js';
import { type ExpectedDraw, expectDraw, INPLACE_RANDOM_OPS, isDraw } from './pytorch-inplace-random.js';
import { SCAN_SHAPE_MATH_OPS } from './pytorch-scan-shape-math.js';
import { SORTING_OPS } from './pytorch-sorting.js';

// ---- the fixture format ----

/** Numbers as the generator writes them: non-finite ones as 'nan', 'inf', '-inf'. */
export type Encoded = number | boolean | string;

/** One step that turns a freshly created tensor into a non-contiguous view. */
export interface Layout {
  transpose?: [number, number];
  permute?: number[];
  /** `[dim, start, end, step]`, Python's `x[..., start:end:step]`. */
  slice?: [number, number | null, number | null, number];
  expand?: number[];
}

export interface TensorInput {
  shape: number[];
  dtype: DType;
  data: Encoded[];
  layout?: Layout | Layout[];
}

export type FixtureInput = TensorInput | { scalar: Encoded };

/** The union of every op's arguments; each op reads the ones it takes. */
export interface Args {
  alpha?: number;
  dim?: number | number[] | null;
  keepdim?: boolean;
  correction?: number;
  min?: Encoded | null;
  max?: Encoded | null;
  shape?: number[];
  dims?: number[];
  dim0?: number;
  dim1?: number;
  sizes?: number[];
  startDim?: number;
  endDim?: number;
  start?: number | null;
  end?: number | null;
  step?: number;
  length?: number;
  index?: number;
  size?: number | number[];
  chunks?: number;
  diagonal?: number;
  numClasses?: number;
  /** crossEntropyPerSample's options (its weight is an input). */
  ignoreIndex?: number;
  labelSmoothing?: number;
  /** adamStep_'s options (`step` is the one above). */
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  decoupled?: boolean;
  amsgrad?: boolean;
  maximize?: boolean;
  bounds?: number[];
  steps?: number;
  n?: number;
  m?: number | null;
  value?: Encoded;
  dtype?: DType | null;
  /** randint's `[low, high)`; also uniform_'s `from`/`to`. */
  low?: number;
  high?: number;
  mean?: number;
  std?: number;
}

export interface FixtureCase {
  name: string;
  op: string;
  inputs: FixtureInput[];
  args: Args;
  /** The output(s); a draw (no `data`) where PyTorch's values are not typetorch's (random ops). */
  expected?: ExpectedTensor | ExpectedDraw | ExpectedTensor[] | { repr: string };
  /** PyTorch raised: typetorch must throw. */
  error?: boolean;
  /** Overrides the file's float32 tolerance. */
  tol?: Tolerance;
  /** Device capabilities the case needs, e.g. 'syncRead' for checks that read indices on the host. */
  requires?: string[];
  /** The gradient fed to backward for each output; null for outputs that are not differentiable. */
  gradOutputs?: (ExpectedTensor | null)[];
  /** PyTorch's `.grad` of each input's leaf; null for inputs that do not require grad. */
  grads?: (ExpectedTensor | null)[];
}

export interface FixtureFile {
  group: string;
  /** float32 tolerance of the group. */
  tol?: Tolerance;
  cases: FixtureCase[];
}

export const FILES = [
  unary,
  binary,
  reluBackward,
  promotion,
  conditional,
  reduce,
  softmax,
  linalg,
  loss,
  optim,
  shape,
  indexing,
  creation,
  cast,
  print,
  float16,
  inplace,
  random,
  sorting,
  addmm,
  advancedIndexing,
  scanShape,
  math,
  int64,
] as unknown as FixtureFile[];

const FLOAT32_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-6 };
const FLOAT64_TOLERANCE: Tolerance = { rtol: 1e-10, atol: 1e-12 };
/** About one half ulp (2^-10 relative), PyTorch's `assert_close` default for float16. */
const FLOAT16_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-5 };

// ---- the op table ----

export type Operand = Tensor | number | boolean;
export type Output = Tensor | readonly Tensor[] | { values: Tensor; indices: Tensor };
export type Op = (x: Operand[], a: Args, device: string) => Output;

/** Harness errors start with this, so an error case cannot pass on a broken fixture. */
export const FIXTURE = 'fixture: ';

function T(x: Operand): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${FIXTURE}expected a tensor operand, got ${String(x)}`);
  return x;
}

function one(dim: Args['dim']): number {
  if (typeof dim !== 'number')
    throw new TypeError(`${FIXTURE}expected a single dim, got ${JSON.stringify(dim)}`);
  return dim;
}

/** An optional single dim: absent (null/undefined) stays undefined, the op's default. */
function optional(dim: Args['dim']): number | undefined {
  return dim === null || dim === undefined ? undefined : one(dim);
}

/** A possibly encoded (non-finite) number argument; null/undefined stay absent. */
function num(v: Encoded | null | undefined): number | undefined {
  return v === null || v === undefined ? undefined : decodeValue(v);
}

export function decodeScalar(v: Encoded): number | boolean {
  return typeof v === 'boolean' ? v : decodeValue(v);
}

function creationOptions(a: Args, device: string): torch.CreationOptions {
  return a.dtype ? { dtype: a.dtype, device } : { device };
}

function arange(bounds: number[], options: torch.CreationOptions): Tensor {
  const [b0, b1, b2] = bounds;
  if (bounds.length === 1) return torch.arange(b0, options);
  if (bounds.length === 2) return torch.arange(b0, b1, options);
  return torch.arange(b0, b1, b2, options);
}

/**
 * Fixture ops that are not rows of the op table: functions composed of rows (`mm` runs `matmul`,
 * `var` runs reductions), another argument form of a row (`clampTensor`), and printing (`repr`).
 */
type ComposedOp =
  | 'clampTensor'
  | 'var'
  | 'std'
  | 'mm'
  | 'bmm'
  | 'dot'
  | 'outer'
  | 'transpose'
  | 't'
  | 'flatten'
  | 'unflatten'
  | 'narrow'
  | 'split'
  | 'chunk'
  | 'contiguous'
  | 'repr';
/** The names a fixture's `op` may take: the op table's, or a composed op's. */
export type FixtureOp = OpName | ComposedOp;

const elementwise: Partial<Record<OpName, Op>> = {};
// The functional forms (`torch.exp(x)`, `torch.sub(2, x)`): the op table's rows, by name.
// biome-ignore lint/performance/noDynamicNamespaceImportAccess: every row is needed, by the fixture's name
for (const op of UNARY_OPS) elementwise[op] = ([x]) => torch[op](T(x));
// biome-ignore lint/performance/noDynamicNamespaceImportAccess: every row is needed, by the fixture's name
for (const op of BINARY_OPS) elementwise[op] = ([a, b]) => torch[op](a, b);

export const OPS: Partial<Record<FixtureOp, Op>> = {
  ...elementwise,
  add: ([a, b], { alpha }) => (alpha === undefined ? torch.add(a, b) : T(a).add(b, { alpha })),
  sub: ([a, b], { alpha }) => (alpha === undefined ? torch.sub(a, b) : T(a).sub(b, { alpha })),
  // conditional
  where: ([cond, x, y]) => torch.where(T(cond), x, y),
  maskedFill: ([x, mask, value]) => T(x).maskedFill(T(mask), value),
  clamp: ([x], { min, max }) => T(x).clamp(num(min), num(max)),
  clampTensor: ([x, lo, hi]) => T(x).clamp(T(lo), T(hi)),
  // reductions
  sum: ([x], { dim, keepdim }) => T(x).sum(dim, keepdim),
  mean: ([x], { dim, keepdim }) => T(x).mean(dim, keepdim),
  prod: ([x], { dim, keepdim }) => T(x).prod(optional(dim), keepdim),
  var: ([x], { dim, correction, keepdim }) => T(x).var(dim, { correction, keepdim }),
  std: ([x], { dim, correction, keepdim }) => T(x).std(dim, { correction, keepdim }),
  amax: ([x], { dim, keepdim }) => T(x).amax(dim, keepdim),
  amin: ([x], { dim, keepdim }) => T(x).amin(dim, keepdim),
  max: ([x]) => T(x).max(),
  min: ([x]) => T(x).min(),
  maxDim: ([x], { dim, keepdim }) => T(x).max(one(dim), keepdim),
  minDim: ([x], { dim, keepdim }) => T(x).min(one(dim), keepdim),
  argmax: ([x], { dim, keepdim }) => T(x).argmax(optional(dim), keepdim),
  argmin: ([x], { dim, keepdim }) => T(x).argmin(optional(dim), keepdim),
  logsumexp: ([x], { dim, keepdim }) => T(x).logsumexp(dim, keepdim),
  all: ([x], { dim, keepdim }) => T(x).all(dim, keepdim),
  any: ([x], { dim, keepdim }) => T(x).any(dim, keepdim),
  softmax: ([x], { dim }) => T(x).softmax(one(dim)),
  logSoftmax: ([x], { dim }) => T(x).logSoftmax(one(dim)),
  // linear algebra
  matmul: ([a, b]) => T(a).matmul(T(b)),
  mm: ([a, b]) => T(a).mm(T(b)),
  bmm: ([a, b]) => T(a).bmm(T(b)),
  dot: ([a, b]) => T(a).dot(T(b)),
  outer: ([a, b]) => T(a).outer(T(b)),
  // shape
  reshape: ([x], { shape }) => T(x).reshape(shape!),
  view: ([x], { shape }) => T(x).view(shape!),
  permute: ([x], { dims }) => T(x).permute(dims!),
  transpose: ([x], { dim0, dim1 }) => T(x).transpose(dim0!, dim1!),
  t: ([x]) => T(x).t(),
  expand: ([x], { sizes }) => T(x).expand(sizes!),
  flatten: ([x], { startDim, endDim }) => T(x).flatten(startDim, endDim),
  unflatten: ([x], { dim, sizes }) => T(x).unflatten(one(dim), sizes!),
  squeeze: ([x], { dim }) => T(x).squeeze(dim ?? undefined),
  unsqueeze: ([x], { dim }) => T(x).unsqueeze(one(dim)),
  narrow: ([x], { dim, start, length }) => T(x).narrow(one(dim), start!, length!),
  select: ([x], { dim, index }) => T(x).select(one(dim), index!),
  slice: ([x], { dim, start, end, step }) => T(x).slice(one(dim), start, end, step),
  split: ([x], { size, dim }) => T(x).split(size!, optional(dim)),
  chunk: ([x], { chunks, dim }) => T(x).chunk(chunks!, optional(dim)),
  cat: (xs, { dim }) => torch.cat(xs.map(T), optional(dim)),
  stack: (xs, { dim }) => torch.stack(xs.map(T), optional(dim)),
  contiguous: ([x]) => T(x).contiguous(),
  // indexing
  gather: ([x, index], { dim }) => T(x).gather(one(dim), T(index)),
  scatter: ([x, index, src], { dim }) =>
    T(x).scatter(one(dim), T(index), src instanceof Tensor ? src : Number(src)),
  scatterAdd: ([x, index, src], { dim }) => T(x).scatterAdd(one(dim), T(index), T(src)),
  indexSelect: ([x, index], { dim }) => T(x).indexSelect(one(dim), T(index)),
  oneHot: ([index], { numClasses }) => torch.oneHot(T(index), numClasses),
  tril: ([x], { diagonal }) => T(x).tril(diagonal),
  triu: ([x], { diagonal }) => T(x).triu(diagonal),
  // losses: inputs [logits, target, weight?] and [gradLoss, logits, target, normalizer, weight?]
  crossEntropyPerSample: ([x, target, weight], { ignoreIndex, labelSmoothing }) =>
    torch.crossEntropyPerSample(T(x), T(target), {
      weight: weight === undefined ? null : T(weight),
      ignoreIndex,
      labelSmoothing,
    }),
  crossEntropyPerSampleBackward: ([g, x, target, normalizer, weight], { ignoreIndex, labelSmoothing }) =>
    torch.crossEntropyPerSampleBackward(T(g), T(x), T(target), T(normalizer), {
      weight: weight === undefined ? null : T(weight),
      ignoreIndex,
      labelSmoothing,
    }),
  // fused optimizer steps: inputs [param, grad, expAvg, expAvgSq, maxExpAvgSq?]; the outputs are the
  // tensors the step writes, after it
  adamStep_: ([param, grad, expAvg, expAvgSq, max], a) => {
    const written = [param, expAvg, expAvgSq, ...(max === undefined ? [] : [max])].map(T);
    torch.adamStep_(T(param), T(grad), T(expAvg), T(expAvgSq), max === undefined ? null : T(max), {
      lr: a.lr!,
      beta1: a.beta1!,
      beta2: a.beta2!,
      eps: a.eps!,
      weightDecay: a.weightDecay!,
      decoupled: a.decoupled!,
      amsgrad: a.amsgrad!,
      maximize: a.maximize!,
      step: a.step!,
    });
    return written;
  },
  // creation
  arange: (_, { bounds, ...a }, device) => arange(bounds!, creationOptions(a, device)),
  linspace: (_, { start, end, steps, ...a }, device) =>
    torch.linspace(start!, end!, steps!, creationOptions(a, device)),
  eye: (_, { n, m, ...a }, device) => torch.eye(n!, m ?? n!, creationOptions(a, device)),
  full: (_, { shape, value, ...a }, device) =>
    torch.full(shape!, typeof value === 'boolean' ? value : decodeValue(value!), creationOptions(a, device)),
  // cast and print (a print case compares the input's repr)
  to: ([x], { dtype }) => T(x).to(dtype!),
  repr: ([x]) => T(x),
  // in-place writes and random draws (pytorch-inplace-random.ts)
  ...INPLACE_RANDOM_OPS,
  ...SCAN_SHAPE_MATH_OPS,
  ...SORTING_OPS,
  ...ADDMM_OPS,
  ...ADVANCED_INDEXING_FIXTURE_OPS,
};

// ---- running a case ----

export function layoutSteps(layout: TensorInput['layout']): Layout[] {
  return layout === undefined ? [] : Array.isArray(layout) ? layout : [layout];
}

export function applyLayout(x: Tensor, step: Layout): Tensor {
  if (step.transpose) return x.transpose(...step.transpose);
  if (step.permute) return x.permute(step.permute);
  if (step.slice) return x.slice(...step.slice);
  if (step.expand) return x.expand(step.expand);
  throw new Error(`${FIXTURE}unknown layout ${JSON.stringify(step)}`);
}

/** Creates an operand as the generator did: row-major data, reshape, then the layout steps. */
function makeInput(spec: FixtureInput, device: string, created: Tensor[]): Operand {
  if ('scalar' in spec) return decodeScalar(spec.scalar);
  let x = torch.tensor(spec.data.map(decodeValue), { dtype: spec.dtype, device });
  created.push(x);
  x = x.reshape(spec.shape);
  created.push(x);
  for (const step of layoutSteps(spec.layout)) {
    x = applyLayout(x, step);
    created.push(x);
  }
  return x;
}

export function outputsOf(out: Output): Tensor[] {
  if (out instanceof Tensor) return [out];
  if (Array.isArray(out)) return [...out];
  const { values, indices } = out as { values: Tensor; indices: Tensor };
  return [values, indices];
}

function isRepr(expected: FixtureCase['expected']): expected is { repr: string } {
  return expected !== undefined && 'repr' in expected;
}

/** Every dtype a case touches, so devices without float64 skip the cases that need it. */
export function dtypesOf(c: FixtureCase): DType[] {
  const dtypes: DType[] = [];
  for (const input of c.inputs) if ('dtype' in input) dtypes.push(input.dtype);
  if (c.args.dtype) dtypes.push(c.args.dtype);
  const expected = c.expected;
  if (expected !== undefined && !isRepr(expected)) {
    for (const e of Array.isArray(expected) ? expected : [expected]) dtypes.push(e.dtype);
  }
  return dtypes;
}

/** The first capability the device lacks for a case: a dtype it does not store, or sync reads. */
export function missingCapability(
  dtypes: readonly DType[],
  requires: readonly string[] | undefined,
  device: string,
): DType | 'syncRead' | null {
  const { capabilities } = getBackend(device);
  const dtype = dtypes.find((d) => !capabilities.dtypes.includes(storageDType(d)));
  if (dtype !== undefined) return dtype;
  if (requires?.includes('syncRead') && !capabilities.syncRead) return 'syncRead';
  return null;
}

/** The error a device without `dtype` gives when a tensor of that dtype is created on it. */
export function unsupportedDtypeError(dtype: DType): RegExp {
  return new RegExp(`does not support dtype ${dtype}`);
}

/**
 * A case the device cannot run as recorded still checks something: without a dtype, building the case
 * must fail with the clear "does not support dtype" error; without sync reads, an op that must read
 * values on the host fails with an error pointing to the asynchronous form, and value checks that
 * need such a read (out-of-range indices) run on the device: the op runs and the read raises.
 */
async function runWithout(
  missing: DType | 'syncRead',
  c: FixtureCase,
  device: string,
  created: Tensor[],
): Promise<void> {
  const op = OPS[c.op as FixtureOp]!;
  const build = () =>
    op(
      c.inputs.map((spec) => makeInput(spec, device, created)),
      c.args,
      device,
    );
  if (missing !== 'syncRead') {
    expectThrows(() => created.push(...outputsOf(build())), unsupportedDtypeError(missing));
    return;
  }
  if (!c.error) {
    expectThrows(() => created.push(...outputsOf(build())), /synchronously|asynchronous/);
    return;
  }
  // An error that needs the values (an index out of range) comes from the device's check, at the read.
  const out = outputsOf(build());
  created.push(...out);
  const error = await Promise.all(out.map((t) => t.data())).then(
    () => undefined,
    (e: Error) => e,
  );
  check(
    error !== undefined && /out of bounds|out of range|ZeroDivisionError|Class values/.test(error.message),
    `expected the read to raise the device's check (${c.error}), got ${error?.message ?? 'values'}`,
  );
}

/**
 * float32 values are written as the shortest decimal that rounds to them (0.1 for 0.100000001...);
 * round them back so exact comparisons (casts) see the float32 PyTorch produced.
 */
export function asFloat32(expected: ExpectedTensor): ExpectedTensor {
  if (expected.dtype !== 'float32') return expected;
  return { ...expected, data: expected.data.map((v) => (typeof v === 'number' ? Math.fround(v) : v)) };
}

function toleranceFor(dtype: DType, c: FixtureCase, file: FixtureFile): Tolerance {
  if (dtype === 'float32') return c.tol ?? file.tol ?? FLOAT32_TOLERANCE;
  if (dtype === 'float64') return FLOAT64_TOLERANCE;
  if (dtype === 'float16') return c.tol ?? file.tol ?? FLOAT16_TOLERANCE;
  return {}; // ints and bools compare exactly
}

/**
 * The fixtures are PyTorch's CPU reprs; other devices add a `device='...'` suffix, which can also push
 * a later suffix onto its own line. Compare those without the device and with suffixes on one line.
 */
function withoutDevice(repr: string): string {
  return repr
    .replace(/,\s*device='[^']*'/, '')
    .replace(/,\n\s*(?=(dtype|size|requires_grad|grad_fn)=)/g, ', ');
}

async function compare(out: Tensor[], c: FixtureCase, file: FixtureFile, device: string): Promise<void> {
  const expected = c.expected;
  check(expected !== undefined, `${FIXTURE}case has neither expected nor error`);
  if (isRepr(expected)) {
    const text = getBackend(device).capabilities.syncRead ? out[0].toString() : await out[0].format();
    const got = device === 'cpu' ? text : withoutDevice(text);
    const want = device === 'cpu' ? expected.repr : withoutDevice(expected.repr);
    check(got === want, `repr differs:\n--- got\n${text}\n--- PyTorch\n${expected.repr}`);
    return;
  }
  const list = Array.isArray(expected) ? expected : [expected];
  check(out.length === list.length, `${out.length} outputs != expected ${list.length}`);
  for (let i = 0; i < list.length; i++) {
    const label = list.length > 1 ? `output ${i}` : '';
    const e = list[i];
    if (isDraw(e)) await expectDraw(out[i], e, label);
    else await expectTensor(out[i], asFloat32(e), toleranceFor(e.dtype, c, file), label);
  }
}

async function runCase(file: FixtureFile, c: FixtureCase, device: string): Promise<void> {
  const op = OPS[c.op as FixtureOp];
  check(op !== undefined, `${FIXTURE}no typetorch op for '${c.op}'`);
  const missing = missingCapability(dtypesOf(c), c.requires, device);
  const created: Tensor[] = [];
  try {
    if (missing !== null) {
      await runWithout(missing, c, device, created);
      return;
    }
    const inputs = c.inputs.map((spec) => makeInput(spec, device, created));
    if (c.error) {
      expectThrows(
        () => created.push(...outputsOf(op(inputs, c.args, device))),
        new RegExp(`^(?!${FIXTURE})`),
      );
      return;
    }
    const out = outputsOf(op(inputs, c.args, device));
    created.push(...out);
    await compare(out, c, file, device);
  } finally {
    for (const t of created) t.dispose();
  }
}

/** Every PyTorch fixture as a conformance case, in groups named `pytorch:<group>`. */
export function pytorchCases(): ConformanceCase[] {
  return FILES.flatMap((file) =>
    file.cases.map((c) => ({
      group: `pytorch:${file.group}`,
      name: c.name,
      run: (device: string) => runCase(file, c, device),
    })),
  );
}
