import '@typetorch/backend-cpu';
import { Generator, memory, type Tensor, tensor } from '@typetorch/tensor';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { affine, pad, rotate } from './functional.js';
import { Compose, Lambda } from './transform.js';
import {
  Normalize,
  RandomAffine,
  RandomCrop,
  RandomHorizontalFlip,
  RandomRotation,
  RandomVerticalFlip,
  ToTensor,
} from './transforms.js';

type Grid = number[][];

/** A [1, H, W] float32 image from rows. */
const image = (rows: Grid): Tensor => tensor([rows]);
const grid = (t: Tensor): Grid => (t.toArraySync() as Grid[])[0];
/** rows x cols image with values 1, 2, 3, ... row-major. */
const counting = (rows: number, cols: number): Grid =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => r * cols + c + 1));
/** numpy.rot90 (counter-clockwise). */
const rot90 = (g: Grid): Grid => g[0].map((_, i) => g.map((row) => row[row.length - 1 - i]));

let tensorsBefore = 0;
const live: Tensor[] = [];
/** Tracks tensors made by a test so afterEach can check that transforms leave nothing else behind. */
function own<T extends Tensor>(t: T): T {
  live.push(t);
  return t;
}

beforeEach(() => {
  tensorsBefore = memory('cpu').numTensors;
});

afterEach(() => {
  for (const t of live.splice(0)) t.dispose();
  expect(memory('cpu').numTensors).toBe(tensorsBefore);
});

describe('ToTensor', () => {
  it('scales grayscale image data to [0, 1] as [1, H, W] float32', () => {
    const out = own(
      new ToTensor().forward({ data: new Uint8Array([0, 51, 102, 153, 204, 255]), width: 3, height: 2 }),
    );
    expect(out.shape).toEqual([1, 2, 3]);
    expect(out.dtype).toBe('float32');
    expect(grid(out)).toEqual([[0, 0.2, 0.4].map(Math.fround), [0.6, 0.8, 1].map(Math.fround)]);
  });

  it('moves channels first, from image data or an [H, W, C] tensor', () => {
    // pixel p (row-major), channel k holds 10 * p + k
    const hwc = Array.from({ length: 2 }, (_, y) =>
      Array.from({ length: 2 }, (_, x) => [0, 1, 2].map((k) => 10 * (y * 2 + x) + k)),
    );
    const expected = [0, 1, 2].map((k) =>
      [0, 1].map((y) => [0, 1].map((x) => Math.fround((10 * (y * 2 + x) + k) / 255))),
    );
    const fromData = own(
      new ToTensor().forward({ data: new Uint8ClampedArray(hwc.flat(2)), width: 2, height: 2 }),
    );
    expect(fromData.shape).toEqual([3, 2, 2]);
    expect(fromData.toArraySync()).toEqual(expected);
    const fromTensor = own(new ToTensor().forward(own(tensor(hwc, { dtype: 'int32' }))));
    expect(fromTensor.dtype).toBe('float32');
    expect(fromTensor.isContiguous()).toBe(true);
    expect(fromTensor.toArraySync()).toEqual(expected);
    const gray = own(new ToTensor().forward(own(tensor([[255, 0]], { dtype: 'int32' }))));
    expect(gray.toArraySync()).toEqual([[[1, 0]]]);
  });

  it('rejects what is not image data', () => {
    const t = own(tensor([[[[1]]]]));
    expect(() => new ToTensor().forward(t)).toThrow('pic should be 2/3 dimensional. Got 4 dimensions.');
    expect(() => new ToTensor().forward(own(tensor([[true]])))).toThrow('bool tensor');
    expect(() => new ToTensor().forward({ data: new Uint8Array(5), width: 2, height: 2 })).toThrow(
      'does not fit 2x2 pixels',
    );
  });
});

describe('Normalize', () => {
  it('subtracts the mean and divides by the std per channel', () => {
    const x = own(tensor([[[0, 1]], [[2, 3]]], { dtype: 'float32' }));
    expect(own(new Normalize([1, 2], [2, 0.5]).forward(x)).toArraySync()).toEqual([[[-0.5, 0]], [[0, 2]]]);
    expect(own(new Normalize(1, 2).forward(x)).toArraySync()).toEqual([[[-0.5, 0]], [[0.5, 1]]]);
    expect(x.toArraySync()).toEqual([[[0, 1]], [[2, 3]]]);
    const same = new Normalize([1, 1], [1, 1], { inplace: true }).forward(x);
    expect(same).toBe(x);
    expect(x.toArraySync()).toEqual([[[-1, 0]], [[1, 2]]]);
    expect(String(new Normalize([0.1307], [0.3081]))).toBe('Normalize(mean=[0.1307], std=[0.3081])');
  });

  it('fails as torchvision does', () => {
    const img = own(tensor([[[1, 2]]], { dtype: 'float32' }));
    expect(() => new Normalize([0], [1]).forward(own(tensor([[[1]]], { dtype: 'int32' })))).toThrow(
      'Input tensor should be a float tensor. Got int32.',
    );
    expect(() => new Normalize([0], [1]).forward(own(tensor([[1, 2]], { dtype: 'float32' })))).toThrow(
      'Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = [1, 2]',
    );
    expect(() => new Normalize([0], [0]).forward(img)).toThrow(
      'std evaluated to zero after conversion to float32, leading to division by zero.',
    );
    expect(() => new Normalize([0, 0, 0], [1, 1, 1]).forward(img)).toThrow(
      "output with shape [1, 1, 2] doesn't match the broadcast shape [3, 1, 2]",
    );
    const rgb = own(tensor([[[1]], [[2]], [[3]]], { dtype: 'float32' }));
    expect(() => new Normalize([0, 0], [1, 1]).forward(rgb)).toThrow(
      'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0',
    );
  });
});

describe('Compose and Lambda', () => {
  it('chains transforms and disposes the tensors between them', () => {
    const t = new Compose([new ToTensor(), new Normalize([0.5], [0.5]), (x: Tensor) => x.mul(2)]);
    const out = own(t.forward({ data: new Uint8Array([0, 255]), width: 2, height: 1 }));
    expect(out.toArraySync()).toEqual([[[-2, 2]]]);
    expect(memory('cpu').numTensors).toBe(tensorsBefore + 1);
    expect(String(new Compose([new ToTensor(), new Normalize([0.1307], [0.3081])]))).toBe(
      'Compose(\n    ToTensor()\n    Normalize(mean=[0.1307], std=[0.3081])\n)',
    );
  });

  it('keeps the input, steps that return their input, and tensors the next step keeps', () => {
    const x = own(image([[1, 2]]));
    const keepBoth = new Compose<Tensor, Tensor[]>([new RandomHorizontalFlip(0), (t: Tensor) => [t]]);
    const [same] = keepBoth.forward(x);
    expect(same).toBe(x);
    expect(x.isDisposed).toBe(false);
  });

  it('Lambda wraps a function', () => {
    expect(new Lambda((v: number) => v + 1).forward(1)).toBe(2);
    expect(() => new Lambda(3 as unknown as () => void)).toThrow(
      'Argument lambd should be callable, got number',
    );
  });
});

describe('flips', () => {
  it('mirrors with p = 1 and returns the input with p = 0', () => {
    const x = own(image(counting(2, 3)));
    expect(grid(own(new RandomHorizontalFlip(1).forward(x)))).toEqual([
      [3, 2, 1],
      [6, 5, 4],
    ]);
    expect(grid(own(new RandomVerticalFlip(1).forward(x)))).toEqual([
      [4, 5, 6],
      [1, 2, 3],
    ]);
    expect(new RandomHorizontalFlip(0).forward(x)).toBe(x);
    expect(() => new RandomHorizontalFlip(1.5)).toThrow('p should be a probability');
  });

  it('flips about half the time with p = 0.5, reproducibly with a generator', () => {
    const x = own(image([[1, 2]]));
    const run = (seed: number) => {
      const flip = new RandomHorizontalFlip(0.5, { generator: new Generator(seed) });
      return Array.from({ length: 400 }, () => {
        const y = flip.forward(x);
        if (y === x) return 0;
        y.dispose();
        return 1;
      });
    };
    const a = run(1);
    expect(run(1)).toEqual(a);
    const flipped = a.reduce<number>((s, v) => s + v, 0);
    expect(flipped).toBeGreaterThan(160);
    expect(flipped).toBeLessThan(240);
  });

  it('flip batches of images [N, C, H, W]', () => {
    const x = own(tensor([[[[1, 2]]], [[[3, 4]]]]));
    expect(own(new RandomHorizontalFlip(1).forward(x)).toArraySync()).toEqual([[[[2, 1]]], [[[4, 3]]]]);
  });
});

describe('RandomCrop', () => {
  const img = () =>
    own(
      image([
        [1, 2],
        [3, 4],
      ]),
    );

  it('pads with the fill value and crops', () => {
    expect(grid(own(new RandomCrop(4, { padding: 1 }).forward(img())))).toEqual([
      [0, 0, 0, 0],
      [0, 1, 2, 0],
      [0, 3, 4, 0],
      [0, 0, 0, 0],
    ]);
    expect(grid(own(new RandomCrop([3, 4], { padding: [1, 0, 1, 1], fill: 9 }).forward(img())))).toEqual([
      [9, 1, 2, 9],
      [9, 3, 4, 9],
      [9, 9, 9, 9],
    ]);
  });

  it('picks every window of the padded image, reproducibly with a generator', () => {
    const x = img();
    const padded = [
      [0, 0, 0, 0],
      [0, 1, 2, 0],
      [0, 3, 4, 0],
      [0, 0, 0, 0],
    ];
    const windows = [0, 1].flatMap((i) =>
      [0, 1].map((j) => padded.slice(i, i + 3).map((r) => r.slice(j, j + 3))),
    );
    const run = (seed: number) => {
      const crop = new RandomCrop(3, { padding: 1, generator: new Generator(seed) });
      return Array.from({ length: 40 }, () => {
        const out = JSON.stringify(grid(own(crop.forward(x))));
        return windows.findIndex((w) => JSON.stringify(w) === out);
      });
    };
    const picks = run(3);
    expect(picks).not.toContain(-1);
    expect(new Set(picks).size).toBe(4);
    expect(run(3)).toEqual(picks);
  });

  it('pads small images when asked, and otherwise refuses', () => {
    const out = own(
      new RandomCrop([2, 4], { padIfNeeded: true, generator: new Generator(0) }).forward(img()),
    );
    expect(out.shape).toEqual([1, 2, 4]);
    const row0 = [0, 0, 1, 2, 0, 0];
    const start = grid(out)[0][0] === 0 && grid(out)[0][1] === 0 ? 0 : grid(out)[0][0] === 0 ? 1 : 2;
    expect(grid(out)[0]).toEqual(row0.slice(start, start + 4));
    expect(() => new RandomCrop(3).forward(img())).toThrow(
      'Required crop size (3, 3) is larger than input image size (2, 2)',
    );
    expect(() => new RandomCrop(2, { padding: [1, 2, 3] })).toThrow(
      'Padding must be an int or a 1, 2, or 4 element tuple, not a 3 element tuple',
    );
    expect(() => new RandomCrop([1, 2, 3])).toThrow('Please provide only two dimensions (h, w) for size.');
  });

  it('returns a view when the window lies inside the image', () => {
    const x = img();
    const out = own(new RandomCrop([1, 2], { generator: new Generator(0) }).forward(x));
    expect(out.storage).toBe(x.storage);
  });
});

describe('pad modes and fills', () => {
  it('pads constant, edge, reflect and symmetric as torchvision', () => {
    const row = own(image([[1, 2, 3]]));
    const padded = (paddingMode: 'constant' | 'edge' | 'reflect' | 'symmetric') =>
      grid(own(pad(row, [2, 0], { paddingMode })))[0];
    expect(padded('constant')).toEqual([0, 0, 1, 2, 3, 0, 0]);
    expect(padded('edge')).toEqual([1, 1, 1, 2, 3, 3, 3]);
    expect(padded('reflect')).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(padded('symmetric')).toEqual([2, 1, 1, 2, 3, 3, 2]);
    expect(() => pad(row, [3, 0], { paddingMode: 'reflect' })).toThrow(
      'Padding size should be less than the corresponding input dimension',
    );
  });

  it('fills each channel with its own value', () => {
    const rgb = own(tensor([[[1]], [[2]], [[3]]]));
    expect(own(pad(rgb, [1, 0], { fill: [7, 8, 9] })).toArraySync()).toEqual([
      [[7, 1, 7]],
      [[8, 2, 8]],
      [[9, 3, 9]],
    ]);
    expect(() => pad(rgb, 1, { fill: [1, 2] })).toThrow(
      "The number of elements in 'fill' does not match the number of channels of the image (2 != 3)",
    );
  });
});

describe('rotations and affine warps', () => {
  for (const interpolation of ['nearest', 'bilinear'] as const) {
    it(`rotates by multiples of 90 degrees exactly (${interpolation})`, () => {
      for (const n of [3, 4]) {
        const g = counting(n, n);
        const x = own(image(g));
        const turn = (degrees: number) =>
          grid(own(new RandomRotation([degrees, degrees], { interpolation }).forward(x)));
        expect(turn(90)).toEqual(rot90(g));
        expect(turn(180)).toEqual(rot90(rot90(g)));
        expect(turn(-90)).toEqual(rot90(rot90(rot90(g))));
        expect(turn(360)).toEqual(g);
      }
    });
  }

  it('expands non-square images to hold the rotated image', () => {
    const g = counting(2, 4);
    const out = own(rotate(own(image(g)), 90, { expand: true }));
    expect(out.shape).toEqual([1, 4, 2]);
    expect(grid(out)).toEqual(rot90(g));
  });

  it('keeps the inside of a constant image and fills the outside (bilinear)', () => {
    const x = own(image(Array.from({ length: 8 }, () => new Array(8).fill(5))));
    const out = grid(own(rotate(x, 30, { interpolation: 'bilinear', fill: 2 })));
    for (const [r, c] of [
      [3, 3],
      [3, 4],
      [4, 3],
      [4, 4],
    ]) {
      expect(out[r][c]).toBeCloseTo(5, 5);
    }
    expect(out[0][0]).toBeCloseTo(2, 5);
    for (const row of out) for (const v of row) expect(v).toBeGreaterThanOrEqual(2 - 1e-5);
  });

  it('weights out-of-image corners with the fill at the border (bilinear)', () => {
    const x = own(image([[0, 2, 4, 6]]));
    expect(grid(own(affine(x, 0, [0.5, 0], 1, 0, { interpolation: 'bilinear' })))[0]).toEqual([0, 1, 3, 5]);
    expect(grid(own(affine(x, 0, [0.5, 0], 1, 0, { interpolation: 'bilinear', fill: 10 })))[0]).toEqual([
      5, 1, 3, 5,
    ]);
  });
});

describe('affine warps, integer images, random parameters and arguments', () => {
  it('translates, scales and rotates clockwise as torchvision affine', () => {
    const g = counting(3, 3);
    const x = own(image(g));
    expect(grid(own(affine(x, 0, [1, 0], 1, 0)))).toEqual([
      [0, 1, 2],
      [0, 4, 5],
      [0, 7, 8],
    ]);
    expect(grid(own(affine(x, 90, [0, 0], 1, 0)))).toEqual(rot90(rot90(rot90(g))));
    const zoom = grid(own(affine(own(image(counting(4, 4))), 0, [0, 0], 2, 0)));
    expect(zoom).toEqual([
      [6, 6, 7, 7],
      [6, 6, 7, 7],
      [10, 10, 11, 11],
      [10, 10, 11, 11],
    ]);
    expect(grid(own(new RandomAffine([90, 90]).forward(x)))).toEqual(rot90(rot90(rot90(g))));
  });

  it('keeps integer images integer', () => {
    const x = own(
      tensor(
        [
          [
            [1, 2],
            [3, 4],
          ],
        ],
        { dtype: 'int32' },
      ),
    );
    const out = own(rotate(x, 90, { interpolation: 'bilinear' }));
    expect(out.dtype).toBe('int32');
    expect(grid(out)).toEqual(
      rot90([
        [1, 2],
        [3, 4],
      ]),
    );
  });

  it('draws angles and affine parameters reproducibly, and works on batches', () => {
    const x = own(tensor([[counting(5, 5)], [counting(5, 5)]]));
    const run = (seed: number) => {
      const t = new RandomAffine(30, {
        translate: [0.2, 0.2],
        scale: [0.8, 1.2],
        shear: [-5, 5, -5, 5],
        generator: new Generator(seed),
      });
      const r = new RandomRotation(45, { generator: new Generator(seed) });
      return [0, 1, 2].map(() => {
        const warped = own(t.forward(x));
        expect(warped.shape).toEqual([2, 1, 5, 5]);
        return [warped.toArraySync(), own(r.forward(x)).toArraySync()];
      });
    };
    const a = run(4);
    expect(run(4)).toEqual(a);
    expect(a[0]).not.toEqual(a[1]);
  });

  it('checks its arguments as torchvision does', () => {
    expect(() => new RandomRotation(-5)).toThrow('If degrees is a single number, it must be positive.');
    expect(() => new RandomRotation([1, 2, 3])).toThrow('degrees should be a sequence of length 2.');
    expect(() => new RandomAffine(0, { translate: [2, 0] })).toThrow(
      'translation values should be between 0 and 1',
    );
    expect(() => new RandomAffine(0, { scale: [0, 1] })).toThrow('scale values should be positive');
    expect(() => new RandomAffine(0, { shear: [1, 2, 3] })).toThrow(
      'shear should be a sequence of length 2 or 4.',
    );
    expect(() => rotate(own(tensor([1, 2])), 90)).toThrow('expected a tensor image of shape [..., H, W]');
  });
});
