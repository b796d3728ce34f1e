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

export { installElementwiseRunners } from './elementwise-row.js';
export type { AdaptiveAvgPoolAttrs, AvgPoolAttrs, ReduceAttrs, ScatterAttrs, WindowAttrs } from './ops.js';
export type { Differentiability, OpGroup } from './row.js';
export { BINARY, OPS, UNARY };

type Unary = typeof UNARY;
type Binary = typeof BINARY;
type Ops = typeof OPS;

/** The contract's unary kernels (`backend.unary(op, ...)`). */
export type UnaryOp = keyof Unary;
/** The contract's binary kernels (`backend.binary(op, ...)`). */
export type BinaryOp = keyof Binary;

type InPlaceOf<T extends Record<string, { props: { inPlace?: boolean } }>> = {
  [K in keyof T]: T[K]['props']['inPlace'] extends true ? K : never;
}[keyof T] &
  string;
/** Unary ops with an in-place form (`exp_`). */
export type InPlaceUnaryOp = InPlaceOf<Unary>;
/** Binary ops with an in-place form (`mul_`). */
export type InPlaceBinaryOp = InPlaceOf<Binary>;
/** The names of the in-place forms of elementwise ops. */
export type ElementwiseInPlaceName = `${InPlaceUnaryOp | InPlaceBinaryOp}_`;

/** Every op name `dispatch` accepts. */
export type OpName = UnaryOp | BinaryOp | ElementwiseInPlaceName | keyof Ops;

type DifferentiableOf<T extends Record<string, { props: { differentiable: unknown } }>> = {
  [K in keyof T]: T[K]['props']['differentiable'] extends true ? K : never;
}[keyof T] &
  string;
/** Ops that take a gradient formula (`differentiable: true`; in-place elementwise forms use their op's). */
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

type NoAttrs = Record<never, never>;
/** The attributes op `N` records at dispatch (what its gradient formula reads as `ctx.attrs`). */
export type AttrsOf<N extends OpName> = N extends keyof Ops
  ? Ops[N] extends OpRow<infer A>
    ? A
    : NoAttrs
  : NoAttrs;

/** What the table says about one op, the same shape for every group. */
export interface OpInfo {
  readonly name: OpName;
  readonly group: OpGroup;
  readonly differentiable: Differentiability;
  readonly view: boolean;
  readonly inPlace: boolean;
  /** The op whose gradient formula differentiates this one: the out-of-place op for `exp_`. */
  readonly gradientOf: OpName;
  /** The result is bool (comparisons, logical ops, `isnan`): never differentiable. */
  readonly boolValued: boolean;
  /** For elementwise rows, their type rules. */
  readonly unary?: UnaryProps;
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

/** The row of op `name` (throws on a name the table does not have: an internal error). */
export function opInfo(name: OpName): OpInfo {
  const i = INFO.get(name);
  if (i === undefined) throw new Error(`internal error: '${name}' is not in the op table`);
  return i;
}

/** Every op of the table, in-place elementwise forms included. */
export function allOps(): readonly OpInfo[] {
  return [...INFO.values()];
}

/** The names of the unary and binary kernels, in table order. */
export const UNARY_OPS = Object.values(UNARY).map((r) => r.op) as readonly UnaryOp[];
export const BINARY_OPS = Object.values(BINARY).map((r) => r.op) as readonly BinaryOp[];

/** The in-place form's name of an elementwise op that has one. */
export function inPlaceName(op: InPlaceUnaryOp | InPlaceBinaryOp): ElementwiseInPlaceName {
  return `${op}_`;
}
