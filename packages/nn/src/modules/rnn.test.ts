/**
 * The recurrent layers against PyTorch 1.13: replays packages/nn/src/fixtures/nn_rnn.json (written by
 * scripts/fixtures/nn_rnn.py) in float32 — PyTorch's state dicts loaded with `loadStateDict`, outputs,
 * final states and the gradients of the input, the initial states and every parameter — plus gradcheck
 * in float64, PyTorch's printing, and PyTorch's errors.
 */
import '@typetorch/backend-cpu';
import { gradcheck } from '@typetorch/autograd';
import { type ExpectedTensor, expectTensor } from '@typetorch/conformance';
import { manualSeed, randn, type Tensor, tensor, zeros } from '@typetorch/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fixture from '../fixtures/nn_rnn.json' with { type: 'json' };
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell } from '../index.js';
import type { Module } from '../module.js';

type Encoded = ExpectedTensor & { data: number[] };
interface Case {
  name: string;
  module: string;
  args: Record<string, unknown> & { inputSize: number; hiddenSize: number };
  training: boolean;
  stateDict: Record<string, Encoded>;
  input: Encoded;
  hx?: Encoded[];
  expected: Encoded[];
  gradOutputs: Encoded[];
  grads: Record<string, Encoded>;
}

const CLASSES = { RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell };
type AnyRecurrent = Module & { forward(input: Tensor, hx?: unknown): unknown };

function build(name: string, args: Case['args']): AnyRecurrent {
  const { inputSize, hiddenSize, ...options } = args;
  const Class = CLASSES[name as keyof typeof CLASSES] as unknown as new (
    i: number,
    h: number,
    o: object,
  ) => AnyRecurrent;
  return new Class(inputSize, hiddenSize, options);
}

const make = (e: Encoded, device: string) => tensor(e.data, { device }).reshape(e.shape);
const flat = (r: unknown): Tensor[] => (Array.isArray(r) ? r.flatMap(flat) : [r as Tensor]);

/** Replays one fixture case on `device`: forward, backward with the case's output gradients, compare. */
async function replay(c: Case, device: string): Promise<void> {
  const m = build(c.module, c.args).to(device);
  m.train(c.training);
  m.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, make(v, device)])));
  const x = make(c.input, device).requiresGrad_();
  const hx = (c.hx ?? []).map((h) => make(h, device).requiresGrad_());
  const lstm = c.module.startsWith('LSTM');
  const outs = flat(m.forward(x, hx.length === 0 ? null : lstm ? [hx[0], hx[1]] : hx[0]));
  expect(outs).toHaveLength(c.expected.length);
  const tol = { rtol: 1e-4, atol: 1e-5 };
  for (const [i, o] of outs.entries()) await expectTensor(o, c.expected[i], tol, `${c.name} result ${i}`);
  let loss = outs[0].mul(make(c.gradOutputs[0], device)).sum();
  for (let i = 1; i < outs.length; i++) loss = loss.add(outs[i].mul(make(c.gradOutputs[i], device)).sum());
  loss.backward();
  const grads: Record<string, Tensor | null> = { input: x.grad };
  hx.forEach((h, i) => {
    grads[`hx${i}`] = h.grad;
  });
  for (const [k, p] of m.namedParameters()) grads[k] = p.grad;
  expect(Object.keys(grads).sort()).toEqual(Object.keys(c.grads).sort());
  for (const [k, g] of Object.entries(grads))
    await expectTensor(g as Tensor, c.grads[k], tol, `${c.name} grad ${k}`);
}

const cases = fixture.cases as unknown as Case[];

describe('recurrent layers: PyTorch parity (nn_rnn.json)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await replay(c, 'cpu');
  });

  it.each(fixture.reprs.map((r) => [r.repr, r] as const))('prints %s', (_repr, r) => {
    expect(build(r.module, r.args as Case['args']).toString()).toBe(r.repr);
  });

  it('has state dicts named and ordered as PyTorch', () => {
    for (const c of cases) {
      const m = build(c.module, c.args);
      expect(Object.keys(m.stateDict())).toEqual(Object.keys(c.stateDict));
      expect(m.parameters().map((p) => p.shape)).toEqual(Object.values(c.stateDict).map((e) => e.shape));
    }
  });
});

describe('recurrent layers: initialisation and options', () => {
  it('draws every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))', () => {
    manualSeed(0);
    for (const m of [
      new LSTM(8, 64, { numLayers: 2, bidirectional: true }),
      new GRUCell(8, 64),
      new RNN(8, 64),
    ]) {
      const bound = 1 / 8;
      const v = m.parameters().flatMap((p) => Array.from(p.dataSync()));
      const [lo, hi] = v.reduce(([a, b], x) => [Math.min(a, x), Math.max(b, x)], [0, 0]);
      expect(hi).toBeLessThanOrEqual(bound);
      expect(lo).toBeGreaterThanOrEqual(-bound);
      expect(hi).toBeGreaterThan(0.95 * bound);
      expect(lo).toBeLessThan(-0.95 * bound);
    }
  });

  it('takes positional forms, dtype and device', () => {
    const lstm = new LSTM(10, 20, 2, false, true, 0.1, true);
    expect(lstm.toString()).toBe(
      'LSTM(10, 20, num_layers=2, bias=False, batch_first=True, dropout=0.1, bidirectional=True)',
    );
    expect(new GRU(3, 4, { dtype: 'float64' }).weight_ih_l0.dtype).toBe('float64');
    expect(new RNNCell(3, 4, false, 'relu').toString()).toBe('RNNCell(3, 4, bias=False, nonlinearity=relu)');
    expect(new LSTMCell(3, 4, { dtype: 'float64' }).weight_hh.dtype).toBe('float64');
    expect(new LSTM(3, 4).allWeights.map((ws) => ws.length)).toEqual([4]);
  });

  it('applies dropout between layers only in training mode', () => {
    const gru = new GRU(3, 4, { numLayers: 2, dropout: 1 });
    const x = randn([5, 2, 3]);
    const [trained] = gru.forward(x);
    gru.eval();
    const [evaluated] = gru.forward(x);
    expect(Array.from(trained.dataSync())).not.toEqual(Array.from(evaluated.dataSync()));
  });
});

describe('recurrent layers: PyTorch errors', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('rejects bad constructor arguments', () => {
    expect(() => new GRU(3, 4, { projSize: 2 } as object)).toThrow(
      'proj_size argument is only supported for LSTM, not RNN or GRU',
    );
    expect(() => new RNN(3, 4, { nonlinearity: 'x' as 'tanh' })).toThrow("Unknown nonlinearity 'x'");
    expect(() => new LSTM(3, 4, { dropout: 2 })).toThrow('dropout should be a number in range [0, 1]');
    expect(() => new LSTM(3, 4, { projSize: 5 })).toThrow('proj_size has to be smaller than hidden_size');
    expect(() => new LSTM(3, 4, { projSize: 2 })).toThrow('not implemented');
    expect(() => new LSTM(3, 4, { hidden: 2 } as object)).toThrow("unexpected keyword argument 'hidden'");
    expect(() => new LSTM(3, 4, 1, true, false, 0, false, 2 as never)).toThrow(
      'takes from 2 to 7 positional arguments but 8 were given',
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    new GRU(3, 4, { dropout: 0.5 });
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('non-zero dropout expects num_layers greater than 1'),
    );
  });

  it('checks inputs and states as PyTorch', () => {
    const lstm = new LSTM(3, 4, 2);
    const z = (...s: number[]) => zeros(s);
    expect(() => lstm.forward(z(5, 2, 3), [z(2, 3, 4), z(2, 2, 4)])).toThrow(
      'Expected hidden[0] size (2, 2, 4), got [2, 3, 4]',
    );
    expect(() => lstm.forward(z(5, 2, 3), [z(2, 2, 4), z(2, 2, 5)])).toThrow(
      'Expected hidden[1] size (2, 2, 4), got [2, 2, 5]',
    );
    expect(() => lstm.forward(z(5, 2, 3), [z(2, 4), z(2, 2, 4)])).toThrow(
      'For batched 3-D input, hx and cx should also be 3-D but got (2-D, 3-D) tensors',
    );
    expect(() => lstm.forward(z(5, 3), [z(2, 1, 4), z(2, 4)])).toThrow(
      'For unbatched 2-D input, hx and cx should also be 2-D but got (3-D, 2-D) tensors',
    );
    expect(() => lstm.forward(z(5, 2, 5))).toThrow(
      'input.size(-1) must be equal to input_size. Expected 3, got 5',
    );
    expect(() => lstm.forward(z(5, 2, 2, 3))).toThrow('input must have 3 dimensions, got 5');
    const gru = new GRU(3, 4);
    expect(() => gru.forward(z(5, 2, 3), z(1, 3, 4))).toThrow(
      'Expected hidden size (1, 2, 4), got [1, 3, 4]',
    );
    expect(() => gru.forward(z(5, 2, 3), z(3, 4))).toThrow(
      'For batched 3-D input, hx should also be 3-D but got 2-D tensor',
    );
    expect(() => new RNN(3, 4).forward(z(5, 3), z(1, 1, 4))).toThrow(
      'For unbatched 2-D input, hx should also be 2-D but got 3-D tensor',
    );
  });

  it('checks cell inputs and states as PyTorch', () => {
    const z = (...s: number[]) => zeros(s);
    const cell = new RNNCell(3, 4);
    expect(() => cell.forward(z(2, 5))).toThrow('input has inconsistent input_size: got 5 expected 3');
    expect(() => cell.forward(z(2, 3), z(3, 4))).toThrow(
      "Input batch size 2 doesn't match hidden0 batch size 3",
    );
    expect(() => cell.forward(z(2, 3), z(2, 5))).toThrow(
      'hidden0 has inconsistent hidden_size: got 5, expected 4',
    );
    expect(() => cell.forward(z(2, 2, 3))).toThrow(
      'RNNCell: Expected input to be 1-D or 2-D but received 3-D tensor',
    );
    expect(() => new LSTMCell(3, 4).forward(z(2, 3), [z(2, 4), z(3, 4)])).toThrow(
      "Input batch size 2 doesn't match hidden0 batch size 3",
    );
    expect(() => new GRUCell(3, 4).forward(z(2, 3), z(2, 5))).toThrow(
      'hidden0 has inconsistent hidden_size: got 5, expected 4',
    );
  });
});

describe('recurrent layers: gradcheck in float64', () => {
  const f64 = { dtype: 'float64' as const };
  const check = (m: Module, run: (x: Tensor, ...hx: Tensor[]) => Tensor[], shapes: number[][]) => {
    // The parameters are inputs too: gradcheck passes perturbed copies, which replace the fields.
    const named = m.namedParameters();
    const fields = m as unknown as Record<string, Tensor>;
    const inputs = [...shapes.map((s) => randn(s, f64).requiresGrad_()), ...named.map(([, p]) => p)];
    const fn = (x: Tensor, ...rest: Tensor[]) => {
      const params = rest.slice(shapes.length - 1);
      named.forEach(([name], i) => {
        fields[name] = params[i];
      });
      try {
        return run(x, ...rest.slice(0, shapes.length - 1));
      } finally {
        for (const [name, p] of named) fields[name] = p;
      }
    };
    expect(gradcheck(fn, inputs)).toBe(true);
  };

  it('RNN (relu, bidirectional), LSTM (2 layers, batch_first) and GRU', () => {
    manualSeed(1);
    const rnn = new RNN(2, 3, { bidirectional: true, nonlinearity: 'tanh', ...f64 });
    check(rnn, (x, h) => rnn.forward(x, h), [
      [3, 2, 2],
      [2, 2, 3],
    ]);
    const lstm = new LSTM(2, 2, { numLayers: 2, batchFirst: true, ...f64 });
    check(lstm, (x, h, c) => flat(lstm.forward(x, [h, c])), [
      [1, 3, 2],
      [2, 1, 2],
      [2, 1, 2],
    ]);
    const gru = new GRU(2, 3, f64);
    check(gru, (x, h) => gru.forward(x, h), [
      [3, 2, 2],
      [1, 2, 3],
    ]);
  });

  it('RNNCell, LSTMCell and GRUCell', () => {
    manualSeed(2);
    const rnn = new RNNCell(2, 3, { nonlinearity: 'relu', ...f64 });
    check(rnn, (x, h) => [rnn.forward(x, h)], [
      [2, 2],
      [2, 3],
    ]);
    const lstm = new LSTMCell(2, 3, f64);
    check(lstm, (x, h, c) => lstm.forward(x, [h, c]), [
      [2, 2],
      [2, 3],
      [2, 3],
    ]);
    const gru = new GRUCell(2, 3, f64);
    check(gru, (x, h) => [gru.forward(x, h)], [
      [2, 2],
      [2, 3],
    ]);
  });
});
