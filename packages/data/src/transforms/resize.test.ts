/**
 * transforms.Resize against torchvision 0.14.1: replays packages/data/src/fixtures/data_resize.json
 * (scripts/fixtures/data_resize.py). 8-bit images must equal Pillow's output exactly; float tensors
 * PyTorch's interpolation to float32 rounding.
 */
import '@typetorch/backend-cpu';
import { type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/data_resize.json' with { type: 'json' };
import { bilinearCoefficients, Resize, resize, resizedSize } from './resize.js';

const flat = (t: Tensor) => Array.from(t.dataSync(), Number);

describe('transforms.Resize (torchvision parity)', () => {
  it.each(fixture.pil.map((c, i) => [i, c] as const))('8-bit image %i equals Pillow', (_, c) => {
    const out = new Resize(c.size).forward({
      data: c.input,
      width: c.width,
      height: c.height,
      channels: c.channels,
    });
    expect([out.height, out.width, out.channels]).toEqual([c.outHeight, c.outWidth, c.channels]);
    expect(Array.from(out.data)).toEqual(c.expected);
  });

  it.each(fixture.pil.filter((c) => c.channels === 1).map((c, i) => [i, c] as const))(
    'an integer tensor [H, W] (an MNIST image before ToTensor) %i equals Pillow',
    (_, c) => {
      const x = tensor(c.input, { dtype: 'int32' }).view([c.height, c.width]);
      const y = resize(x, c.size);
      expect(y.dtype).toBe('int32');
      expect(y.shape).toEqual([c.outHeight, c.outWidth]);
      expect(flat(y)).toEqual(c.expected);
    },
  );

  it.each(fixture.tensor.map((c, i) => [i, c] as const))('float tensor %i equals torchvision', (_, c) => {
    const x = tensor(c.input).view(c.shape);
    const y = new Resize(c.size, { antialias: c.antialias }).forward(x);
    expect(y.shape).toEqual(c.outShape);
    const got = flat(y);
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(c.expected[i], 5);
  });

  it("prints as torchvision's Resize", () => {
    expect([
      String(new Resize(64)),
      String(new Resize([3, 4], { antialias: true })),
      String(new Resize(8, { maxSize: 10, antialias: false })),
    ]).toEqual(fixture.repr);
  });

  it('computes the output size as torchvision does', () => {
    expect(resizedSize(28, 28, 64)).toEqual([64, 64]);
    expect(resizedSize(10, 16, 6)).toEqual([6, 9]);
    expect(resizedSize(16, 10, 6)).toEqual([9, 6]);
    expect(resizedSize(10, 40, 8, 20)).toEqual([5, 20]);
    expect(() => resizedSize(10, 40, 8, 8)).toThrow(/must be strictly greater/);
    expect(() => resizedSize(10, 40, [8, 8], 20)).toThrow(/maxSize should only be passed/);
  });

  it('weights sum to one and widen only when shrinking with antialias', () => {
    for (const [inSize, outSize, aa] of [
      [28, 64, true],
      [28, 13, true],
      [28, 13, false],
    ] as const) {
      const { weights } = bilinearCoefficients(inSize, outSize, aa);
      for (const k of weights) expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    expect(bilinearCoefficients(28, 7, true).weights[1].length).toBeGreaterThan(4);
    expect(bilinearCoefficients(28, 7, false).weights[1].length).toBeLessThanOrEqual(3);
  });

  it('rejects what torchvision rejects, and unknown options', () => {
    expect(() => resize(tensor([1, 2]), 4)).toThrow(/expected an image tensor/);
    expect(() => new Resize(4, { interpolation: 'nearest' as 'bilinear' })).toThrow(/only 'bilinear'/);
    expect(() => new Resize(4, { mode: 'x' } as object)).toThrow(/unexpected keyword argument 'mode'/);
  });
});
