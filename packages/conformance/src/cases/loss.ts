/**
 * The fused cross entropy (`crossEntropyPerSample`, `crossEntropyPerSampleBackward`): the op against a host definition
 * in double precision across weights, ignored rows and label smoothing, its fast paths against the
 * reference compositions (on devices that have them), edge cases (large and infinite logits, ignored
 * rows, C = 1, empty batches) and PyTorch's errors (group `loss`); and, with autograd, the gradients
 * that backward computes through it (group `loss-grad`).
 */
import {
  autogradEngine,
  type CrossEntropyPerSampleOptions,
  crossEntropyBackwardComposite,
  crossEntropyComposite,
  crossEntropyPerSample,
  crossEntropyPerSampleBackward,
  type DType,
  getBackend,
  memory,
  raiseDeviceErrors,
  type Tensor,
  tensor,
  zeros,
} from '@typetorch/tensor';
import { check, expectTensor, expectThrows, type Tolerance } from '../assert.js';
import { type ConformanceCase, group } from '../case.js';

// ---- the definition, on the host in double precision ----

interface Setting {
  label: string;
  logits: number[][];
  target: number[];
  weight?: number[];
  ignoreIndex?: number;
  labelSmoothing?: number;
}

interface Reference {
  loss: number[];
  targetWeight: number[];
  /** `[max, log(sum(exp(x - max)))]` per row, row-major. */
  normalizer: number[];
  /** d(sum over n of gradLoss[n] * loss[n]) / d logits, row-major. */
  grad: (gradLoss: readonly number[]) => number[];
}

function reference({
  logits,
  target,
  weight,
  ignoreIndex = -100,
  labelSmoothing: s = 0,
}: Setting): Reference {
  const C = logits[0]?.length ?? 0;
  const w = (c: number) => (weight === undefined ? 1 : weight[c]);
  const W = weight === undefined ? C : weight.reduce((a, b) => a + b, 0);
  const normalizer = logits.map((row) => {
    const m = Math.max(...row);
    const shift = m === Number.NEGATIVE_INFINITY ? 0 : m;
    return [shift, Math.log(row.reduce((acc, v) => acc + Math.exp(v - shift), 0))];
  });
  // -log_softmax(x)[c], formed as the kernels do so that large logits keep their precision.
  const nll = (n: number, c: number) => normalizer[n][0] - logits[n][c] + normalizer[n][1];
  const loss = logits.map((row, n) => {
    const y = target[n];
    if (y === ignoreIndex) return 0;
    const own = w(y) * nll(n, y);
    if (s === 0) return own;
    const uniform = row.reduce((acc, _, c) => acc + w(c) * nll(n, c), 0);
    return (1 - s) * own + (s / C) * uniform;
  });
  const targetWeight = target.map((y) => (y === ignoreIndex ? 0 : w(y)));
  const grad = (g: readonly number[]) =>
    logits.flatMap((row, n) => {
      const y = target[n];
      // 0 whatever the gradient, NaN where the softmax is NaN (PyTorch's log_softmax backward).
      if (y === ignoreIndex) return row.map((_, c) => 0 * Math.exp(-nll(n, c)));
      const a = (1 - s) * w(y) + (s / C) * W;
      return row.map((_, c) => {
        const p = Math.exp(-nll(n, c));
        return g[n] * (a * p - (1 - s) * w(y) * (c === y ? 1 : 0) - (s / C) * w(c));
      });
    });
  return { loss, targetWeight, normalizer: normalizer.flat(), grad };
}

/** `rows x C` deterministic logits in about [-4, 4]. */
const wave = (rows: number, C: number) =>
  Array.from({ length: rows }, (_, n) =>
    Array.from({ length: C }, (_, c) => 4 * Math.sin(1.3 * c + 2.1 * n)),
  );

const SETTINGS: Setting[] = [
  {
    label: 'plain',
    logits: [
      [1.5, -0.3, 0.2, 2.1],
      [0.4, 0.4, -1.7, 0.9],
      [-2.2, 3.1, 0.05, -0.6],
    ],
    target: [3, 0, 1],
  },
  {
    label: 'weight, ignoreIndex 2',
    logits: [
      [0.3, -1.2, 2.4],
      [1.1, 0.7, -0.4],
      [-0.9, 0.2, 0.6],
      [2.5, -2.5, 0.1],
    ],
    target: [1, 2, 0, 2],
    weight: [0.7, 1.9, 0.4],
    ignoreIndex: 2,
  },
  {
    label: 'labelSmoothing 0.2',
    logits: [
      [0.5, 1.5, -1, 0, 2],
      [-3, 0.25, 1.75, -0.5, 0.8],
    ],
    target: [4, 1],
    labelSmoothing: 0.2,
  },
  {
    label: 'weight, ignoreIndex -100, labelSmoothing 0.3',
    logits: [
      [0.3, -1.2, 2.4, 0.9],
      [1.1, 0.7, -0.4, -2],
      [-0.9, 0.2, 0.6, 1.3],
    ],
    target: [1, -100, 3],
    weight: [0.5, 1.25, 2, 0.8],
    labelSmoothing: 0.3,
  },
  { label: 'C = 1', logits: [[0.7], [-4.2]], target: [0, 0], labelSmoothing: 0.1 },
  // Long rows (a workgroup per row on webgpu).
  { label: 'C = 300', logits: wave(3, 300), target: [7, 299, 150] },
  {
    label: 'C = 300, weight, ignored row, labelSmoothing 0.15',
    logits: wave(3, 300),
    target: [7, -100, 299],
    weight: Array.from({ length: 300 }, (_, c) => 0.5 + (c % 7) / 7),
    labelSmoothing: 0.15,
  },
  {
    label: 'large logits',
    logits: [
      [1000, 999, -1000],
      [-5000, -5001, -4999.5],
      [30000, 30000.5, 29990],
    ],
    target: [1, 0, 2],
    labelSmoothing: 0.1,
  },
  {
    // A -Infinity logit off the target leaves an unsmoothed loss finite; an ignored row of only
    // -Infinity contributes a loss of exactly 0 but, as in PyTorch, a NaN gradient.
    label: '-Infinity logits, ignored rows',
    logits: [
      [Number.NEGATIVE_INFINITY, 0.5, 1.5],
      [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
      [2, Number.NEGATIVE_INFINITY, -1],
    ],
    target: [2, -100, 0],
  },
];

/** Row-major values of a tensor, read asynchronously (works on every device). */
async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data(), Number);
}

const dtypesOf = (device: string): DType[] =>
  getBackend(device).capabilities.dtypes.includes('float64') ? ['float32', 'float64'] : ['float32'];

const tolerance = (dtype: DType): Tolerance =>
  dtype === 'float64' ? { rtol: 1e-12, atol: 1e-12 } : { rtol: 1e-5, atol: 1e-5 };

function inputsOf(setting: Setting, device: string, dtype: DType) {
  const x = tensor(setting.logits.flat(), { device, dtype }).reshape([
    setting.logits.length,
    setting.logits[0].length,
  ]);
  const target = tensor(setting.target, { device, dtype: 'int32' });
  const options: CrossEntropyPerSampleOptions = {
    ...(setting.weight === undefined ? {} : { weight: tensor(setting.weight, { device, dtype }) }),
    ...(setting.ignoreIndex === undefined ? {} : { ignoreIndex: setting.ignoreIndex }),
    ...(setting.labelSmoothing === undefined ? {} : { labelSmoothing: setting.labelSmoothing }),
  };
  return { x, target, options };
}

const kernelOptions = (s: Setting) => ({
  ignoreIndex: s.ignoreIndex ?? -100,
  labelSmoothing: s.labelSmoothing ?? 0,
});

/** A per-sample gradient with distinct entries, `[N]`. */
const gradLossOf = (N: number) => Array.from({ length: N }, (_, n) => 0.5 + 0.25 * n);

// ---- hand-written cases ----

const handCases = group('loss', {
  'crossEntropyPerSample equals the definition across weights, ignored rows and label smoothing': async (
    device,
  ) => {
    for (const dtype of dtypesOf(device)) {
      for (const setting of SETTINGS) {
        const { x, target, options } = inputsOf(setting, device, dtype);
        const ref = reference(setting);
        const N = setting.target.length;
        const [loss, targetWeight, normalizer] = crossEntropyPerSample(x, target, options);
        const label = `${setting.label} (${dtype})`;
        const expected = (data: number[], shape = [N]) => ({ shape, dtype, data });
        await expectTensor(loss, expected(ref.loss), tolerance(dtype), `${label}: loss`);
        await expectTensor(
          targetWeight,
          expected(ref.targetWeight),
          tolerance(dtype),
          `${label}: targetWeight`,
        );
        await expectTensor(
          normalizer,
          expected(ref.normalizer, [N, 2]),
          tolerance(dtype),
          `${label}: normalizer`,
        );
      }
    }
  },
  'crossEntropyPerSampleBackward equals the definition, with a broadcast gradient too': async (device) => {
    for (const dtype of dtypesOf(device)) {
      for (const setting of SETTINGS) {
        const { x, target, options } = inputsOf(setting, device, dtype);
        const ref = reference(setting);
        const N = setting.target.length;
        const C = setting.logits[0].length;
        const [, , normalizer] = crossEntropyPerSample(x, target, options);
        const label = `${setting.label} (${dtype})`;
        const g = gradLossOf(N);
        const got = crossEntropyPerSampleBackward(
          tensor(g, { device, dtype }),
          x,
          target,
          normalizer,
          options,
        );
        await expectTensor(got, { shape: [N, C], dtype, data: ref.grad(g) }, tolerance(dtype), label);
        // The gradient of a reduction arrives broadcast: stride 0.
        const broadcast = tensor([0.75], { device, dtype }).expand([N]);
        const fromMean = crossEntropyPerSampleBackward(broadcast, x, target, normalizer, options);
        const want = ref.grad(new Array<number>(N).fill(0.75));
        await expectTensor(
          fromMean,
          { shape: [N, C], dtype, data: want },
          tolerance(dtype),
          `${label}, broadcast`,
        );
      }
    }
  },
  'fast paths agree with the reference compositions': async (device) => {
    const backend = getBackend(device);
    for (const setting of SETTINGS) {
      const { x, target, options } = inputsOf(setting, device, 'float32');
      const o = kernelOptions(setting);
      const w = options.weight ?? null;
      const got = crossEntropyPerSample(x, target, options);
      const want = crossEntropyComposite(backend, x, target, w, o);
      const names = ['loss', 'targetWeight', 'normalizer'];
      for (let i = 0; i < 3; i++) {
        await expectTensor(
          got[i],
          { shape: want[i].shape, dtype: 'float32', data: await values(want[i]) },
          { rtol: 1e-5, atol: 1e-5 },
          `${setting.label}: ${names[i]}`,
        );
      }
      const g = tensor(gradLossOf(setting.target.length), { device });
      const fast = crossEntropyPerSampleBackward(g, x, target, got[2], options);
      const slow = crossEntropyBackwardComposite(backend, g, x, target, w, want[2], o);
      await expectTensor(
        fast,
        { shape: slow.shape, dtype: 'float32', data: await values(slow) },
        { rtol: 1e-5, atol: 1e-6 },
        `${setting.label}: gradient`,
      );
    }
  },
  'rows of only -Infinity, or holding NaN or +Infinity, give NaN as PyTorch': async (device) => {
    const inf = Number.POSITIVE_INFINITY;
    const x = tensor([-inf, -inf, 1, Number.NaN, inf, 0, 0.5, -0.5], { device }).reshape([4, 2]);
    const target = tensor([0, 0, 1, 0], { device, dtype: 'int32' });
    const [loss, , normalizer] = crossEntropyPerSample(x, target);
    const lossValues = await values(loss);
    check(lossValues.slice(0, 3).every(Number.isNaN), `loss ${lossValues}`);
    check(Math.abs(lossValues[3] - Math.log(1 + Math.exp(-1))) < 1e-6, `finite row: ${lossValues[3]}`);
    const norm = await values(normalizer);
    check(norm[0] === 0 && norm[1] === Number.NEGATIVE_INFINITY, `a row of -inf: [${norm.slice(0, 2)}]`);
    check(norm.slice(2, 6).some(Number.isNaN), `rows with NaN, +inf: [${norm.slice(2, 6)}]`);
    const grad = await values(
      crossEntropyPerSampleBackward(tensor([1, 1, 1, 1], { device }), x, target, normalizer),
    );
    check(grad.slice(0, 6).every(Number.isNaN), `gradient of the NaN rows: [${grad.slice(0, 6)}]`);
    // An unsmoothed loss ignores a -Infinity logit off the target; smoothing makes it infinite.
    const off = tensor([-inf, 0, 0], { device }).reshape([1, 3]);
    const y = tensor([1], { device, dtype: 'int32' });
    const [plain] = crossEntropyPerSample(off, y);
    check(Math.abs((await values(plain))[0] - Math.log(2)) < 1e-6, 'a -inf logit off the target');
    const [smoothed] = crossEntropyPerSample(off, y, { labelSmoothing: 0.1 });
    check((await values(smoothed))[0] === inf, 'smoothing over a -inf logit');
  },
  'all rows ignored: the weighted mean is NaN, the gradient 0': async (device) => {
    const x = tensor([1, 2, 3, 4, 5, 6], { device, dtype: 'float32' }).reshape([2, 3]);
    const target = tensor([-100, -100], { device, dtype: 'int32' });
    const [loss, targetWeight, normalizer] = crossEntropyPerSample(x, target, { labelSmoothing: 0.2 });
    const mean = loss.sum().div(targetWeight.sum());
    check(Number.isNaN((await values(mean))[0]), 'mean over no targets');
    const g = crossEntropyPerSampleBackward(
      tensor([1, 1], { device, dtype: 'float32' }),
      x,
      target,
      normalizer,
      {
        labelSmoothing: 0.2,
      },
    );
    check(
      (await values(g)).every((v) => v === 0),
      'gradient of ignored rows',
    );
  },
  'empty batch': async (device) => {
    const x = zeros([0, 5], { device });
    const target = tensor([], { device, dtype: 'int32' });
    const out = crossEntropyPerSample(x, target);
    check(out[0].shape.join() === '0' && out[1].shape.join() === '0', `shapes ${out[0].shape}`);
    check(out[2].shape.join() === '0,2', `normalizer shape ${out[2].shape}`);
    const g = crossEntropyPerSampleBackward(zeros([0], { device }), x, target, out[2]);
    check(g.shape.join() === '0,5', `gradient shape ${g.shape}`);
  },
  'errors in PyTorch words': (device) => {
    const x = zeros([3, 4], { device });
    const ints = (v: number[]) => tensor(v, { device, dtype: 'int32' });
    expectThrows(
      () => crossEntropyPerSample(zeros([2, 3, 4], { device }), ints([0, 1])),
      'expected logits of shape [N, C]',
    );
    expectThrows(
      () => crossEntropyPerSample(x, tensor([0, 1, 2], { device, dtype: 'float32' })),
      'class indices with dtype int64 or int32, got float32',
    );
    expectThrows(
      () => crossEntropyPerSample(x, ints([0, 1])),
      'Expected input batch_size (3) to match target batch_size (2).',
    );
    expectThrows(
      () => crossEntropyPerSample(x, ints([0, 1, 2]), { weight: zeros([3], { device }) }),
      'weight tensor should be defined either for all 4 classes or no classes',
    );
    expectThrows(
      () => crossEntropyPerSample(x, ints([0, 1, 2]), { labelSmoothing: -0.1 }),
      'label_smoothing must be between 0.0 and 1.0',
    );
    if (getBackend(device).capabilities.syncRead) {
      expectThrows(() => crossEntropyPerSample(x, ints([0, 4, 1])), 'Target 4 is out of bounds.');
      expectThrows(
        () => crossEntropyPerSample(x, ints([0, -1, 1]), { ignoreIndex: 1 }),
        'Target -1 is out of bounds.',
      );
    }
  },
  'ops leave no temporaries behind': async (device) => {
    const setting = SETTINGS[3];
    const { x, target, options } = inputsOf(setting, device, 'float32');
    const strided = x.t().contiguous().t();
    const runs: [string, () => Tensor[]][] = [
      ['crossEntropyPerSample', () => crossEntropyPerSample(x, target, options)],
      ['crossEntropyPerSample strided logits', () => crossEntropyPerSample(strided, target, options)],
      [
        'crossEntropyPerSampleBackward',
        () => {
          const [loss, tw, normalizer] = crossEntropyPerSample(x, target, options);
          const g = crossEntropyPerSampleBackward(loss, x, target, normalizer, options);
          return [loss, tw, normalizer, g];
        },
      ],
    ];
    for (const [name, run] of runs) {
      for (const t of run()) t.dispose(); // warm-up
      await raiseDeviceErrors(device); // reads (and frees) the flags of device-side checks
      const before = memory(device).numTensors;
      for (const t of run()) t.dispose();
      await raiseDeviceErrors(device);
      const after = memory(device).numTensors;
      check(after <= before, `${name}: ${after - before} tensors left behind`);
    }
  },
});

export const lossCases: ConformanceCase[] = handCases;

// ---- gradients through autograd ----

/**
 * Backward through the fused op on the device, against the definition: the weighted mean, as
 * `nn.functional.crossEntropy` reduces.
 */
export function lossGradientCases(): ConformanceCase[] {
  return group('loss-grad', {
    'backward of the weighted mean matches the definition': async (device) => {
      check(autogradEngine() !== undefined, 'gradient cases need `@typetorch/autograd`');
      for (const setting of SETTINGS) {
        const { x, target, options } = inputsOf(setting, device, 'float32');
        x.requiresGrad_();
        const [loss, targetWeight, normalizer] = crossEntropyPerSample(x, target, options);
        check(loss.requiresGrad, 'loss requires grad');
        check(!targetWeight.requiresGrad && !normalizer.requiresGrad, 'only the loss requires grad');
        const ref = reference(setting);
        const total = ref.targetWeight.reduce((a, b) => a + b, 0);
        loss.sum().div(targetWeight.sum()).backward();
        const C = setting.logits[0].length;
        const want = ref.grad(ref.loss.map(() => 1 / total));
        await expectTensor(
          x.grad!,
          { shape: [setting.target.length, C], dtype: 'float32', data: want },
          { rtol: 1e-4, atol: 1e-5 },
          setting.label,
        );
      }
    },
    "a class weight that requires grad fails in backward, as PyTorch's nll_loss": (device) => {
      check(autogradEngine() !== undefined, 'gradient cases need `@typetorch/autograd`');
      const x = zeros([2, 3], { device }).requiresGrad_();
      const weight = tensor([1, 2, 3], { device, dtype: 'float32' }).requiresGrad_();
      const [loss] = crossEntropyPerSample(x, tensor([0, 2], { device, dtype: 'int32' }), { weight });
      expectThrows(() => loss.sum().backward(), "the derivative for 'weight' is not implemented");
    },
  });
}
