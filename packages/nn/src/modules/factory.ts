/** Creating a layer's parameters and buffers with the `device`/`dtype` options PyTorch's layers take. */
import { type DType, empty, ones, type Tensor, zeros } from '@typetorch/tensor';
import { Parameter } from '../parameter.js';

/**
 * Where and in which dtype a layer creates its parameters and buffers (PyTorch: the `device` and `dtype`
 * arguments, `factory_kwargs`).
 */
export interface FactoryOptions {
  /** Device of the created parameters and buffers (PyTorch: `device`, default the default device). */
  device?: string;
  /** Floating dtype of the created parameters and buffers (PyTorch: `dtype`, default float32). */
  dtype?: DType;
}

const fills = { empty, zeros, ones } as const;

/** A new tensor of `shape` filled by `kind`, on the layer's device and dtype (float32 by default). */
export function factoryTensor(
  kind: keyof typeof fills,
  shape: readonly number[],
  options: FactoryOptions,
): Tensor {
  return fills[kind]([...shape], { device: options.device, dtype: options.dtype ?? 'float32' });
}

/** A new parameter of `shape`; the temporary it wraps is released (the parameter shares its storage). */
export function factoryParameter(
  kind: keyof typeof fills,
  shape: readonly number[],
  options: FactoryOptions,
): Parameter {
  const data = factoryTensor(kind, shape, options);
  const p = new Parameter(data);
  data.dispose();
  return p;
}
