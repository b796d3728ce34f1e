/**
 * Random creation ops (PyTorch: `rand`, `randn`, `randint`, `randperm`, `Tensor.uniform_`,
 * `Tensor.normal_`, `bernoulli`). Numbers come from the counter-based Philox stream of a
 * {@link Generator}, so a seed gives the same values on every backend.
 */
import { getDefaultDevice } from '../backend/registry.js';
import { dispatch } from '../dispatch.js';
import { type DType, isFloating, resolveDType } from '../dtype.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { randpermHost } from '../random/permutation.js';
import { numelOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { type CreationOptions, parseSizeArgs, tensor } from './creation.js';
import { binary, unary } from './elementwise.js';
import { bumpVersion, castTo, disposeTemps, newTensor, viewOf } from './internal.js';

/** Creation options of random ops: a `generator` besides dtype/device/requiresGrad (PyTorch: `torch.rand(*size, *, generator=None, dtype=None, device=None, requires_grad=False)`). */
export interface RandomOptions extends CreationOptions {
  /** The random stream; the default generator if omitted (PyTorch: `generator`). */
  generator?: Generator;
}

/** The size arguments of `rand`/`randn`: `rand(2, 3)`, `rand([2, 3])`, `rand([2, 3], options)` (PyTorch: `torch.rand(*size, *, generator=None, ...)`). */
export type RandomSizeArgs = [readonly number[], RandomOptions?] | number[] | [...number[], RandomOptions];

function randomTensor(
  op: 'rand' | 'randn',
  distribution: 'uniform' | 'normal',
  args: readonly unknown[],
): Tensor {
  const { shape, options } = parseSizeArgs(args, op);
  const o = options as RandomOptions & { dtype?: DType };
  const dtype = o.dtype ?? 'float32';
  if (!isFloating(dtype)) throw new TypeError(`${op}(): expected a floating point dtype, got ${dtype}`);
  const out = dispatch(
    op,
    [],
    { shape, dtype },
    (backend) => {
      const { key, offset } = (o.generator ?? defaultGenerator).take(numelOf(shape));
      const t = newTensor(backend, shape, dtype);
      if (t.numel() > 0) backend.random(viewOf(t), distribution, key, offset);
      return t;
    },
    o.device ?? getDefaultDevice(),
  );
  if (o.requiresGrad) out.requiresGrad = true;
  return out;
}

/** Uniform samples in [0, 1) (PyTorch: `torch.rand`). */
export function rand(...args: RandomSizeArgs): Tensor {
  return randomTensor('rand', 'uniform', args);
}

/** Standard normal samples (PyTorch: `torch.randn`). */
export function randn(...args: RandomSizeArgs): Tensor {
  return randomTensor('randn', 'normal', args);
}

/**
 * Integers uniform in `[low, high)` (PyTorch: `torch.randint(low=0, high, size)`), int64 by default.
 */
export function randint(high: number, size: readonly number[], options?: RandomOptions): Tensor;
export function randint(low: number, high: number, size: readonly number[], options?: RandomOptions): Tensor;
export function randint(...args: unknown[]): Tensor {
  const [low, high, size, options] =
    typeof args[1] === 'number'
      ? (args as [number, number, number[], RandomOptions?])
      : ([0, args[0], args[1], args[2]] as [number, number, number[], RandomOptions?]);
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new RangeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  }
  return dispatch(
    'randint',
    [],
    { low, high },
    (backend) => {
      const u = rand(size, { ...options, dtype: 'float32', requiresGrad: false });
      const scaled = binary('mul', u, high - low);
      const floored = unary('floor', scaled);
      const shifted = binary('add', floored, low);
      const out = castTo(backend, shifted, resolveDType(options?.dtype, 'randint') ?? 'int64');
      disposeTemps([u, scaled, floored, shifted], [out]);
      return out;
    },
    options?.device ?? getDefaultDevice(),
  );
}

/**
 * A random permutation of `0..n-1` (PyTorch: `torch.randperm`), int32. Drawn on the host by a
 * Fisher-Yates shuffle over the generator's Philox stream ({@link randpermHost}), then uploaded.
 */
export function randperm(n: number, options?: RandomOptions): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randperm(): n must be non-negative, got ${n}`);
  const perm = randpermHost(n, options?.generator ?? defaultGenerator);
  return tensor(perm, { dtype: options?.dtype ?? 'int64', device: options?.device });
}

function fillRandomInPlace(
  op: 'uniform_' | 'normal_',
  self: Tensor,
  distribution: 'uniform' | 'normal',
  a: number,
  b: number,
  generator?: Generator,
): Tensor {
  if (!isFloating(self.dtype))
    throw new TypeError(`${op}(): expected a floating point tensor, got ${self.dtype}`);
  return dispatch(op, [self], { a, b }, (backend) => {
    const { key, offset } = (generator ?? defaultGenerator).take(self.numel());
    const samples = newTensor(backend, self.shape, self.dtype);
    if (samples.numel() > 0) backend.random(viewOf(samples), distribution, key, offset);
    // uniform: a + (b - a) * u; normal: mean a + std b * z.
    const scale = distribution === 'uniform' ? b - a : b;
    const scaled = binary('mul', samples, scale);
    const moved = binary('add', scaled, a);
    backend.copy(viewOf(moved), viewOf(self));
    disposeTemps([samples, scaled, moved], [self]);
    bumpVersion(self);
    return self;
  });
}

/** In place: uniform samples in `[from, to)` (PyTorch: `Tensor.uniform_`). */
export function uniform_(self: Tensor, from = 0, to = 1, options?: { generator?: Generator }): Tensor {
  return fillRandomInPlace('uniform_', self, 'uniform', from, to, options?.generator);
}

/** In place: normal samples (PyTorch: `Tensor.normal_(mean, std)`). */
export function normal_(self: Tensor, mean = 0, std = 1, options?: { generator?: Generator }): Tensor {
  return fillRandomInPlace('normal_', self, 'normal', mean, std, options?.generator);
}

/** Samples 0/1 with probabilities `p` (PyTorch: `torch.bernoulli`); result has `p`'s dtype. */
export function bernoulli(p: Tensor, options?: { generator?: Generator }): Tensor {
  return dispatch('bernoulli', [p], {}, () => {
    const u = rand([...p.shape], {
      device: p.device,
      dtype: isFloating(p.dtype) ? p.dtype : 'float32',
      generator: options?.generator,
    });
    const hit = binary('lt', u, p);
    const out = hit.to(p.dtype);
    disposeTemps([u, hit], [out]);
    return out;
  });
}
