/**
 * Deep copies of modules (PyTorch: `copy.deepcopy(module)`, as `nn.TransformerEncoder`'s `_get_clones`
 * uses it): the copy has the same class, fields, submodules and settings, and new parameters and buffers
 * holding copies of the data, so training one copy leaves the others unchanged.
 */
import { noGrad } from '@typetorch/autograd';
import { Tensor } from '@typetorch/tensor';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

type Memo = Map<unknown, unknown>;

function copyValue(value: unknown, memo: Memo): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (memo.has(value)) return memo.get(value);
  if (value instanceof Module) return copyModule(value, memo);
  if (value instanceof Parameter) {
    const data = value.detach().clone();
    const p = new Parameter(data, value.requiresGrad);
    data.dispose();
    memo.set(value, p);
    return p;
  }
  if (value instanceof Tensor) {
    const t = value.detach().clone();
    memo.set(value, t);
    return t;
  }
  if (value instanceof Map) {
    const m = new Map();
    memo.set(value, m);
    for (const [k, v] of value) m.set(k, copyValue(v, memo));
    return m;
  }
  if (Array.isArray(value)) {
    const a: unknown[] = [];
    memo.set(value, a);
    for (const v of value) a.push(copyValue(v, memo));
    return a;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const o: Record<string, unknown> = {};
    memo.set(value, o);
    for (const [k, v] of Object.entries(value)) o[k] = copyValue(v, memo);
    return o;
  }
  return value; // other class instances (functions, generators) are shared, as immutable settings
}

function copyModule(source: Module, memo: Memo): Module {
  // Runs only Module's constructor (its private state) with the source's class as the prototype;
  // every field is then copied in the source's order, so the copy registers the same entries.
  const copy = Reflect.construct(Module, [], source.constructor) as Module;
  memo.set(source, copy);
  const fields = copy as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(source)) fields[name] = copyValue(value, memo);
  const persistent = new Set(Object.keys(source.stateDict()));
  for (const [name, t] of source.namedBuffers('', false)) {
    copy.registerBuffer(name, copyValue(t, memo) as Tensor, { persistent: persistent.has(name) });
  }
  return copy;
}

/**
 * A deep copy of `module` (PyTorch: `copy.deepcopy(module)`): same class and structure, new parameters
 * and buffers with copied data (`requiresGrad` kept), plain settings copied, functions shared. Forward
 * hooks are not copied. Modules that keep state in JavaScript private (`#`) fields are not supported.
 */
export function deepCopy<T extends Module>(module: T): T {
  return noGrad(() => copyModule(module, new Map())) as T;
}
