/**
 * `Module`, the base of every layer and model (PyTorch: `torch.nn.Module`).
 *
 * Submodules and parameters are registered by assigning them to fields, as in PyTorch
 * (`this.fc1 = new nn.Linear(784, 512)`): a module finds them among its own properties, which
 * JavaScript keeps in assignment order. Buffers are registered explicitly with `registerBuffer`.
 */
import { noGrad } from '@typetorch/autograd';
import { DTYPES, type DType, formatShape, type Tensor, untrack } from '@typetorch/tensor';
import type { FullBackwardHook } from './backward-hooks.js';
import {
  type ForwardHook,
  type ForwardPreHook,
  type RemovableHandle,
  registerForwardHook,
  registerForwardPreHook,
  registerFullBackwardHook,
} from './hooks.js';
import { Parameter } from './parameter.js';

/**
 * A state dict: parameter and persistent-buffer names (`'fc1.weight'`) to tensors, in registration order
 * (PyTorch: the `OrderedDict` that `Module.state_dict()` returns).
 */
export type StateDict = Record<string, Tensor>;

/**
 * The keys {@link Module.loadStateDict} found missing or unexpected (PyTorch: the `NamedTuple`
 * `_IncompatibleKeys(missing_keys, unexpected_keys)` that `load_state_dict` returns).
 */
export interface LoadResult {
  /** Keys of this module's state dict that the given dict lacks (PyTorch: `missing_keys`). */
  missingKeys: string[];
  /** Keys of the given dict that this module does not have (PyTorch: `unexpected_keys`). */
  unexpectedKeys: string[];
}

/** Indents every line after the first (PyTorch's `_addindent`). */
function addIndent(text: string, spaces: number): string {
  const lines = text.split('\n');
  if (lines.length === 1) return text;
  return [lines[0], ...lines.slice(1).map((l) => ' '.repeat(spaces) + l)].join('\n');
}

/**
 * Base class of every layer and model (PyTorch: `torch.nn.Module`). Subclass it, create submodules and
 * parameters in the constructor by assigning them to fields (`this.fc1 = new nn.Linear(784, 512)`,
 * `this.scale = new nn.Parameter(ones([1]))`): a module finds them among its own properties, in assignment
 * order, as PyTorch's `__setattr__` registers them; buffers (state that is not a parameter, such as running
 * statistics) go through {@link Module.registerBuffer}. Implement {@link Module.forward} and call it as
 * `model.forward(x)` where PyTorch writes `model(x)`. From PyTorch's API: `parameters()` /
 * `namedParameters()`, `children()` / `modules()`, `train()` / `eval()` and `training`, `to(device or
 * dtype)`, `zeroGrad()`, `stateDict()` / `loadStateDict()` (dotted keys such as `fc1.weight`, as PyTorch's),
 * forward and backward hooks, `apply(fn)`, and `toString()` (and Node's `console.log(model)`), which prints
 * PyTorch's `print(model)` layout.
 */
export abstract class Module {
  /** Train or eval mode (PyTorch: `Module.training`). */
  training = true;
  readonly #buffers = new Map<string, Tensor | null>();
  readonly #nonPersistent = new Set<string>();

  /**
   * The computation performed at every call; every subclass implements it (PyTorch: `Module.forward`).
   * JavaScript has no `__call__`, so PyTorch's `model(x)` is written `model.forward(x)`, which also runs the
   * registered forward pre-hooks and hooks.
   */
  abstract forward(...inputs: never[]): unknown;

  /**
   * This module's own entries (fields, or a container's items), in registration order; containers override it
   * (PyTorch: the `_modules`, `_parameters` dicts that `__setattr__` fills).
   */
  protected ownEntries(): [string, unknown][] {
    return Object.entries(this);
  }

  // ---- submodules ----
  /** Direct submodules with their names (PyTorch: `named_children`). */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    return this.ownEntries().filter((e): e is [string, Module] => {
      if (!(e[1] instanceof Module) || seen.has(e[1])) return false;
      seen.add(e[1]);
      return true;
    });
  }

  /** Direct submodules, in registration order (PyTorch: `Module.children()`). */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module and all below it, depth first, with dotted names after `prefix`; a module reached twice
   * is listed once unless `removeDuplicate` is false (PyTorch: `named_modules(memo=None, prefix='',
   * remove_duplicate=True)`; `memo` is the set of modules already listed).
   */
  namedModules(memo?: Set<Module> | null, prefix = '', removeDuplicate = true): [string, Module][] {
    const seen = memo ?? new Set<Module>();
    if (seen.has(this)) return [];
    if (removeDuplicate) seen.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, value] of this.ownEntries()) {
      if (!(value instanceof Module)) continue;
      out.push(...value.namedModules(seen, prefix ? `${prefix}.${name}` : name, removeDuplicate));
    }
    return out;
  }

  /** This module and every module below it, depth first, each once (PyTorch: `Module.modules()`). */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Registers a submodule under a name (PyTorch: `add_module` / `register_module`). */
  registerModule(name: string, module: Module | null): void {
    (this as Record<string, unknown>)[name] = module;
  }

  // ---- parameters and buffers ----
  /** Registers a parameter under a name; `null` keeps the slot empty (PyTorch: `register_parameter`). */
  registerParameter(name: string, param: Parameter | null): void {
    (this as Record<string, unknown>)[name] = param;
  }

  /**
   * Registers a tensor that is state but not a parameter, such as BatchNorm's running mean
   * (PyTorch: `register_buffer`). It is readable and assignable as a field; non-persistent buffers
   * stay out of the state dict.
   */
  registerBuffer(name: string, tensor: Tensor | null, options: { persistent?: boolean } = {}): void {
    if (name.includes('.')) throw new TypeError(`buffer name can't contain ".", got: ${name}`);
    if (tensor !== null) untrack(tensor);
    this.#buffers.set(name, tensor);
    if (options.persistent === false) this.#nonPersistent.add(name);
    const buffers = this.#buffers;
    Object.defineProperty(this, name, {
      enumerable: false,
      configurable: true,
      get: () => buffers.get(name) ?? null,
      set: (t: Tensor | null) => {
        if (t !== null) untrack(t);
        buffers.set(name, t);
      },
    });
  }

  /** Parameters with dotted names, each once (PyTorch: `named_parameters`). */
  namedParameters(prefix = '', recurse = true): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    const modules: [string, Module][] = recurse ? this.namedModules(null, prefix) : [[prefix, this]];
    for (const [modName, mod] of modules) {
      for (const [name, value] of mod.ownEntries()) {
        if (value instanceof Parameter && !seen.has(value)) {
          seen.add(value);
          out.push([modName ? `${modName}.${name}` : name, value]);
        }
      }
    }
    return out;
  }

  /**
   * Parameters of this module and, with `recurse`, of every submodule, each once: what an optimizer takes
   * (PyTorch: `Module.parameters(recurse=True)`).
   */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters('', recurse).map(([, p]) => p);
  }

  /** Buffers with dotted names (PyTorch: `named_buffers`). */
  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const modules: [string, Module][] = recurse ? this.namedModules(null, prefix) : [[prefix, this]];
    for (const [modName, mod] of modules) {
      for (const [name, t] of mod.#buffers) {
        if (t === null || seen.has(t)) continue;
        seen.add(t);
        out.push([modName ? `${modName}.${name}` : name, t]);
      }
    }
    return out;
  }

  /**
   * Buffers of this module and, with `recurse`, of every submodule (PyTorch: `Module.buffers(recurse=True)`).
   */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers('', recurse).map(([, t]) => t);
  }

  // ---- modes and bulk operations ----
  /** Sets training mode here and below (PyTorch: `Module.train`). */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: Dropout off, BatchNorm uses running statistics (PyTorch: `Module.eval`). */
  eval(): this {
    return this.train(false);
  }

  /**
   * Clears parameter gradients: disposes them (`setToNone`, the default, as PyTorch 2.0; 1.13 defaulted to
   * zeros) or fills them with zeros (PyTorch: `Module.zero_grad(set_to_none=True)`).
   */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (setToNone) {
        p.grad.dispose();
        p.grad = null;
      } else noGrad(() => p.grad!.zero_());
    }
  }

  /** Sets `requiresGrad` on every parameter (PyTorch: `Module.requires_grad_`). */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }

  /**
   * Runs `hook(module, args)` before every `forward` call of this module; a returned value replaces
   * the arguments (PyTorch: `Module.register_forward_pre_hook`). See hooks.ts.
   */
  registerForwardPreHook(hook: ForwardPreHook): RemovableHandle {
    return registerForwardPreHook(this, hook);
  }

  /**
   * Runs `hook(module, args, output)` after every `forward` call of this module; a returned value
   * replaces the output (PyTorch: `Module.register_forward_hook`). See hooks.ts.
   */
  registerForwardHook(hook: ForwardHook): RemovableHandle {
    return registerForwardHook(this, hook);
  }

  /**
   * Runs `hook(module, gradInput, gradOutput)` when the gradients w.r.t. this module's tensor inputs are
   * computed; a returned array replaces `gradInput` (PyTorch: `Module.register_full_backward_hook`).
   * See backward-hooks.ts.
   */
  registerFullBackwardHook(hook: FullBackwardHook): RemovableHandle {
    return registerFullBackwardHook(this, hook);
  }

  /** Calls `fn` on every submodule, then on this module (PyTorch: `Module.apply`). */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Moves or casts parameters and buffers in place, keeping the same Parameter objects so that
   * optimizers holding them stay valid (PyTorch: `Module.to`). Only floating tensors change dtype.
   */
  to(target: string | { device?: string; dtype?: DType }): this {
    const opts =
      typeof target === 'string'
        ? (DTYPES as readonly string[]).includes(target)
          ? { dtype: target as DType }
          : { device: target }
        : target;
    const convert = (t: Tensor) =>
      t.to({
        device: opts.device ?? t.device,
        dtype: t.isFloatingPoint() && opts.dtype ? opts.dtype : t.dtype,
      });
    noGrad(() => {
      for (const p of this.parameters()) {
        const moved = convert(p);
        if (moved !== p) {
          p.set_(moved);
          moved.dispose();
        }
        if (p.grad !== null) {
          const g = convert(p.grad);
          if (g !== p.grad) {
            p.grad.dispose();
            p.grad = untrack(g);
          }
        }
      }
      for (const m of this.modules()) {
        for (const [name, t] of m.#buffers) {
          if (t === null) continue;
          const moved = convert(t);
          if (moved !== t) {
            t.dispose();
            m.#buffers.set(name, untrack(moved));
          }
        }
      }
    });
    return this;
  }

  // ---- state dicts ----
  /** Parameters and persistent buffers by dotted name (PyTorch: `state_dict`). Tensors share storage. */
  stateDict(): StateDict {
    const out: StateDict = {};
    // Every name a submodule is held under, as PyTorch's recursive state_dict lists them.
    for (const [prefix, m] of this.namedModules(null, '', false)) {
      const name = (key: string) => (prefix ? `${prefix}.${key}` : key);
      for (const [key, value] of m.ownEntries())
        if (value instanceof Parameter) out[name(key)] = value.detach();
      for (const [key, t] of m.#buffers)
        if (t !== null && !m.#nonPersistent.has(key)) out[name(key)] = t.detach();
    }
    return out;
  }

  /**
   * Copies values from a state dict into this module's parameters and buffers (PyTorch:
   * `load_state_dict`). With `strict` (default), missing or unexpected keys fail; shape mismatches
   * always fail.
   */
  loadStateDict(dict: StateDict, options: { strict?: boolean } = {}): LoadResult {
    const strict = options.strict ?? true;
    const own = this.stateDict();
    // Own entries only: a key such as `constructor` or `__proto__` is a key like any other.
    const entry = (key: string) => (Object.hasOwn(dict, key) ? dict[key] : undefined);
    const missingKeys = Object.keys(own).filter((k) => !Object.hasOwn(dict, k));
    const unexpectedKeys = Object.keys(dict).filter((k) => !Object.hasOwn(own, k));
    const errors: string[] = [];
    if (strict && unexpectedKeys.length > 0) {
      errors.push(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (strict && missingKeys.length > 0) {
      errors.push(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}. `);
    }
    for (const [key, target] of Object.entries(own)) {
      const source = entry(key);
      if (source === undefined) continue;
      if (source.shape.length !== target.shape.length || source.shape.some((s, i) => s !== target.shape[i])) {
        errors.push(
          `size mismatch for ${key}: copying a param with shape ${formatShape(source.shape)} from checkpoint, the shape in current model is ${formatShape(target.shape)}.`,
        );
      }
    }
    if (errors.length > 0) {
      throw new Error(
        `Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join('\n\t')}`,
      );
    }
    noGrad(() => {
      for (const [key, target] of Object.entries(own)) {
        const source = entry(key);
        if (source !== undefined) target.copy_(source);
        target.dispose();
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  // ---- printing ----
  /**
   * The one-line settings shown in `toString()`, e.g. `in_features=784, out_features=512, bias=True`; layers
   * override it (PyTorch: `Module.extra_repr`).
   */
  extraRepr(): string {
    return '';
  }

  /**
   * The module tree in PyTorch's `print(model)` layout: the class name, `extraRepr()`, and each child as
   * `(name): ...` (PyTorch: `Module.__repr__`).
   */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = this.namedChildren().map(([name, m]) => `(${name}): ${addIndent(m.toString(), 2)}`);
    const lines = [...extraLines, ...childLines];
    let out = `${this.constructor.name}(`;
    if (lines.length > 0) {
      if (extraLines.length === 1 && childLines.length === 0) out += extraLines[0];
      else out += `\n  ${lines.join('\n  ')}\n`;
    }
    return `${out})`;
  }

  /** What Node's `util.inspect` shows (`console.log(model)`, the REPL): PyTorch's `print(model)`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
