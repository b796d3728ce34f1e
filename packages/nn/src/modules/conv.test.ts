import '@typetorch/backend-cpu';
import { conv2d, manualSeed, maxPool2d, randn, type Tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import * as Fconv from '../functional/conv.js';
import * as Fpool from '../functional/pooling.js';
import { Sequential } from './containers.js';
import { Conv2d } from './conv.js';
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from './pooling.js';

const values = (t: Tensor) => Array.from(t.dataSync());

describe('Conv2d', () => {
  it('prints as PyTorch, showing only non-default settings', () => {
    expect(new Conv2d(1, 32, 3).toString()).toBe('Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))');
    expect(new Conv2d(1, 32, [3, 5], { stride: 2, padding: 1, dilation: 2, bias: false }).toString()).toBe(
      'Conv2d(1, 32, kernel_size=(3, 5), stride=(2, 2), padding=(1, 1), dilation=(2, 2), bias=False)',
    );
    expect(new Conv2d(4, 8, 3, { padding: 'same' }).toString()).toBe(
      'Conv2d(4, 8, kernel_size=(3, 3), stride=(1, 1), padding=same)',
    );
    expect(new Conv2d(4, 8, 3, { padding: 'valid', groups: 2 }).toString()).toBe(
      'Conv2d(4, 8, kernel_size=(3, 3), stride=(1, 1), padding=valid, groups=2)',
    );
  });

  it('has PyTorch-shaped parameters, in state-dict order', () => {
    const conv = new Conv2d(4, 6, [3, 2], { groups: 2 });
    expect(conv.weight.shape).toEqual([6, 2, 3, 2]);
    expect(conv.bias!.shape).toEqual([6]);
    expect(Object.keys(conv.stateDict())).toEqual(['weight', 'bias']);
    expect(new Conv2d(4, 6, 3, { bias: false }).parameters()).toHaveLength(1);
    const f64 = new Conv2d(1, 2, 1, { dtype: 'float64' });
    expect(f64.weight.dtype).toBe('float64');
    expect(f64.weight.requiresGrad).toBe(true);
  });

  it('initialises weight and bias in U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as PyTorch', () => {
    manualSeed(0);
    const conv = new Conv2d(16, 64, 3, { groups: 2 });
    const bound = 1 / Math.sqrt(8 * 3 * 3);
    for (const p of [conv.weight, conv.bias!]) {
      const v = values(p);
      expect(Math.max(...v)).toBeLessThanOrEqual(bound);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(-bound);
      // Spread over the interval, not a constant: the sample std of U(-b, b) is b / sqrt(3).
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
      expect(std).toBeGreaterThan((bound / Math.sqrt(3)) * 0.8);
    }
  });

  it('forward is F.conv2d with its settings; gradients reach weight and bias', () => {
    const conv = new Conv2d(3, 4, 3, { stride: 2, padding: 1, dilation: 1 });
    const x = randn([2, 3, 7, 6]);
    const y = conv.forward(x);
    expect(y.shape).toEqual([2, 4, 4, 3]);
    expect(values(y)).toEqual(values(Fconv.conv2d(x, conv.weight, conv.bias, { stride: 2, padding: 1 })));
    y.sum().backward();
    expect(conv.weight.grad!.shape).toEqual([4, 3, 3, 3]);
    // d sum / d bias = number of output positions per channel (2 * 4 * 3).
    expect(values(conv.bias!.grad!)).toEqual([24, 24, 24, 24]);
  });

  it('rejects settings PyTorch rejects', () => {
    expect(() => new Conv2d(4, 8, 3, { groups: 3 })).toThrow('in_channels must be divisible by groups');
    expect(() => new Conv2d(4, 9, 3, { groups: 2 })).toThrow('out_channels must be divisible by groups');
    expect(() => new Conv2d(4, 8, 3, { groups: 0 })).toThrow('groups must be a positive integer');
    expect(() => new Conv2d(4, 8, 3, { stride: 2, padding: 'same' })).toThrow(
      "padding='same' is not supported for strided convolutions",
    );
    expect(() => new Conv2d(4, 8, 3, { padding: 'full' as 'same' })).toThrow("Invalid padding string 'full'");
    expect(() => new Conv2d(4, 8, 3, { paddingMode: 'reflect' })).toThrow(
      "paddingMode 'reflect' is not supported",
    );
    expect(() => new Conv2d(4, 8, 3).forward(randn([1, 3, 5, 5]))).toThrow(
      'Given groups=1, weight of size [8, 4, 3, 3], expected input[1, 3, 5, 5] to have 4 channels, but got 3 channels instead',
    );
  });
});

describe('pooling layers', () => {
  it('print as PyTorch', () => {
    expect(new MaxPool2d(2).toString()).toBe(
      'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
    );
    expect(
      new MaxPool2d([2, 3], {
        stride: 1,
        padding: 1,
        dilation: 2,
        ceilMode: true,
        returnIndices: true,
      }).toString(),
    ).toBe('MaxPool2d(kernel_size=(2, 3), stride=1, padding=1, dilation=2, ceil_mode=True)');
    expect(new AvgPool2d(2).toString()).toBe('AvgPool2d(kernel_size=2, stride=2, padding=0)');
    expect(new AvgPool2d(3, { stride: [2, 1], padding: 1, countIncludePad: false }).toString()).toBe(
      'AvgPool2d(kernel_size=3, stride=(2, 1), padding=1)',
    );
    expect(new AdaptiveAvgPool2d(7).toString()).toBe('AdaptiveAvgPool2d(output_size=7)');
    expect(new AdaptiveAvgPool2d([null, 7]).toString()).toBe('AdaptiveAvgPool2d(output_size=(None, 7))');
    expect(new AdaptiveAvgPool2d([2, 3]).toString()).toBe('AdaptiveAvgPool2d(output_size=(2, 3))');
  });

  it('forward is the functional form', () => {
    const x = randn([2, 3, 7, 6]);
    expect(values(new MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }).forward(x))).toEqual(
      values(maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true })),
    );
    const [out, indices] = new MaxPool2d(2, { returnIndices: true }).forward(x);
    expect(out.shape).toEqual([2, 3, 3, 3]);
    expect(indices.dtype).toBe('int64');
    expect(values(new AvgPool2d(2, { countIncludePad: false, padding: 1 }).forward(x))).toEqual(
      values(Fpool.avgPool2d(x, 2, { countIncludePad: false, padding: 1 })),
    );
    expect(new AdaptiveAvgPool2d([null, 2]).forward(x).shape).toEqual([2, 3, 7, 2]);
  });
});

describe('a small convolutional network', () => {
  it('runs forward and backward through Sequential and prints as PyTorch', () => {
    manualSeed(1);
    const model = new Sequential(
      new Conv2d(1, 4, 3, { padding: 1 }),
      new MaxPool2d(2),
      new Conv2d(4, 8, 3, { bias: false }),
      new AvgPool2d(2, { ceilMode: true }),
      new AdaptiveAvgPool2d(1),
    );
    expect(model.toString()).toBe(
      [
        'Sequential(',
        '  (0): Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))',
        '  (1): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
        '  (2): Conv2d(4, 8, kernel_size=(3, 3), stride=(1, 1), bias=False)',
        '  (3): AvgPool2d(kernel_size=2, stride=2, padding=0)',
        '  (4): AdaptiveAvgPool2d(output_size=1)',
        ')',
      ].join('\n'),
    );
    const y = model.forward(randn([2, 1, 12, 12])) as Tensor;
    expect(y.shape).toEqual([2, 8, 1, 1]);
    y.square().sum().backward();
    expect(model.parameters().map((p) => p.grad?.shape)).toEqual([[4, 1, 3, 3], [4], [8, 4, 3, 3]]);
    expect(values(conv2d(randn([1, 1, 3, 3]), randn([1, 1, 3, 3])))).toHaveLength(1);
  });
});
