/**
 * Multi-layer recurrent layers (PyTorch: `torch.nn.RNN`, `torch.nn.LSTM`, `torch.nn.GRU`), built from the
 * one-step updates of `rnn-cell.ts` with a time loop: the input projections of a whole layer are one
 * `addmm`, each step adds the hidden projection and applies the gates. Autograd differentiates it.
 */
import { bindArgs, cat, stack, type Tensor, zeros } from '@typetorch/tensor';
import { dropout } from '../functional/dropout.js';
import { linear } from '../functional/linear.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { type FactoryOptions, factoryParameter } from './factory.js';
import { pyBool, pyFloat } from './python-repr.js';
import {
  gateCount,
  type HiddenState,
  type RecurrentMode,
  recurrentStep,
  resetRecurrentParameters,
} from './rnn-cell.js';

/** Options of {@link RNN}, {@link LSTM} and {@link GRU} (PyTorch's keyword arguments, in camelCase). */
export interface RNNBaseOptions extends FactoryOptions {
  /** Stacked layers (PyTorch: `num_layers`, default 1). */
  numLayers?: number;
  /** Learn `bias_ih_l[k]` and `bias_hh_l[k]` (PyTorch: `bias`, default True). */
  bias?: boolean;
  /** Inputs and outputs are `[N, L, H]` instead of `[L, N, H]` (PyTorch: `batch_first`, default False). */
  batchFirst?: boolean;
  /**
   * Dropout probability on the outputs of every layer but the last, in training mode (PyTorch: `dropout`,
   * default 0.0).
   */
  dropout?: number;
  /**
   * Also run every layer backwards over the sequence (`..._reverse` parameters) (PyTorch: `bidirectional`,
   * default False).
   */
  bidirectional?: boolean;
}

/** Options of {@link RNN} (PyTorch: the keyword arguments of `torch.nn.RNN`). */
export interface RNNOptions extends RNNBaseOptions {
  /** `'tanh'` or `'relu'` (PyTorch: `nonlinearity`, default 'tanh'). */
  nonlinearity?: 'tanh' | 'relu';
}

/** Options of {@link LSTM} (PyTorch: the keyword arguments of `torch.nn.LSTM`). */
export interface LSTMOptions extends RNNBaseOptions {
  /** PyTorch's LSTM projections: only 0 (the default) is implemented. */
  projSize?: number;
}

/**
 * The arguments of {@link RNN}, {@link LSTM} and {@link GRU} after `inputSize, hiddenSize`: PyTorch's
 * positional `num_layers, bias, batch_first, dropout, bidirectional`, or one options object (PyTorch:
 * `torch.nn.RNN(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
 * bidirectional=False)`).
 */
export type RecurrentArgs<O> =
  | [options?: O]
  | [
      numLayers?: number,
      bias?: boolean,
      batchFirst?: boolean,
      dropout?: number,
      bidirectional?: boolean,
      options?: O,
    ];

const POSITIONAL = ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional'];
const KEYWORD = ['nonlinearity', 'projSize', 'device', 'dtype'];

const sizeText = (shape: readonly number[]) => `(${shape.join(', ')})`;

function checkHidden(hx: Tensor, expected: number[], what: string): void {
  if (hx.ndim !== 3 || hx.shape.some((s, i) => s !== expected[i])) {
    throw new Error(`Expected ${what} size ${sizeText(expected)}, got [${hx.shape.join(', ')}]`);
  }
}

/**
 * The base of the multi-layer recurrent layers (PyTorch: `torch.nn.RNNBase`). Parameters are named and
 * ordered as PyTorch's: for each layer `k` and direction, `weight_ih_l{k}` `[gates * H, H_in or
 * num_directions * H]`, `weight_hh_l{k}` `[gates * H, H]`, `bias_ih_l{k}`, `bias_hh_l{k}` `[gates * H]`,
 * with a `_reverse` suffix for the backward direction.
 */
export abstract class RNNBase extends Module {
  /** The kind of recurrence: `'RNN_TANH'`, `'RNN_RELU'`, `'LSTM'` or `'GRU'` (PyTorch: `RNNBase.mode`). */
  readonly mode: RecurrentMode;
  /** Features of the input, `H_in` (PyTorch: `input_size`). */
  readonly inputSize: number;
  /** Features of the hidden state, `H` (PyTorch: `hidden_size`). */
  readonly hiddenSize: number;
  /** Number of stacked layers (PyTorch: `num_layers`, default 1). */
  readonly numLayers: number;
  /** Whether the layers have `bias_ih_l[k]` and `bias_hh_l[k]` (PyTorch: `bias`, default True). */
  readonly bias: boolean;
  /** Inputs and outputs are `[N, L, H]` instead of `[L, N, H]` (PyTorch: `batch_first`, default False). */
  readonly batchFirst: boolean;
  /**
   * Dropout probability on the outputs of every layer but the last, in training mode (PyTorch: `dropout`,
   * default 0.0).
   */
  readonly dropout: number;
  /** Whether every layer also runs backwards over the sequence (PyTorch: `bidirectional`, default False). */
  readonly bidirectional: boolean;
  /** LSTM projection size; only 0 is implemented (PyTorch: `proj_size`, default 0). */
  readonly projSize: number;
  readonly #weightNames: string[][] = [];
  /** The first layer's input-hidden weights (all layers' parameters are fields named as PyTorch's). */
  declare weight_ih_l0: Parameter;
  /** The first layer's hidden-hidden weights `[gates * H, H]` (PyTorch: `weight_hh_l0`). */
  declare weight_hh_l0: Parameter;

  protected constructor(mode: RecurrentMode, inputSize: number, hiddenSize: number, options: LSTMOptions) {
    super();
    const numLayers = options.numLayers ?? 1;
    const p = options.dropout ?? 0;
    const projSize = options.projSize ?? 0;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new RangeError(
        'dropout should be a number in range [0, 1] representing the probability of an element being zeroed',
      );
    }
    if (p > 0 && numLayers === 1) {
      console.warn(
        `dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=${p} and num_layers=${numLayers}`,
      );
    }
    if (projSize < 0)
      throw new RangeError('proj_size should be a positive integer or zero to disable projections');
    if (projSize >= hiddenSize) throw new RangeError('proj_size has to be smaller than hidden_size');
    if (projSize > 0) throw new Error('LSTM(proj_size > 0) is not implemented in typetorch');
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.bidirectional = options.bidirectional ?? false;
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.dropout = p;
    this.projSize = projSize;
    this.#createParameters(options);
    this.resetParameters();
  }

  #createParameters(options: FactoryOptions): void {
    const gates = gateCount(this.mode) * this.hiddenSize;
    const directions = this.bidirectional ? 2 : 1;
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let direction = 0; direction < directions; direction++) {
        const layerInput = layer === 0 ? this.inputSize : this.hiddenSize * directions;
        const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
        const shapes: [string, number[]][] = [
          [`weight_ih${suffix}`, [gates, layerInput]],
          [`weight_hh${suffix}`, [gates, this.hiddenSize]],
        ];
        if (this.bias) shapes.push([`bias_ih${suffix}`, [gates]], [`bias_hh${suffix}`, [gates]]);
        for (const [name, shape] of shapes)
          this.registerParameter(name, factoryParameter('empty', shape, options));
        this.#weightNames.push(shapes.map(([name]) => name));
      }
    }
  }

  /** Re-draws every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) (PyTorch: `reset_parameters`). */
  resetParameters(): void {
    resetRecurrentParameters(this.parameters(), this.hiddenSize);
  }

  /** The parameters of each layer and direction, by name (PyTorch: `all_weights`). */
  get allWeights(): Parameter[][] {
    const self = this as unknown as Record<string, Parameter>;
    return this.#weightNames.map((names) => names.map((name) => self[name]));
  }

  /** The number of state rows: `num_layers * num_directions` (PyTorch: the first dim of `h_0`). */
  protected get stateRows(): number {
    return this.numLayers * (this.bidirectional ? 2 : 1);
  }

  /**
   * The shared forward: makes the input 3-D and time-major, checks it and the states (given as 3-D
   * tensors, or null for zeros), runs every layer and direction, and returns the output and final states
   * (PyTorch: `RNNBase.forward`, which the `_VF` kernels run).
   */
  protected run(input: Tensor, states: Tensor[] | null): { output: Tensor; final: Tensor[] } {
    if (input.ndim !== 3) throw new Error(`input must have 3 dimensions, got ${input.ndim}`);
    if (input.shape[2] !== this.inputSize) {
      throw new Error(
        `input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${input.shape[2]}`,
      );
    }
    const batch = input.shape[this.batchFirst ? 0 : 1];
    const expected = [this.stateRows, batch, this.hiddenSize];
    const count = this.mode === 'LSTM' ? 2 : 1;
    const given =
      states ??
      Array.from({ length: count }, () => zeros(expected, { dtype: input.dtype, device: input.device }));
    given.forEach((s, i) => {
      checkHidden(s, expected, this.mode === 'LSTM' ? `hidden[${i}]` : 'hidden');
    });
    let x = this.batchFirst ? input.transpose(0, 1) : input;
    const finals: HiddenState[] = [];
    const directions = this.bidirectional ? 2 : 1;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[] = [];
      for (let direction = 0; direction < directions; direction++) {
        const row = layer * directions + direction;
        const init = { h: given[0].select(0, row), c: count === 2 ? given[1].select(0, row) : undefined };
        const { output, state } = this.#runDirection(x, init, this.allWeights[row], direction === 1);
        outs.push(output);
        finals.push(state);
      }
      x = outs.length === 1 ? outs[0] : cat(outs, 2);
      if (this.dropout > 0 && this.training && layer < this.numLayers - 1) {
        x = dropout(x, { p: this.dropout, training: true });
      }
    }
    const final = [stack(finals.map((s) => s.h))];
    if (count === 2) final.push(stack(finals.map((s) => s.c as Tensor)));
    return { output: this.batchFirst ? x.transpose(0, 1) : x, final };
  }

  /** One layer in one direction over the time-major `x` `[L, N, H_in]`; returns `[L, N, H]` and the last state. */
  #runDirection(
    x: Tensor,
    init: HiddenState,
    weights: Parameter[],
    reverse: boolean,
  ): { output: Tensor; state: HiddenState } {
    const [weightIh, weightHh, biasIh = null, biasHh = null] = weights;
    const gi = linear(x, weightIh, biasIh);
    const length = x.shape[0];
    const outs: Tensor[] = new Array(length);
    let state = init;
    for (let i = 0; i < length; i++) {
      const t = reverse ? length - 1 - i : i;
      state = recurrentStep(this.mode, gi.select(0, t), state, { weightHh, biasHh });
      outs[t] = state.h;
    }
    return { output: stack(outs), state };
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += `, bias=${pyBool(false)}`;
    if (this.batchFirst) s += `, batch_first=${pyBool(true)}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(true)}`;
    return s;
  }
}

function bindRecurrent<O>(name: string, args: readonly unknown[], mode: string): O {
  const options = bindArgs(`${name}.__init__()`, args, {
    leading: 2,
    positional: POSITIONAL,
    keywordOnly: KEYWORD,
  });
  if (mode !== 'LSTM' && options.projSize !== undefined) {
    throw new RangeError('proj_size argument is only supported for LSTM, not RNN or GRU');
  }
  if (mode !== 'RNN' && options.nonlinearity !== undefined) {
    throw new TypeError(`${name}.__init__() got an unexpected keyword argument 'nonlinearity'`);
  }
  return options as O;
}

/** Unbatched `[L, H_in]` inputs run as a batch of one (`batch_dim` of PyTorch's forward). */
function batchInput(input: Tensor, batchFirst: boolean): { x: Tensor; batched: boolean } {
  const batched = input.ndim === 3;
  return { x: batched ? input : input.unsqueeze(batchFirst ? 0 : 1), batched };
}

function unbatchOutput(output: Tensor, batched: boolean, batchFirst: boolean): Tensor {
  return batched ? output : output.squeeze(batchFirst ? 0 : 1);
}

/** PyTorch's check of a single state `hx` against the input's batchedness; unbatched ones gain dim 1. */
function batchState(hx: Tensor | null, batched: boolean): Tensor[] | null {
  if (hx === null) return null;
  if (!batched) {
    if (hx.ndim !== 2) {
      throw new Error(`For unbatched 2-D input, hx should also be 2-D but got ${hx.ndim}-D tensor`);
    }
    return [hx.unsqueeze(1)];
  }
  if (hx.ndim !== 3)
    throw new Error(`For batched 3-D input, hx should also be 3-D but got ${hx.ndim}-D tensor`);
  return [hx];
}

/**
 * A multi-layer Elman RNN, `h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)` (or ReLU) (PyTorch:
 * `torch.nn.RNN(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
 * bidirectional=False, nonlinearity='tanh')`). `forward(input, h0?)` takes `[L, N, H_in]` (`[N, L, H_in]`
 * with `batchFirst`, or unbatched `[L, H_in]`) and `h0` `[num_layers * num_directions, N, H]`, and
 * returns `[output, h_n]`.
 */
export class RNN extends RNNBase {
  /** `'tanh'` or `'relu'` (PyTorch: `nonlinearity`, default 'tanh'). */
  readonly nonlinearity: 'tanh' | 'relu';

  /**
   * Takes `inputSize`, `hiddenSize`, then `numLayers`, `bias`, `batchFirst`, `dropout`, `bidirectional`
   * positionally or as one options object (`nonlinearity`, `device`, `dtype` in the options only); parameters
   * drawn from U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)) (PyTorch: `torch.nn.RNN.__init__`).
   */
  constructor(inputSize: number, hiddenSize: number, ...args: RecurrentArgs<RNNOptions>) {
    const options = bindRecurrent<RNNOptions>('RNN', args, 'RNN');
    const nonlinearity = options.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new RangeError(`Unknown nonlinearity '${nonlinearity}'`);
    }
    super(nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, options);
    this.nonlinearity = nonlinearity;
  }

  /** PyTorch: `RNN.forward(input, hx=None)`, returning `(output, h_n)` as `[output, hN]`. */
  forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const { x, batched } = batchInput(input, this.batchFirst);
    const { output, final } = this.run(x, batchState(hx, batched));
    return [unbatchOutput(output, batched, this.batchFirst), batched ? final[0] : final[0].squeeze(1)];
  }
}

/**
 * A multi-layer gated recurrent unit (PyTorch: `torch.nn.GRU(input_size, hidden_size, num_layers=1,
 * bias=True, batch_first=False, dropout=0.0, bidirectional=False)`), gates `r, z, n` in the weights.
 * Same inputs and outputs as {@link RNN}.
 */
export class GRU extends RNNBase {
  /**
   * Takes `inputSize`, `hiddenSize`, then `numLayers`, `bias`, `batchFirst`, `dropout`, `bidirectional`
   * positionally or as one options object (`device`, `dtype` in the options only); parameters drawn from
   * U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)) (PyTorch: `torch.nn.GRU.__init__`).
   */
  constructor(inputSize: number, hiddenSize: number, ...args: RecurrentArgs<RNNBaseOptions>) {
    super('GRU', inputSize, hiddenSize, bindRecurrent<RNNBaseOptions>('GRU', args, 'GRU'));
  }

  /** PyTorch: `GRU.forward(input, hx=None)`, returning `(output, h_n)` as `[output, hN]`. */
  forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const { x, batched } = batchInput(input, this.batchFirst);
    const { output, final } = this.run(x, batchState(hx, batched));
    return [unbatchOutput(output, batched, this.batchFirst), batched ? final[0] : final[0].squeeze(1)];
  }
}

/**
 * A multi-layer long short-term memory (PyTorch: `torch.nn.LSTM(input_size, hidden_size, num_layers=1,
 * bias=True, batch_first=False, dropout=0.0, bidirectional=False, proj_size=0)`), gates `i, f, g, o`
 * in the weights; `proj_size > 0` is not implemented (it throws). `forward(input, [h0, c0]?)` returns
 * `[output, [h_n, c_n]]`, PyTorch's `(output, (h_n, c_n))`.
 */
export class LSTM extends RNNBase {
  /**
   * Takes `inputSize`, `hiddenSize`, then `numLayers`, `bias`, `batchFirst`, `dropout`, `bidirectional`
   * positionally or as one options object (`projSize`, `device`, `dtype` in the options only); parameters
   * drawn from U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)) (PyTorch: `torch.nn.LSTM.__init__`).
   */
  constructor(inputSize: number, hiddenSize: number, ...args: RecurrentArgs<LSTMOptions>) {
    super('LSTM', inputSize, hiddenSize, bindRecurrent<LSTMOptions>('LSTM', args, 'LSTM'));
  }

  /** PyTorch: `LSTM.forward(input, hx=None)` with `hx = (h_0, c_0)`. */
  forward(input: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const { x, batched } = batchInput(input, this.batchFirst);
    let states: Tensor[] | null = null;
    if (hx !== null) {
      const [h, c] = hx;
      const dims = batched ? 3 : 2;
      if (h.ndim !== dims || c.ndim !== dims) {
        const kind = batched ? 'batched 3-D' : 'unbatched 2-D';
        throw new Error(
          `For ${kind} input, hx and cx should also be ${dims}-D but got (${h.ndim}-D, ${c.ndim}-D) tensors`,
        );
      }
      states = batched ? [h, c] : [h.unsqueeze(1), c.unsqueeze(1)];
    }
    const { output, final } = this.run(x, states);
    const [h, c] = batched ? final : final.map((s) => s.squeeze(1));
    return [unbatchOutput(output, batched, this.batchFirst), [h, c]];
  }
}

export {
  GRUCell,
  LSTMCell,
  RNNCell,
  RNNCellBase,
  type RNNCellBaseOptions,
  type RNNCellOptions,
} from './rnn-cell.js';
