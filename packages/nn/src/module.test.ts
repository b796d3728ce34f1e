import '@typetorch/backend-cpu';
import { ones, type Tensor, tensor, zeros } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { Linear, Module, ModuleDict, ModuleList, Parameter, ReLU, Sequential } from './index.js';

/** A tiny layer defined the way a user would, to test Module without the library's layers. */
class Scale extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(n: number, bias = true) {
    super();
    this.weight = new Parameter(ones([n]));
    this.bias = bias ? new Parameter(zeros([n])) : null;
    this.registerBuffer('calls', zeros([1]));
  }
  forward(x: Tensor): Tensor {
    const y = x.mul(this.weight);
    return this.bias ? y.add(this.bias) : y;
  }
  override extraRepr(): string {
    return `n=${this.weight.shape[0]}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}

class Net extends Module {
  first = new Scale(3);
  second: Scale;
  constructor() {
    super();
    this.second = new Scale(3, false);
  }
  forward(x: Tensor): Tensor {
    return this.second.forward(this.first.forward(x));
  }
}

describe('Module', () => {
  it('registers submodules and parameters in assignment order', () => {
    const net = new Net();
    expect(net.namedParameters().map(([n]) => n)).toEqual(['first.weight', 'first.bias', 'second.weight']);
    expect(net.namedChildren().map(([n]) => n)).toEqual(['first', 'second']);
    expect(net.namedModules().map(([n]) => n)).toEqual(['', 'first', 'second']);
    expect(net.namedBuffers().map(([n]) => n)).toEqual(['first.calls', 'second.calls']);
    expect(Object.keys(net.stateDict())).toEqual([
      'first.weight',
      'first.bias',
      'first.calls',
      'second.weight',
      'second.calls',
    ]);
  });

  it('prints like PyTorch', () => {
    expect(new Net().toString()).toBe(
      'Net(\n  (first): Scale(n=3, bias=True)\n  (second): Scale(n=3, bias=False)\n)',
    );
    const seq = new Sequential(new Scale(2), new Sequential(new Scale(1)));
    expect(seq.toString()).toBe(
      'Sequential(\n  (0): Scale(n=2, bias=True)\n  (1): Sequential(\n    (0): Scale(n=1, bias=True)\n  )\n)',
    );
  });

  it('switches train/eval recursively and zeroes grads', () => {
    const net = new Net().eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.first.training).toBe(true);
    net
      .forward(tensor([1, 2, 3]))
      .sum()
      .backward();
    expect(net.first.weight.grad).not.toBeNull();
    net.zeroGrad({ setToNone: false });
    expect(Array.from(net.first.weight.grad!.dataSync())).toEqual([0, 0, 0]);
    net.zeroGrad();
    expect(net.first.weight.grad).toBeNull();
  });

  it('loads state dicts with PyTorch errors for missing, unexpected and mis-shaped keys', () => {
    const a = new Net();
    const b = new Net();
    a.first.weight.requiresGrad = false;
    a.first.weight.fill_(7);
    a.first.weight.requiresGrad = true;
    b.loadStateDict(a.stateDict());
    expect(Array.from(b.first.weight.dataSync())).toEqual([7, 7, 7]);
    const sd = a.stateDict();
    delete sd['first.bias'];
    sd.extra = zeros([1]);
    expect(() => b.loadStateDict(sd)).toThrow(
      'Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: "extra". \n\tMissing key(s) in state_dict: "first.bias". ',
    );
    expect(b.loadStateDict(sd, { strict: false })).toEqual({
      missingKeys: ['first.bias'],
      unexpectedKeys: ['extra'],
    });
    const bad = a.stateDict();
    bad['second.weight'] = zeros([4]);
    expect(() => b.loadStateDict(bad)).toThrow(
      'size mismatch for second.weight: copying a param with shape [4] from checkpoint, the shape in current model is [3].',
    );
  });

  it('to() keeps parameter identity while converting', () => {
    const net = new Net();
    const w = net.first.weight;
    net.to('float64');
    expect(net.first.weight).toBe(w);
    expect(w.dtype).toBe('float64');
    expect(w.requiresGrad).toBe(true);
    expect(net.buffers()[0].dtype).toBe('float64');
    net.to('float16');
    expect(net.first.weight).toBe(w);
    expect(w.dtype).toBe('float16');
    expect(w.device).toBe('cpu');
  });

  it('containers index, append and iterate', () => {
    const seq = new Sequential(new Scale(2));
    seq.append(new Scale(2, false));
    expect(seq.length).toBe(2);
    expect(seq.at(-1)).toBeInstanceOf(Scale);
    expect(Array.from((seq.forward(tensor([1, 2])) as Tensor).dataSync())).toEqual([1, 2]);
    const list = new ModuleList([new Scale(1), new Scale(1)]);
    expect(list.parameters().length).toBe(4);
    // A Map keeps insertion order even for numeric-looking keys (a plain object would not).
    const dict = new ModuleDict(
      new Map<string, Module>([
        ['b', new Scale(1)],
        ['a', new Scale(1, false)],
        ['2', new Scale(1)],
      ]),
    );
    expect(dict.namedParameters().map(([n]) => n)).toEqual([
      'b.weight',
      'b.bias',
      'a.weight',
      '2.weight',
      '2.bias',
    ]);
  });
});

describe('state dicts of shared submodules', () => {
  it('lists a shared submodule under every name in the state dict, as PyTorch does', () => {
    const shared = new Linear(2, 2);
    const model = new Sequential(shared, shared);
    // PyTorch: nn.Sequential(l, l).state_dict() has 0.* and 1.*; named_parameters() has 0.* only.
    expect(Object.keys(model.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(model.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias']);
    const copy = new Sequential(new Linear(2, 2), new Linear(2, 2));
    copy.loadStateDict(model.stateDict());
    expect(Array.from((copy.at(1) as Linear).weight.dataSync())).toEqual(
      Array.from(shared.weight.dataSync()),
    );
    expect(model.loadStateDict(copy.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
  });
});

describe("Node's inspect", () => {
  it('console.log(model) prints what print(model) prints in PyTorch', async () => {
    const { inspect } = await import('node:util');
    const model = new Sequential(new Linear(4, 2), new ReLU());
    expect(inspect(model)).toBe(model.toString());
    expect(inspect(model)).toBe(
      'Sequential(\n  (0): Linear(in_features=4, out_features=2, bias=True)\n  (1): ReLU()\n)',
    );
  });
});
