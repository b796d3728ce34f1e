/**
 * The op table: every op's name, group, properties and recorded attributes, in one place. `OpName`
 * and `AttrsOf` are derived from it; `dispatch` and the autograd package's `defineGradient` take
 * them, so an op or attribute missing from the table is a compile error, and the coverage tests
 * (`op-table.test.ts`, each backend's conformance run, the autograd formulas' coverage) check that
 * every row has a gradient (or says it has none), a conformance case, a PyTorch fixture, and runs on
 * every backend.
 */
import * as BINARY from './binary.js';
import type { BinaryProps, UnaryProps } from './elementwise-row.js';
import { OPS } from './ops.js';
import type { Differentiability, OpGroup, OpRow } from './row.js';
import * as UNARY from './unary.js';

export type { BinaryProps, BinaryRow, UnaryProps, UnaryRow } from './elementwise-row.js';
export { installElementwiseRunners } from './elementwise-row.js';
export type { AdaptiveAvgPoolAttrs, AvgPoolAttrs, ReduceAttrs, ScatterAttrs, WindowAttrs } from './ops.js';
export type { Differentiability, OpGroup, OpRow } from './row.js';
export { BINARY, OPS, UNARY };

/** @internal The unary rows' type, from which the op names are derived. */
export type Unary = typeof UNARY;
/** @internal The binary rows' type. */
export type Binary = typeof BINARY;
/** @internal The other rows' type. */
export type Ops = typeof OPS;

/** The contract's unary kernels (`backend.unary(op, ...)`), one per row of op-table/unary.ts (PyTorch: `torch.exp`, `torch.neg`, ...). */
export type UnaryOp = keyof Unary;
/** The contract's binary kernels (`backend.binary(op, ...)`), one per row of op-table/binary.ts (PyTorch: `torch.mul`, `torch.eq`, ...). */
export type BinaryOp = keyof Binary;

/** @internal The rows of `T` with an in-place form. */
export type InPlaceOf<T extends Record<string, { props: { inPlace?: boolean } }>> = {
  [K in keyof T]: T[K]['props']['inPlace'] extends true ? K : never;
}[keyof T] &
  string;
/** Unary ops with an in-place form (`exp_`; PyTorch: `torch.Tensor.exp_`). */
export type InPlaceUnaryOp = InPlaceOf<Unary>;
/** Binary ops with an in-place form (`mul_`; PyTorch: `torch.Tensor.mul_`). */
export type InPlaceBinaryOp = InPlaceOf<Binary>;
/** The names of the in-place forms of elementwise ops (`exp_`, `mul_`; PyTorch: `torch.Tensor.exp_`, ...). */
export type ElementwiseInPlaceName = `${InPlaceUnaryOp | InPlaceBinaryOp}_`;

/** Every op name `dispatch` accepts (PyTorch: the ATen operator names, `torch.ops.aten.*`, in camelCase). */
export type OpName = UnaryOp | BinaryOp | ElementwiseInPlaceName | keyof Ops;

/** @internal The rows of `T` with a gradient formula. */
export type DifferentiableOf<T extends Record<string, { props: { differentiable: unknown } }>> = {
  [K in keyof T]: T[K]['props']['differentiable'] extends true ? K : never;
}[keyof T] &
  string;
/** Ops that take a gradient formula (`differentiable: true`; in-place elementwise forms use their op's) (PyTorch: the ops with an entry in `derivatives.yaml`). */
export type DifferentiableOpName =
  | DifferentiableOf<Unary>
  | DifferentiableOf<Binary>
  | {
      [K in keyof Ops]: Ops[K] extends { differentiable: true }
        ? Ops[K] extends { gradientOf: string }
          ? never
          : K
        : never;
    }[keyof Ops];

/** @internal What an op that records nothing records. */
export type NoAttrs = Record<never, never>;
/** The attributes op `N` records at dispatch (what its gradient formula reads as `ctx.attrs`; PyTorch: the values a `grad_fn` saves, `_saved_*`). */
export type AttrsOf<N extends OpName> = N extends keyof Ops
  ? Ops[N] extends OpRow<infer A>
    ? A
    : NoAttrs
  : NoAttrs;

/** What the table says about one op, the same shape for every group (PyTorch: an `OpInfo` of `torch.testing._internal.common_methods_invocations`, roughly). */
export interface OpInfo {
  /** The op's name, as `dispatch` receives it (PyTorch: the ATen operator's name). */
  readonly name: OpName;
  /** Its family: the file of `ops/` it lives in (PyTorch has no equivalent). */
  readonly group: OpGroup;
  /** Whether the autograd engine differentiates it (PyTorch: whether `derivatives.yaml` has a formula). */
  readonly differentiable: Differentiability;
  /** Its output shares the input's storage (PyTorch: the view ops, `Tensor._is_view()`). */
  readonly view: boolean;
  /** It writes its first input (PyTorch: the in-place `Tensor.*_` ops). */
  readonly inPlace: boolean;
  /** The op whose gradient formula differentiates this one: the out-of-place op for `exp_` (PyTorch: `exp_` uses `exp`'s formula too). */
  readonly gradientOf: OpName;
  /** The result is bool (comparisons, logical ops, `isnan`): never differentiable (PyTorch: `torch.bool` results). */
  readonly boolValued: boolean;
  /** For unary elementwise rows, their type rules (PyTorch: the ops' type promotion, e.g. `torch.exp` of an integer tensor is float). */
  readonly unary?: UnaryProps;
  /** For binary elementwise rows, their type rules (PyTorch: `torch.result_type` and the ops' exceptions). */
  readonly binary?: BinaryProps;
}

function buildInfo(): Map<string, OpInfo> {
  const info = new Map<string, OpInfo>();
  const add = (i: OpInfo) => {
    if (info.has(i.name)) throw new Error(`internal error: op '${i.name}' has two rows in the op table`);
    info.set(i.name, i);
  };
  const elementwise = (name: string, props: UnaryProps | BinaryProps, group: 'unary' | 'binary') => {
    const boolValued = 'returnsBool' in props ? props.returnsBool === true : isBoolBinary(props);
    const base = {
      group,
      differentiable: props.differentiable,
      view: false,
      boolValued,
      ...(group === 'unary' ? { unary: props as UnaryProps } : { binary: props as BinaryProps }),
    };
    add({ ...base, name: name as OpName, inPlace: false, gradientOf: name as OpName });
    if (props.inPlace)
      add({ ...base, name: `${name}_` as OpName, inPlace: true, gradientOf: name as OpName });
  };
  for (const r of Object.values(UNARY)) elementwise(r.op, r.props, 'unary');
  for (const r of Object.values(BINARY)) elementwise(r.op, r.props, 'binary');
  for (const [name, r] of Object.entries(OPS) as [keyof Ops, Ops[keyof Ops]][]) {
    add({
      name,
      group: r.group,
      differentiable: r.differentiable,
      view: 'view' in r && r.view === true,
      inPlace: 'inPlace' in r && r.inPlace === true,
      gradientOf: ('gradientOf' in r ? r.gradientOf : name) as OpName,
      boolValued: false,
    });
  }
  for (const i of info.values()) {
    if (!info.has(i.gradientOf))
      throw new Error(`internal error: '${i.name}' uses the gradient of unknown op '${i.gradientOf}'`);
  }
  return info;
}

function isBoolBinary(props: UnaryProps | BinaryProps): boolean {
  return 'compares' in props || 'logical' in props;
}

const INFO = buildInfo();

/** The row of op `name` (throws on a name the table does not have: an internal error). PyTorch has no public equivalent. */
export function opInfo(name: OpName): OpInfo {
  const i = INFO.get(name);
  if (i === undefined) throw new Error(`internal error: '${name}' is not in the op table`);
  return i;
}

/** Every op of the table, in-place elementwise forms included (PyTorch: roughly `torch.testing._internal.common_methods_invocations.op_db`). */
export function allOps(): readonly OpInfo[] {
  return [...INFO.values()];
}

/** The names of the unary kernels, in table order (PyTorch: `torch.exp`, `torch.neg`, ...). */
export const UNARY_OPS = Object.values(UNARY).map((r) => r.op) as readonly UnaryOp[];
/** The names of the binary kernels, in table order (PyTorch: `torch.mul`, `torch.eq`, ...). */
export const BINARY_OPS = Object.values(BINARY).map((r) => r.op) as readonly BinaryOp[];

/** The in-place form's name of an elementwise op that has one. */
export function inPlaceName(op: InPlaceUnaryOp | InPlaceBinaryOp): ElementwiseInPlaceName {
  return `${op}_`;
}
