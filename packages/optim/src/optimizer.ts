/**
 * `Optimizer`, the base of every optimizer (PyTorch: `torch.optim.Optimizer`): parameter groups with
 * per-group options, per-parameter state, `zeroGrad`, `step`, and state dicts in PyTorch's layout.
 */
import { enableGrad, noGrad } from '@typetorch/autograd';
import { bindArgs, Tensor, untrack } from '@typetorch/tensor';

/**
 * Options every optimizer has. Each optimizer's options extend this (PyTorch: the `defaults` dict of
 * `torch.optim.Optimizer`).
 */
export interface OptimizerOptions {
  /** Learning rate (PyTorch: `lr`). */
  lr: number;
}

/**
 * A parameter group as the optimizer holds it: its parameters plus every option (defaults filled in).
 * Schedulers add entries such as `initialLr` (PyTorch: `initial_lr`).
 */
export type ParamGroup<O extends OptimizerOptions = OptimizerOptions> = O & {
  params: Tensor[];
  initialLr?: number;
  [key: string]: unknown;
};

/**
 * A parameter group as passed to a constructor or `addParamGroup`: options omitted take the defaults
 * (PyTorch: a dict passed to `Optimizer.__init__` or `add_param_group`).
 */
export type ParamGroupInput<O extends OptimizerOptions = OptimizerOptions> = Partial<O> & {
  params: Iterable<Tensor> | Tensor;
  [key: string]: unknown;
};

/**
 * What optimizers accept: parameters (e.g. `model.parameters()`), or parameter groups (PyTorch: `params` of
 * `torch.optim.Optimizer`).
 */
export type Params<O extends OptimizerOptions = OptimizerOptions> =
  | Iterable<Tensor>
  | Iterable<ParamGroupInput<O>>;

/**
 * A value of per-parameter state: state tensors, step counts, flags, lists (LBFGS's history; PyTorch: the
 * values of `optimizer.state[p]`).
 */
export type StateValue = Tensor | number | boolean | null | undefined | readonly (Tensor | number | null)[];

/**
 * An optimizer's state in PyTorch's `state_dict()` layout: parameters are numbered in group order,
 * `state` maps those numbers to each parameter's state and every group lists its parameters' numbers.
 */
export interface OptimizerStateDict {
  /** Per-parameter state, keyed by the parameter's number (PyTorch: `state_dict()['state']`). */
  state: Record<number, Record<string, StateValue>>;
  /** Every group's options and its parameters' numbers (PyTorch: `state_dict()['param_groups']`). */
  param_groups: (Record<string, unknown> & { params: number[] })[];
}

/** How many times each optimizer's `step()` ran (PyTorch: `optimizer._step_count`), for schedulers. */
const stepCounts = new WeakMap<object, number>();

/** @internal The number of `step()` calls of `optimizer` so far. */
export function optimizerStepCount(optimizer: object): number {
  return stepCounts.get(optimizer) ?? 0;
}

/** Python's `torch.typename` for error messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object' || typeof value === 'function') {
    return (value as { constructor?: { name?: string } }).constructor?.name ?? typeof value;
  }
  return typeof value;
}

/** Copies option values so groups never share arrays (betas) with defaults or state dicts. */
function copyValue<T>(value: T): T {
  return (Array.isArray(value) ? [...value] : value) as T;
}

function isGroupInput(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !(x instanceof Tensor);
}

/**
 * The base class of all optimizers (PyTorch: `torch.optim.Optimizer`).
 *
 * Subclasses implement {@link updateGroup}, which `step()` calls once per parameter group under
 * `noGrad`. State tensors belong to the optimizer: they are kept out of any open `scope`.
 */
export class Optimizer<
  O extends OptimizerOptions = OptimizerOptions,
  S extends object = Record<string, StateValue>,
> {
  /** The options groups fall back to (PyTorch: `optimizer.defaults`). */
  readonly defaults: O;
  /** Parameter groups with their options (PyTorch: `optimizer.param_groups`). */
  paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state, keyed by the parameter (PyTorch: `optimizer.state`). */
  state = new Map<Tensor, S>();

  /**
   * @param params parameters (any iterable of tensors, e.g. `model.parameters()`) or parameter groups
   *   (`[{ params: model.base.parameters() }, { params: model.head.parameters(), lr: 1e-3 }]`).
   * @param defaults options for groups that do not set them; an `undefined` default is required.
   */
  constructor(params: Params<O>, defaults: O) {
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new TypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typeName(params)}`,
      );
    }
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new Error('optimizer got an empty parameter list');
    const groups = isGroupInput(list[0]) ? list : [{ params: list }];
    for (const group of groups) this.addParamGroup(group as ParamGroupInput<O>);
  }

  /**
   * Adds a parameter group, e.g. to train layers that were frozen so far (PyTorch: `add_param_group`).
   * Options it leaves out take the optimizer's defaults.
   */
  addParamGroup(paramGroup: ParamGroupInput<O>): void {
    if (!isGroupInput(paramGroup)) throw new TypeError('param group must be a dict');
    if (!('params' in paramGroup)) throw new TypeError("param group must have a 'params' entry");
    const raw = paramGroup.params;
    const params: unknown[] = raw instanceof Tensor ? [raw] : [...(raw as Iterable<unknown>)];
    for (const p of params) {
      if (!(p instanceof Tensor)) {
        throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${typeName(p)}`);
      }
      if (!p.isLeaf && !p.retainsGrad) throw new Error("can't optimize a non-leaf Tensor");
    }
    const group: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(paramGroup))
      if (key !== 'params') group[key] = copyValue(value);
    group.params = params;
    for (const [name, value] of Object.entries(this.defaults)) {
      if (group[name] !== undefined) continue;
      if (value === undefined) {
        throw new Error(`parameter group didn't specify a value of required optimization parameter ${name}`);
      }
      group[name] = copyValue(value);
    }
    if (new Set(params).size !== params.length) {
      console.warn(
        'optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information',
      );
    }
    const existing = new Set<Tensor>();
    for (const g of this.paramGroups) for (const p of g.params) existing.add(p);
    if (params.some((p) => existing.has(p as Tensor))) {
      throw new Error('some parameters appear in more than one parameter group');
    }
    this.paramGroups.push(group as ParamGroup<O>);
  }

  /**
   * Clears the gradients of all optimized parameters (PyTorch: `zero_grad(set_to_none=...)`; the flag
   * may be passed positionally too). By default they are disposed and set to null (`setToNone: true`,
   * PyTorch 2's default; PyTorch 1.13's default was `set_to_none=False`, which fills them with zeros in
   * place: pass `{ setToNone: false }` for that).
   */
  zeroGrad(options: boolean | { setToNone?: boolean } = {}): void {
    const bound = bindArgs(`${this.constructor.name}.zero_grad()`, [options], { positional: ['setToNone'] });
    const setToNone = (bound.setToNone as boolean | undefined) ?? true;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        if (setToNone) {
          g.dispose();
          p.grad = null;
        } else {
          if (g.gradFn !== null) g.detach_();
          else g.requiresGrad = false;
          noGrad(() => g.zero_());
        }
      }
    }
  }

  /**
   * Performs one optimization step (PyTorch: `optimizer.step(closure)`). `closure`, if given, runs
   * with gradients enabled and should re-evaluate the model and return the loss, which `step` returns.
   * Parameters whose `.grad` is null are skipped.
   */
  step<L = unknown>(closure?: () => L): L | undefined {
    let loss: L | undefined;
    if (closure !== undefined) loss = enableGrad(closure);
    noGrad(() => {
      for (const group of this.paramGroups) this.updateGroup(group);
    });
    stepCounts.set(this, optimizerStepCount(this) + 1);
    return loss;
  }

  /**
   * Updates the parameters of one group in place; runs under `noGrad`. Subclasses implement it (PyTorch:
   * the body of each optimizer's `step`).
   */
  protected updateGroup(_group: ParamGroup<O>): void {
    throw new Error(`${this.constructor.name} does not implement step()`);
  }

  /**
   * The state of `param`, created by `init` the first time (state tensors are kept out of scopes; PyTorch:
   * `self.state[p]`, filled lazily).
   */
  protected stateFor(param: Tensor, init: () => S): S {
    let s = this.state.get(param);
    if (s === undefined) {
      s = init();
      for (const v of Object.values(s)) if (v instanceof Tensor) untrack(v);
      this.state.set(param, s);
    }
    return s;
  }

  /**
   * Marks a tensor created during a step as optimizer state: no open `scope` disposes it (PyTorch has none:
   * it has no scopes).
   */
  protected own<T extends Tensor>(t: T): T {
    return untrack(t);
  }

  /**
   * The optimizer's state and options in PyTorch's layout (PyTorch: `state_dict()`):
   * `{ state: { 0: { step, expAvg, ... }, ... }, param_groups: [{ lr, ..., params: [0, 1] }, ...] }`.
   * State tensors are views sharing the optimizer's storage, as PyTorch returns references: later
   * steps change them. Dispose them when done (or let them be collected).
   */
  stateDict(): OptimizerStateDict {
    const mapping = new Map<Tensor, number>();
    let start = 0;
    const groups = this.paramGroups.map((group) => {
      const packed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(group)) if (key !== 'params') packed[key] = copyValue(value);
      group.params.forEach((p, i) => {
        if (!mapping.has(p)) mapping.set(p, start + i);
      });
      start += group.params.length;
      return Object.assign(packed, { params: group.params.map((p) => mapping.get(p)!) });
    });
    const state: Record<number, Record<string, StateValue>> = {};
    for (const [param, s] of this.state) {
      const index = mapping.get(param);
      if (index === undefined) continue;
      const entry: Record<string, StateValue> = {};
      for (const [key, value] of Object.entries(s)) {
        entry[key] = value instanceof Tensor ? value.detach() : copyValue(value as StateValue);
      }
      state[index] = entry;
    }
    return { state, param_groups: groups };
  }

  /**
   * Loads a state dict from {@link Optimizer.stateDict} (PyTorch: `load_state_dict`). State tensors are copied,
   * cast to each parameter's device (and floating dtype); groups take the saved options.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const groups = this.paramGroups;
    const saved = stateDict.param_groups;
    if (groups.length !== saved.length) {
      throw new Error('loaded state dict has a different number of parameter groups');
    }
    if (groups.some((g, i) => g.params.length !== saved[i].params.length)) {
      throw new Error(
        "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
      );
    }
    const idMap = new Map<number, Tensor>();
    groups.forEach((g, i) => {
      saved[i].params.forEach((id, j) => {
        idMap.set(id, g.params[j]);
      });
    });
    const state = new Map<Tensor, S>();
    for (const [key, value] of Object.entries(stateDict.state)) {
      const param = idMap.get(Number(key));
      if (param === undefined) continue;
      const entry: Record<string, StateValue> = {};
      noGrad(() => {
        for (const [k, v] of Object.entries(value)) entry[k] = castState(param, k, v);
      });
      state.set(param, entry as S);
    }
    this.disposeState();
    this.state = state;
    this.paramGroups = groups.map((g, i) => {
      const group: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(saved[i]))
        if (key !== 'params') group[key] = copyValue(value);
      group.params = g.params;
      return group as ParamGroup<O>;
    });
  }

  /** Disposes every state tensor and forgets the state (no PyTorch counterpart: JS has no refcounting GC). */
  disposeState(): void {
    for (const s of this.state.values()) {
      for (const v of Object.values(s)) if (v instanceof Tensor) v.dispose();
    }
    this.state.clear();
  }

  /** PyTorch's `repr`: the class name and each group's options. */
  toString(): string {
    let out = `${this.constructor.name} (`;
    this.paramGroups.forEach((group, i) => {
      out += `\nParameter Group ${i}\n`;
      for (const key of Object.keys(group).sort()) {
        if (key !== 'params') out += `    ${key}: ${formatOption(group[key])}\n`;
      }
    });
    return `${out})`;
  }
}

function formatOption(value: unknown): string {
  if (Array.isArray(value)) return `(${value.map(formatOption).join(', ')})`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/** A loaded state value owned by the optimizer: tensors copied onto the parameter's device and dtype. */
function castState(param: Tensor, key: string, value: StateValue): StateValue {
  if (!(value instanceof Tensor)) return copyValue(value);
  // PyTorch keeps `step` as a 0-d tensor; typetorch keeps it as a number so steps never read the device.
  if (key === 'step') return Number(value.itemSync());
  const moved = value.to({
    device: param.device,
    dtype: param.isFloatingPoint() ? param.dtype : value.dtype,
  });
  return untrack(moved === value ? value.clone() : moved);
}
