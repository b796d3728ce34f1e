/** Containers: `Sequential`, `ModuleList`, `ModuleDict` (PyTorch names and behaviour). */
import { Module } from '../module.js';

/** Modules kept in an ordered map, so numeric and textual names keep insertion order. */
abstract class ModuleMap extends Module {
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

  [Symbol.iterator](): Iterator<Module> {
    return this.items.values();
  }
}

/** A list of submodules, registered so their parameters are found (PyTorch: `nn.ModuleList`). */
export class ModuleList extends ModuleMap {
  constructor(modules: Iterable<Module> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  forward(): never {
    throw new Error('ModuleList is not callable: iterate over it in your forward()');
  }

  append(module: Module): this {
    this.items.set(String(this.items.size), module);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  at(index: number): Module {
    const list = [...this.items.values()];
    const m = list[index < 0 ? index + list.length : index];
    if (m === undefined) throw new RangeError(`index ${index} is out of range`);
    return m;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.items.values();
  }
}

/** Named submodules in insertion order (PyTorch: `nn.ModuleDict`). */
export class ModuleDict extends ModuleMap {
  constructor(modules: Map<string, Module> | Record<string, Module> = {}) {
    super();
    for (const [k, m] of modules instanceof Map ? modules : Object.entries(modules)) this.items.set(k, m);
  }

  forward(): never {
    throw new Error('ModuleDict is not callable: look up modules with get() in your forward()');
  }

  get(key: string): Module | undefined {
    return this.items.get(key);
  }

  set(key: string, module: Module): this {
    this.items.set(key, module);
    return this;
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  [Symbol.iterator](): Iterator<[string, Module]> {
    return this.items.entries();
  }
}
