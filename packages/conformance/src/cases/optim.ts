/**
 * The fused optimizer step `adamStep_` (group `optim`): the backend's kernel (on devices that have it)
 * against the reference composition over several steps and option sets, non-contiguous tensors,
 * version counters, temporaries and errors. PyTorch's values are the fixtures of group `pytorch:optim`
 * (`scripts/generate_fixtures.py`).
 */
import {
  type AdamStepOptions,
  adamStep_,
  type DType,
  getBackend,
  memory,
  type Tensor,
  tensor,
  zeros,
} from '@typetorch/tensor';
import { check, expectTensor, expectThrows } from '../assert.js';
import { type ConformanceCase, group } from '../case.js';

const ADAM: Omit<AdamStepOptions, 'step'> = {
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0,
  decoupled: false,
  amsgrad: false,
  maximize: false,
};

const OPTION_SETS: [string, Partial<AdamStepOptions>][] = [
  ['Adam', {}],
  ['Adam lr 0.01, betas (0.8, 0.95), eps 1e-6', { lr: 0.01, beta1: 0.8, beta2: 0.95, eps: 1e-6 }],
  ['Adam weightDecay 0.1, amsgrad', { lr: 0.01, weightDecay: 0.1, amsgrad: true }],
  ['Adam maximize, amsgrad', { lr: 0.01, maximize: true, amsgrad: true }],
  ['AdamW', { weightDecay: 1e-2, decoupled: true }],
  [
    'AdamW weightDecay 0.3, amsgrad, maximize',
    { lr: 0.01, weightDecay: 0.3, decoupled: true, amsgrad: true, maximize: true },
  ],
];

/** Deterministic values in about [-2, 2], distinct per `seed` (no generator state is touched). */
function values(n: number, seed: number, scale = 1): number[] {
  return Array.from({ length: n }, (_, i) => scale * 2 * Math.sin(seed * 7.1 + i * 1.3 + 0.5));
}

interface AdamTensors {
  param: Tensor;
  expAvg: Tensor;
  expAvgSq: Tensor;
  max: Tensor | null;
}

/** A parameter `[rows, cols]` (or its transpose's view with `transposed`) and a fresh state. */
function fresh(device: string, dtype: DType, amsgrad: boolean, rows = 5, cols = 7, transposed = false) {
  const make = (data: number[]) => {
    const t = tensor(data, { device, dtype }).reshape([rows, cols]);
    // The same values stored column-major: a transposed view of a contiguous transpose.
    return transposed ? t.t().contiguous().t() : t;
  };
  const n = rows * cols;
  const zero = () => make(new Array<number>(n).fill(0));
  const state: AdamTensors = {
    param: make(values(n, 1)),
    expAvg: zero(),
    expAvgSq: zero(),
    max: amsgrad ? zero() : null,
  };
  const grads = [1, 0.01, 2, 0.5].map((scale, k) => make(values(n, k + 2, scale)));
  return { state, grads };
}

/** Runs `steps` Adam steps on `s` with gradients `grads`. */
function run(s: AdamTensors, grads: Tensor[], options: Omit<AdamStepOptions, 'step'>): void {
  grads.forEach((g, i) => {
    adamStep_(s.param, g, s.expAvg, s.expAvgSq, s.max, { ...options, step: i + 1 });
  });
}

async function expectSame(a: AdamTensors, b: AdamTensors, dtype: DType, label: string): Promise<void> {
  // float32: a few ulps apart (the kernel may round like PyTorch's fused multiply-adds, the composition
  // rounds products and sums separately), far below what a formula error would give.
  const tol = dtype === 'float32' ? { rtol: 1e-5, atol: 1e-6 } : { rtol: 1e-12, atol: 1e-14 };
  for (const key of ['param', 'expAvg', 'expAvgSq', 'max'] as const) {
    const want = b[key];
    if (want === null) continue;
    const data = Array.from(await want.data(), Number);
    await expectTensor(a[key]!, { shape: want.shape, dtype, data }, tol, `${label}: ${key}`);
  }
}

function dtypesOf(device: string): DType[] {
  return (['float32', 'float64'] as DType[]).filter((d) =>
    getBackend(device).capabilities.dtypes.includes(d),
  );
}

const handCases = group('optim', {
  'adamStep_: the fused kernel (where the device has it) equals the composition': async (device) => {
    for (const dtype of dtypesOf(device)) {
      for (const [label, o] of OPTION_SETS) {
        const options = { ...ADAM, ...o };
        const a = fresh(device, dtype, options.amsgrad);
        const b = fresh(device, dtype, options.amsgrad);
        run(a.state, a.grads, options);
        run(b.state, b.grads, { ...options, fused: false });
        await expectSame(a.state, b.state, dtype, `${label} ${dtype}`);
        const start = Array.from(await fresh(device, dtype, false).state.param.data(), Number);
        const trained = Array.from(await a.state.param.data(), Number);
        check(
          trained.some((v, i) => v !== start[i]),
          `${label} ${dtype}: the parameter did not change`,
        );
      }
    }
  },
  'adamStep_: non-contiguous tensors give the contiguous results': async (device) => {
    const options = { ...ADAM, lr: 0.01, weightDecay: 0.1, amsgrad: true };
    const a = fresh(device, 'float32', true);
    const b = fresh(device, 'float32', true, 5, 7, true);
    check(!b.state.param.isContiguous(), 'the transposed parameter is not contiguous');
    run(a.state, a.grads, options);
    run(b.state, b.grads, options);
    await expectSame(b.state, a.state, 'float32', 'transposed');
  },
  'adamStep_: bumps the versions of what it writes, not of grad': (device) => {
    for (const fused of [true, false]) {
      const { state, grads } = fresh(device, 'float32', true);
      const written = [state.param, state.expAvg, state.expAvgSq, state.max!];
      const before = written.map((t) => t.storage.version);
      const gradVersion = grads[0].storage.version;
      adamStep_(state.param, grads[0], state.expAvg, state.expAvgSq, state.max, {
        ...ADAM,
        amsgrad: true,
        step: 1,
        fused,
      });
      written.forEach((t, i) => {
        check(t.storage.version > before[i], `fused=${fused}: tensor ${i} kept version ${before[i]}`);
      });
      check(grads[0].storage.version === gradVersion, `fused=${fused}: grad's version changed`);
    }
  },
  'adamStep_: leaves no temporaries behind': (device) => {
    for (const fused of [true, false]) {
      for (const amsgrad of [false, true]) {
        const { state, grads } = fresh(device, 'float32', amsgrad);
        const options = { ...ADAM, weightDecay: 0.1, maximize: true, amsgrad, fused };
        run(state, grads.slice(0, 1), options); // warm-up
        const before = memory(device).numTensors;
        run(state, grads, options);
        const after = memory(device).numTensors;
        check(after <= before, `fused=${fused} amsgrad=${amsgrad}: ${after - before} tensors left behind`);
      }
    }
  },
  'adamStep_: an empty parameter': async (device) => {
    const [p, g, m, v] = [0, 1, 2, 3].map(() => zeros([0, 3], { device }));
    const out = adamStep_(p, g, m, v, null, { ...ADAM, step: 1 });
    check(out === p, 'returns the parameter');
    check((await p.data()).length === 0, 'still empty');
  },
  'adamStep_: errors': (device) => {
    const { state, grads } = fresh(device, 'float32', false);
    expectThrows(
      () =>
        adamStep_(state.param, grads[0], state.expAvg, state.expAvgSq, null, {
          ...ADAM,
          amsgrad: true,
          step: 1,
        }),
      'maxExpAvgSq must be a tensor exactly when amsgrad is true',
    );
    expectThrows(
      () =>
        adamStep_(state.param, zeros([7, 5], { device }), state.expAvg, state.expAvgSq, null, {
          ...ADAM,
          step: 1,
        }),
      "adamStep_(): grad must have the parameter's shape [5, 7], got [7, 5]",
    );
  },
});

export const optimCases: ConformanceCase[] = handCases;
