/**
 * Parameter containers (PyTorch: `nn.ParameterList`, `nn.ParameterDict`): parameters registered under
 * PyTorch's state-dict names (`'0'`, `'1'`, ... / the keys) and printed as PyTorch prints them.
 */
import type { Tensor } from '@typetorch/tensor';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/** A tensor as PyTorch stores it in a parameter container: a plain tensor is wrapped as a Parameter. */
const asParameter = (t: Tensor) => (t instanceof Parameter ? t : new Parameter(t));

/** `torch.typename` of a CPU tensor, as ParameterDict prints it. */
const TYPENAME: Record<string, string> = {
  float32: 'FloatTensor',
  float64: 'DoubleTensor',
  float16: 'HalfTensor',
  bfloat16: 'BFloat16Tensor',
  int64: 'LongTensor',
  int32: 'IntTensor',
  int16: 'ShortTensor',
  int8: 'CharTensor',
  uint8: 'ByteTensor',
  bool: 'BoolTensor',
};

function describeEntry(key: string, p: Tensor, type: string): string {
  return `  (${key}): Parameter containing: [${type} of size ${p.shape.join('x')}]`;
}

/**
 * Parameters kept in an ordered map and listed as the module's own entries (PyTorch: the `_parameters` dict
 * of the containers).
 */
abstract class ParameterMap extends Module {
  /** The parameters by name, in insertion order (PyTorch: the container's `_parameters`). */
  protected readonly store = new Map<string, Parameter>();

  protected override ownEntries(): [string, unknown][] {
    return [...super.ownEntries(), ...this.store];
  }

  /** Number of parameters (PyTorch: `len(container)`). */
  get length(): number {
    return this.store.size;
  }

  /**
   * Throws: a parameter container computes nothing itself; use its parameters in your own `forward` (PyTorch:
   * calling it raises `NotImplementedError`).
   */
  forward(): never {
    throw new Error(`${this.constructor.name} is not callable: use its parameters in your forward()`);
  }
}

/**
 * A list of parameters, registered as `'0'`, `'1'`, ... (PyTorch: `nn.ParameterList(values=None)`).
 * Tensors that are not Parameters are wrapped, as in PyTorch.
 */
export class ParameterList extends ParameterMap {
  /**
   * Registers the given tensors as `'0'`, `'1'`, ..., wrapping plain tensors as Parameters (PyTorch:
   * `nn.ParameterList(values=None)`).
   */
  constructor(values: Iterable<Tensor> = []) {
    super();
    this.extend(values);
  }

  /** Appends a parameter (PyTorch: `ParameterList.append`). */
  append(value: Tensor): this {
    this.store.set(String(this.store.size), asParameter(value));
    return this;
  }

  /** Appends each parameter (PyTorch: `ParameterList.extend`). */
  extend(values: Iterable<Tensor>): this {
    for (const v of values) this.append(v);
    return this;
  }

  /** The parameter at `index`, negative counting from the end (PyTorch: `plist[i]`). */
  at(index: number): Parameter {
    const p = this.store.get(String(index < 0 ? index + this.store.size : index));
    if (p === undefined) throw new RangeError(`index ${index} is out of range`);
    return p;
  }

  /** Replaces the parameter at `index` (PyTorch: `plist[i] = value`). */
  set(index: number, value: Tensor): this {
    this.at(index);
    this.store.set(String(index < 0 ? index + this.store.size : index), asParameter(value));
    return this;
  }

  /** Iterates over the parameters in order (PyTorch: `iter(parameter_list)`). */
  [Symbol.iterator](): Iterator<Parameter> {
    return this.store.values();
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return [...this.store].map(([k, p]) => describeEntry(k, p, `torch.${p.dtype}`)).join('\n');
  }
}

/**
 * Named parameters (PyTorch: `nn.ParameterDict(parameters=None)`). As in PyTorch, a plain object's
 * entries are added in sorted key order, a `Map`'s (PyTorch's OrderedDict) or an array of pairs' in
 * their own order.
 */
export class ParameterDict extends ParameterMap {
  /**
   * Registers the given named tensors (see the class for the order), wrapping plain tensors as Parameters
   * (PyTorch: `nn.ParameterDict(parameters=None)`).
   */
  constructor(parameters?: Map<string, Tensor> | Record<string, Tensor> | Iterable<[string, Tensor]>) {
    super();
    if (parameters !== undefined) this.update(parameters);
  }

  /** Adds or replaces entries (PyTorch: `ParameterDict.update`). */
  update(parameters: Map<string, Tensor> | Record<string, Tensor> | Iterable<[string, Tensor]>): this {
    const iterable = Symbol.iterator in Object(parameters);
    const entries: Iterable<[string, Tensor]> = iterable
      ? (parameters as Iterable<[string, Tensor]>)
      : Object.entries(parameters as Record<string, Tensor>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [k, v] of entries) this.set(k, v);
    return this;
  }

  /** The parameter under `key` (PyTorch: `pdict[key]`). */
  get(key: string): Parameter | undefined {
    return this.store.get(key);
  }

  /** Sets `key` (PyTorch: `pdict[key] = value`); a plain tensor is wrapped as a Parameter. */
  set(key: string, value: Tensor): this {
    this.store.set(key, asParameter(value));
    return this;
  }

  /** Whether a parameter is registered under `key` (PyTorch: `key in pdict`). */
  has(key: string): boolean {
    return this.store.has(key);
  }

  /** Removes `key` and returns its parameter (PyTorch: `ParameterDict.pop`). */
  pop(key: string): Parameter {
    const p = this.store.get(key);
    if (p === undefined) throw new RangeError(`KeyError: '${key}'`);
    this.store.delete(key);
    return p;
  }

  /** The keys, in insertion order (PyTorch: `ParameterDict.keys`). */
  keys(): string[] {
    return [...this.store.keys()];
  }

  /** The parameters, in insertion order (PyTorch: `ParameterDict.values`). */
  values(): Parameter[] {
    return [...this.store.values()];
  }

  /** (PyTorch: `ParameterDict.items`). */
  items(): [string, Parameter][] {
    return [...this.store];
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return [...this.store]
      .map(([k, p]) => describeEntry(k, p, `torch.${TYPENAME[p.dtype] ?? p.dtype}`))
      .join('\n');
  }
}
