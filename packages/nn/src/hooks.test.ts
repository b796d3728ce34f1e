// Forward hooks and pre-hooks, as PyTorch 1.13's Module.register_forward_hook / _pre_hook.
import '@typetorch/backend-cpu';
import { ones, type Tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import * as nn from './index.js';

class Net extends nn.Module {
  fc = new nn.Linear(3, 2);
  relu = new nn.ReLU();
  forward(x: Tensor): Tensor {
    return this.relu.forward(this.fc.forward(x));
  }
}

describe('forward hooks', () => {
  it('see inputs and outputs of submodules called by the parent, in registration order', () => {
    const net = new Net();
    const seen: string[] = [];
    const shapes: number[][] = [];
    net.fc.registerForwardPreHook((m, args) => {
      seen.push(`pre ${m.constructor.name}`);
      shapes.push([...(args[0] as Tensor).shape]);
    });
    net.fc.registerForwardHook((_m, _args, out) => {
      seen.push('post 1');
      shapes.push([...(out as Tensor).shape]);
    });
    net.fc.registerForwardHook(() => {
      seen.push('post 2');
    });
    net.forward(ones([4, 3]));
    expect(seen).toEqual(['pre Linear', 'post 1', 'post 2']);
    expect(shapes).toEqual([
      [4, 3],
      [4, 2],
    ]);
  });

  it('replace the arguments and the output when they return a value; remove() unregisters', () => {
    const relu = new nn.ReLU();
    const pre = relu.registerForwardPreHook((_m, args) => (args[0] as Tensor).neg());
    const post = relu.registerForwardHook((_m, _args, out) => (out as Tensor).mul(10));
    const x = ones([2]);
    expect(Array.from((relu.forward(x) as Tensor).dataSync())).toEqual([0, 0]);
    pre.remove();
    expect(Array.from((relu.forward(x) as Tensor).dataSync())).toEqual([10, 10]);
    post.remove();
    post.remove();
    expect(Array.from((relu.forward(x) as Tensor).dataSync())).toEqual([1, 1]);
  });

  it('leave the registry, the state dict and printing alone', () => {
    const net = new Net();
    const before = String(net);
    net.registerForwardHook(() => undefined);
    expect(String(net)).toBe(before);
    expect(Object.keys(net.stateDict())).toEqual(['fc.weight', 'fc.bias']);
    expect(net.namedChildren().map(([n]) => n)).toEqual(['fc', 'relu']);
  });
});
