/**
 * The recurrent cells (PyTorch: `torch.nn.RNNCell`, `torch.nn.LSTMCell`, `torch.nn.GRUCell`) and the
 * one-step updates that they and the sequence layers of `rnn.ts` share. Composed of tensor ops
 * (`addmm`, `sigmoid`, `tanh`, `chunk`), so both devices run them and autograd differentiates them.
 */
import { bindArgs, type DType, type Tensor, zeros } from '@typetorch/tensor';
import { linear } from '../functional/linear.js';
import { uniform_ } from '../init/init.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { type FactoryOptions, factoryParameter } from './factory.js';
import { pyBool } from './python-repr.js';

/** The kind of recurrence (PyTorch: `RNNBase.mode`, one of `RNN_TANH`, `RNN_RELU`, `LSTM`, `GRU`). */
export type RecurrentMode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/** The number of gates stacked in `weight_ih`/`weight_hh` (`gate_size / hidden_size` in PyTorch). */
export function gateCount(mode: RecurrentMode): number {
  return mode === 'LSTM' ? 4 : mode === 'GRU' ? 3 : 1;
}

/** A hidden state: `h`, and the cell state `c` for LSTM. */
export interface HiddenState {
  h: Tensor;
  c?: Tensor;
}

/** The hidden-to-hidden weights of one layer and direction. */
export interface HiddenWeights {
  weightHh: Tensor;
  biasHh: Tensor | null;
}

/**
 * One time step of a recurrence, given the input's projection `gi = x W_ih^T + b_ih` (`[N, gates * H]`)
 * and the previous state, with PyTorch's gate order (LSTM `i, f, g, o`; GRU `r, z, n`) and formulas
 * (aten/src/ATen/native/RNN.cpp: `RNNCell`, `LSTMCell`, `GRUCell`).
 */
export function recurrentStep(
  mode: RecurrentMode,
  gi: Tensor,
  state: HiddenState,
  weights: HiddenWeights,
): HiddenState {
  const gh = linear(state.h, weights.weightHh, weights.biasHh);
  if (mode === 'RNN_TANH') return { h: gi.add(gh).tanh() };
  if (mode === 'RNN_RELU') return { h: gi.add(gh).relu() };
  if (mode === 'LSTM') {
    const [i, f, g, o] = gi.add(gh).chunk(4, 1);
    const c = f
      .sigmoid()
      .mul(state.c as Tensor)
      .add(i.sigmoid().mul(g.tanh()));
    return { h: o.sigmoid().mul(c.tanh()), c };
  }
  const [ir, iz, inew] = gi.chunk(3, 1);
  const [hr, hz, hnew] = gh.chunk(3, 1);
  const r = ir.add(hr).sigmoid();
  const z = iz.add(hz).sigmoid();
  const n = inew.add(hnew.mul(r)).tanh();
  return { h: state.h.sub(n).mul(z).add(n) };
}

/** PyTorch's `reset_parameters` of recurrent layers: every parameter from U(-1/sqrt(H), 1/sqrt(H)). */
export function resetRecurrentParameters(params: readonly Parameter[], hiddenSize: number): void {
  const bound = hiddenSize > 0 ? 1 / Math.sqrt(hiddenSize) : 0;
  for (const p of params) uniform_(p, -bound, bound);
}

function checkCellHidden(input: Tensor, hx: Tensor, hiddenSize: number): void {
  if (input.shape[0] !== hx.shape[0]) {
    throw new Error(`Input batch size ${input.shape[0]} doesn't match hidden0 batch size ${hx.shape[0]}`);
  }
  if (hx.shape[1] !== hiddenSize) {
    throw new Error(`hidden0 has inconsistent hidden_size: got ${hx.shape[1]}, expected ${hiddenSize}`);
  }
}

/** Options of the recurrent cells (PyTorch: the keyword arguments of `torch.nn.RNNCellBase`). */
export interface RNNCellBaseOptions extends FactoryOptions {
  /** Learn `bias_ih` and `bias_hh` (PyTorch: `bias`, default True). */
  bias?: boolean;
}

/** Options of {@link RNNCell} (PyTorch: the keyword arguments of `torch.nn.RNNCell`). */
export interface RNNCellOptions extends RNNCellBaseOptions {
  /** `'tanh'` or `'relu'` (PyTorch: `nonlinearity`, default 'tanh'). */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * The base of the cells (PyTorch: `torch.nn.RNNCellBase`): `weight_ih` `[gates * H, H_in]`,
 * `weight_hh` `[gates * H, H]`, `bias_ih` and `bias_hh` `[gates * H]` (null without bias).
 */
export abstract class RNNCellBase extends Module {
  /** Features of the input, `H_in` (PyTorch: `input_size`). */
  readonly inputSize: number;
  /** Features of the hidden state, `H` (PyTorch: `hidden_size`). */
  readonly hiddenSize: number;
  /** Whether the cell has `bias_ih` and `bias_hh` (PyTorch: `bias`, default True). */
  readonly bias: boolean;
  /** Input-hidden weights `[gates * H, H_in]` (PyTorch: `weight_ih`). */
  weight_ih: Parameter;
  /** Hidden-hidden weights `[gates * H, H]` (PyTorch: `weight_hh`). */
  weight_hh: Parameter;
  /** Input-hidden bias `[gates * H]`, or `null` without `bias` (PyTorch: `bias_ih`). */
  bias_ih: Parameter | null;
  /** Hidden-hidden bias `[gates * H]`, or `null` without `bias` (PyTorch: `bias_hh`). */
  bias_hh: Parameter | null;

  protected constructor(inputSize: number, hiddenSize: number, gates: number, options: RNNCellBaseOptions) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = options.bias ?? true;
    this.weight_ih = factoryParameter('empty', [gates * hiddenSize, inputSize], options);
    this.weight_hh = factoryParameter('empty', [gates * hiddenSize, hiddenSize], options);
    this.bias_ih = this.bias ? factoryParameter('empty', [gates * hiddenSize], options) : null;
    this.bias_hh = this.bias ? factoryParameter('empty', [gates * hiddenSize], options) : null;
    this.resetParameters();
  }

  /** Re-draws every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) (PyTorch: `reset_parameters`). */
  resetParameters(): void {
    resetRecurrentParameters(this.parameters(), this.hiddenSize);
  }

  /**
   * Runs one step on a batched `[N, H_in]` or unbatched `[H_in]` input; states are made 2-D (PyTorch: the
   * `forward` of the cells).
   */
  protected step(mode: RecurrentMode, input: Tensor, hx: Tensor[] | null): Tensor[] {
    const name = this.constructor.name;
    if (input.ndim !== 1 && input.ndim !== 2) {
      throw new Error(`${name}: Expected input to be 1-D or 2-D but received ${input.ndim}-D tensor`);
    }
    const batched = input.ndim === 2;
    const x = batched ? input : input.unsqueeze(0);
    if (x.shape[1] !== this.inputSize) {
      throw new Error(`input has inconsistent input_size: got ${x.shape[1]} expected ${this.inputSize}`);
    }
    const zero = () => zeros([x.shape[0], this.hiddenSize], { dtype: x.dtype, device: x.device });
    const states = hx === null ? (mode === 'LSTM' ? [zero(), zero()] : [zero()]) : hx;
    const states2d = batched ? states : states.map((s) => s.unsqueeze(0));
    for (const s of states2d) checkCellHidden(x, s, this.hiddenSize);
    const gi = linear(x, this.weight_ih, this.bias_ih);
    const next = recurrentStep(
      mode,
      gi,
      { h: states2d[0], c: states2d[1] },
      {
        weightHh: this.weight_hh,
        biasHh: this.bias_hh,
      },
    );
    const out = next.c === undefined ? [next.h] : [next.h, next.c];
    return batched ? out : out.map((t) => t.squeeze(0));
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.bias ? '' : `, bias=${pyBool(false)}`}`;
  }
}

/**
 * The arguments of {@link LSTMCell} and {@link GRUCell} after `inputSize, hiddenSize`: `bias, device,
 * dtype` positionally, or one options object (PyTorch: `torch.nn.LSTMCell(input_size, hidden_size,
 * bias=True, device=None, dtype=None)`).
 */
export type CellArgs<O> = [options?: O] | [bias?: boolean, device?: string, dtype?: DType, options?: O];

/**
 * An Elman RNN cell, `h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)` (or ReLU) (PyTorch:
 * `torch.nn.RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh', device=None, dtype=None)`).
 * `forward(input, hx?)` takes `[N, H_in]` (or unbatched `[H_in]`) and `hx` `[N, H]` (zeros when omitted).
 */
export class RNNCell extends RNNCellBase {
  /** `'tanh'` or `'relu'` (PyTorch: `nonlinearity`, default 'tanh'). */
  readonly nonlinearity: 'tanh' | 'relu';

  /**
   * Takes `inputSize`, `hiddenSize`, then `bias`, `nonlinearity`, `device`, `dtype` positionally or as one
   * options object; parameters drawn from U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)) (PyTorch:
   * `torch.nn.RNNCell.__init__`).
   */
  constructor(
    inputSize: number,
    hiddenSize: number,
    ...args:
      | [options?: RNNCellOptions]
      | [bias?: boolean, nonlinearity?: string, device?: string, dtype?: DType, options?: RNNCellOptions]
  ) {
    const options: RNNCellOptions = bindArgs('RNNCell.__init__()', args, {
      leading: 2,
      positional: ['bias', 'nonlinearity', 'device', 'dtype'],
    });
    super(inputSize, hiddenSize, 1, options);
    this.nonlinearity = options.nonlinearity ?? 'tanh';
  }

  /** The next hidden state (PyTorch: `RNNCell.forward(input, hx=None)`). */
  forward(input: Tensor, hx: Tensor | null = null): Tensor {
    if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') {
      throw new Error(`Unknown nonlinearity: ${this.nonlinearity}`);
    }
    const mode = this.nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU';
    return this.step(mode, input, hx === null ? null : [hx])[0];
  }

  /** The settings that `toString()` prints for this layer (PyTorch: `extra_repr`). */
  override extraRepr(): string {
    const s = super.extraRepr();
    return this.nonlinearity === 'tanh' ? s : `${s}, nonlinearity=${this.nonlinearity}`;
  }
}

/**
 * A long short-term memory cell (PyTorch: `torch.nn.LSTMCell(input_size, hidden_size, bias=True,
 * device=None, dtype=None)`), gates `i, f, g, o` stacked in that order in the weights.
 * `forward(input, [h, c]?)` returns `[h', c']` (PyTorch's tuple as a JS array).
 */
export class LSTMCell extends RNNCellBase {
  /**
   * Takes `inputSize`, `hiddenSize`, then `bias`, `device`, `dtype` positionally or as one options object;
   * parameters drawn from U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)) (PyTorch: `torch.nn.LSTMCell.__init__`).
   */
  constructor(inputSize: number, hiddenSize: number, ...args: CellArgs<RNNCellBaseOptions>) {
    const options: RNNCellBaseOptions = bindArgs('LSTMCell.__init__()', args, {
      leading: 2,
      positional: ['bias', 'device', 'dtype'],
    });
    super(inputSize, hiddenSize, 4, options);
  }

  /** The next `[h, c]` (PyTorch: `LSTMCell.forward(input, hx=None)`, `hx = (h_0, c_0)`). */
  forward(input: Tensor, hx: readonly [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const [h, c] = this.step('LSTM', input, hx === null ? null : [hx[0], hx[1]]);
    return [h, c];
  }
}

/**
 * A gated recurrent unit cell (PyTorch: `torch.nn.GRUCell(input_size, hidden_size, bias=True,
 * device=None, dtype=None)`), gates `r, z, n` stacked in that order in the weights.
 */
export class GRUCell extends RNNCellBase {
  /**
   * Takes `inputSize`, `hiddenSize`, then `bias`, `device`, `dtype` positionally or as one options object;
   * parameters drawn from U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)) (PyTorch: `torch.nn.GRUCell.__init__`).
   */
  constructor(inputSize: number, hiddenSize: number, ...args: CellArgs<RNNCellBaseOptions>) {
    const options: RNNCellBaseOptions = bindArgs('GRUCell.__init__()', args, {
      leading: 2,
      positional: ['bias', 'device', 'dtype'],
    });
    super(inputSize, hiddenSize, 3, options);
  }

  /** The next hidden state (PyTorch: `GRUCell.forward(input, hx=None)`). */
  forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this.step('GRU', input, hx === null ? null : [hx])[0];
  }
}
