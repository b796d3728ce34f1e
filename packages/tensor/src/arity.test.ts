// Every public function and Tensor method rejects one positional argument too many (PyTorch never
// ignores an argument): a new export or method without an arity check fails here.
import { describe, expect, it } from 'vitest';
import * as arityModule from './arity.js';
import { arityOf } from './arity.js';
import * as registry from './backend/registry.js';
import * as dispatchModule from './dispatch.js';
import * as dtypeModule from './dtype.js';
import * as half from './half.js';
import * as T from './index.js';
import * as memory from './memory/index.js';
import * as opTable from './op-table/index.js';
import * as targetChecks from './ops/target-checks.js';
import * as options from './options.js';
import * as print from './print.js';
import * as generator from './random/generator.js';
import * as permutation from './random/permutation.js';
import * as philox from './random/philox.js';
import * as shape from './shape.js';

/**
 * Library plumbing, not `torch` functions: backends, dtypes, memory, the op table, binding helpers, and
 * the value checks other packages' ops share (class targets).
 */
const INFRASTRUCTURE = new Set(
  [
    arityModule,
    registry,
    dispatchModule,
    dtypeModule,
    half,
    memory,
    opTable,
    options,
    print,
    generator,
    permutation,
    philox,
    shape,
    targetChecks,
  ].flatMap((m) => Object.keys(m)),
);

/** Functions that take PyTorch's `*args` (or bind their own arguments with Python's checks). */
const VARIADIC: Record<string, string> = {
  zeros: 'torch.zeros(*size): sizes are variadic; a stray value is rejected as a size',
  ones: 'torch.ones(*size), as zeros',
  empty: 'torch.empty(*size), as zeros',
  rand: 'torch.rand(*size), as zeros',
  randn: 'torch.randn(*size), as zeros',
  einsum: 'torch.einsum(equation, *operands)',
  index: 'x[a, b, ...]: one spec per indexed dim',
  indexAsync: 'x[a, b, ...], as index',
  flip: 'Tensor.flip(*dims)',
  repeat: 'Tensor.repeat(*sizes)',
  permute: 'Tensor.permute(*dims)',
  reshape: 'Tensor.reshape(*shape)',
  view: 'Tensor.view(*shape)',
  expand: 'Tensor.expand(*sizes)',
  var: 'binds (dim, unbiased, keepdim) or (unbiased) itself, with Python’s arity check',
  var_: 'the function form of var',
  std: 'as var',
};

/**
 * Backend-facing helpers (reference compositions, kernel views, the conformance suite's hook into
 * device-side checks): called by backends and @typetorch/conformance, not users.
 */
const BACKEND_FACING = new Set([
  'im2colComposite',
  'col2imComposite',
  'maxPool2dComposite',
  'dropoutMaskComposite',
  'maxPool2dBackwardComposite',
  'avgPool2dComposite',
  'raiseDeviceErrors',
  'viewOf',
  'crossEntropyComposite',
  'crossEntropyBackwardComposite',
  'crossEntropyGradient',
  'crossEntropyPerSample',
  'crossEntropyPerSampleBackward',
  'softmaxComposite',
  'sortComposite',
  'valuesIndices',
  'adamStep_',
]);

const isClass = (f: unknown) => /^class\b/.test(Function.prototype.toString.call(f));
const tooMany = (name: string, max: number) =>
  new RegExp(
    `^${name.replace('$', '\\$')}\\(\\) takes .*positional arguments? but ${max + 1} (were|was) given$`,
  );

describe('positional arity', () => {
  const functions = Object.entries(T).filter(
    ([name, f]) =>
      typeof f === 'function' &&
      !isClass(f) &&
      !INFRASTRUCTURE.has(name) &&
      !BACKEND_FACING.has(name) &&
      !(name in VARIADIC),
  );

  it.each(functions)('%s rejects one argument too many', (name, f) => {
    const arity = arityOf(f);
    expect(arity, `${name} has no arity check: wrap it with positional() at its export`).toBeDefined();
    const args = new Array<null>(arity![1] + 1).fill(null);
    expect(() => (f as (...a: unknown[]) => unknown)(...args)).toThrow(tooMany(name, arity![1]));
  });

  const proto = T.Tensor.prototype as unknown as Record<string, unknown>;
  const methods = Object.getOwnPropertyNames(proto)
    .filter((name) => name !== 'constructor' && name !== 'adopt' && !(name in VARIADIC))
    .filter((name) => typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function');

  it.each(methods)('Tensor.%s rejects one argument too many', (name) => {
    const method = proto[name] as (...a: unknown[]) => unknown;
    const arity = arityOf(method);
    expect(arity, `Tensor.${name} has no arity check: add it to methods/arity.ts`).toBeDefined();
    const x = Object.create(T.Tensor.prototype);
    const args = new Array<null>(arity![1] + 1).fill(null);
    expect(() => method.apply(x, args)).toThrow(tooMany(name, arity![1]));
  });

  it('words the error as Python does and ignores trailing undefined', () => {
    // No backend here: the checks run before the op, so a stand-in Tensor is enough.
    const x = Object.create(T.Tensor.prototype) as T.Tensor;
    const call =
      (f: unknown, ...args: unknown[]) =>
      () =>
        (f as (...a: unknown[]) => unknown)(...args);
    expect(call(T.sum, x, 1, true, 'float32', 42)).toThrow(
      new TypeError('sum() takes from 1 to 3 positional arguments but 5 were given'),
    );
    expect(() => (x.sum as (...a: unknown[]) => unknown)(1, true, 42)).toThrow(
      'sum() takes from 0 to 2 positional arguments but 3 were given',
    );
    expect(call(T.exp, x, 2)).toThrow('exp() takes 1 positional argument but 2 were given');
    expect(() => (x.mul as (...a: unknown[]) => unknown)(2, 3)).toThrow(
      'mul() takes 1 positional argument but 2 were given',
    );
    expect(call(T.add, x, 1, { alpha: 2 })).toThrow('add() takes 2 positional arguments but 3 were given');
    expect(call(T.randint, 10, [2], {}, 5)).toThrow(
      'randint() takes from 2 to 3 positional arguments but 4 were given',
    );
    // PyTorch's positional `largest` (topk(x, k, dim, largest)) is rejected, not ignored.
    expect(call(T.topk, x, 2, 0, false)).toThrow(
      'topk() expected an options object as its last argument, got boolean false',
    );
    // Trailing undefineds are "not given": the call reaches the op (which then needs a backend).
    expect(call(T.sum, x, 1, false, undefined, undefined)).not.toThrow(/positional/);
    expect(T.sum.name).toBe('sum');
  });

  it('lists each variadic function with its reason', () => {
    for (const name of Object.keys(VARIADIC)) {
      expect(name in T || name in T.Tensor.prototype).toBe(true);
    }
  });
});
