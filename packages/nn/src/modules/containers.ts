/** Containers: `Sequential`, `ModuleList`, `ModuleDict` (PyTorch names and behaviour). */
import { Module } from '../module.js';

/**
 * Modules kept in an ordered map, so numeric and textual names keep insertion order (PyTorch: the `_modules`
 * dict of the containers).
 */
abstract class ModuleMap extends Module {
  /** The modules by name, in insertion order (PyTorch: the container's `_modules`). */
  protected readonly items = new Map<string, Module>();

  protected override ownEntries(): [string, unknown][] {
    return [...super.ownEntries(), ...this.items];
  }

  /** Number of modules (PyTorch: `len(container)`). */
  get length(): number {
    return this.items.size;
  }
}

/**
 * Runs modules in order, each on the previous one's output (PyTorch: `nn.Sequential`):
 * `new Sequential(new Linear(784, 512), new ReLU())`, or with names from a `Map`/object.
 */
export class Sequential extends ModuleMap {
  /**
   * Takes the modules in order, registered as `'0'`, `'1'`, ...; or one `Map` / object of named modules
   * (PyTorch: `nn.Sequential(*args)` and `nn.Sequential(OrderedDict)`).
   */
  constructor(...modules: Module[] | [Map<string, Module> | Record<string, Module>]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && !(first instanceof Module)) {
      const entries = first instanceof Map ? [...first] : Object.entries(first as Record<string, Module>);
      for (const [name, m] of entries) this.items.set(name, m);
    } else {
      for (const m of modules as Module[]) this.items.set(String(this.items.size), m);
    }
  }

  /**
   * Runs each module on the previous one's output, starting from `input`, and returns the last output
   * (PyTorch: `nn.Sequential.forward`).
   */
  forward(input: unknown): unknown {
    let x = input;
    for (const m of this.items.values()) x = (m.forward as (i: unknown) => unknown)(x);
    return x;
  }

  /** The module at `index` (negative counts from the end), as `seq[i]` in PyTorch. */
  at(index: number): Module {
    const list = [...this.items.values()];
    const m = list[index < 0 ? index + list.length : index];
    if (m === undefined) throw new RangeError(`index ${index} is out of range`);
    return m;
  }

  /** Appends a module (PyTorch: `Sequential.append`). */
  append(module: Module): this {
    this.items.set(String(this.items.size), module);
    return this;
  }

  /** Iterates over the modules in order (PyTorch: `iter(sequential)`). */
  [Symbol.iterator](): Iterator<Module> {
    return this.items.values();
  }
}

/** A list of submodules, registered so their parameters are found (PyTorch: `nn.ModuleList`). */
export class ModuleList extends ModuleMap {
  /** Registers the given modules as `'0'`, `'1'`, ... (PyTorch: `nn.ModuleList(modules=None)`). */
  constructor(modules: Iterable<Module> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  /**
   * Throws: a list of modules computes nothing itself; iterate over it in your own `forward` (PyTorch:
   * calling a `ModuleList` raises `NotImplementedError`).
   */
  forward(): never {
    throw new Error('ModuleList is not callable: iterate over it in your forward()');
  }

  /** Appends a module, registered under the next index (PyTorch: `ModuleList.append`). */
  append(module: Module): this {
    this.items.set(String(this.items.size), module);
    return this;
  }

  /** Appends each module in order (PyTorch: `ModuleList.extend`). */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** The module at `index`, negative counting from the end (PyTorch: `module_list[i]`). */
  at(index: number): Module {
    const list = [...this.items.values()];
    const m = list[index < 0 ? index + list.length : index];
    if (m === undefined) throw new RangeError(`index ${index} is out of range`);
    return m;
  }

  /** Iterates over the modules in order (PyTorch: `iter(module_list)`). */
  [Symbol.iterator](): Iterator<Module> {
    return this.items.values();
  }
}

/** Named submodules in insertion order (PyTorch: `nn.ModuleDict`). */
export class ModuleDict extends ModuleMap {
  /**
   * Registers the given named modules, in the `Map`'s or the object's order (PyTorch:
   * `nn.ModuleDict(modules=None)`).
   */
  constructor(modules: Map<string, Module> | Record<string, Module> = {}) {
    super();
    for (const [k, m] of modules instanceof Map ? modules : Object.entries(modules)) this.items.set(k, m);
  }

  /**
   * Throws: a dict of modules computes nothing itself; look modules up in your own `forward` (PyTorch:
   * calling a `ModuleDict` raises `NotImplementedError`).
   */
  forward(): never {
    throw new Error('ModuleDict is not callable: look up modules with get() in your forward()');
  }

  /** The module under `key`, or `undefined` (PyTorch: `module_dict[key]`). */
  get(key: string): Module | undefined {
    return this.items.get(key);
  }

  /** Adds or replaces the module under `key` (PyTorch: `module_dict[key] = module`). */
  set(key: string, module: Module): this {
    this.items.set(key, module);
    return this;
  }

  /** Whether a module is registered under `key` (PyTorch: `key in module_dict`). */
  has(key: string): boolean {
    return this.items.has(key);
  }

  /** The keys, in insertion order (PyTorch: `ModuleDict.keys`). */
  keys(): string[] {
    return [...this.items.keys()];
  }

  /**
   * Iterates over `[key, module]` pairs in insertion order (PyTorch: `module_dict.items()`; Python's `iter`
   * gives the keys).
   */
  [Symbol.iterator](): Iterator<[string, Module]> {
    return this.items.entries();
  }
}
