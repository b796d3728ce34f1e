/** Unit tests that need no data files: models, schedules, presets, the PNG preparation. */
import '@typetorch/backend-cpu';
import '@typetorch/autograd';
import { manualSeed, memory, randn, scope, tensor } from '@typetorch/tensor';
import { describe, expect, it, vi } from 'vitest';
import { applyPreset, resolveDefaults, type TrainCliOptions } from './cli.js';
import { CNN, countParameters, MLP } from './models.js';
import { mnistify } from './preprocess.js';
import { createOptimizer, createSchedule, evaluate, SCHEDULER_NAMES, train } from './train.js';

describe('models', () => {
  it('MLP and CNN map [N, 1, 28, 28] to [N, 10] logits', () => {
    manualSeed(0);
    for (const model of [new MLP(), new CNN()]) {
      scope(() => {
        expect(model.forward(randn([2, 1, 28, 28])).shape).toEqual([2, 10]);
      });
    }
    expect(countParameters(new MLP()).total).toBe(784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10);
  });
});

describe('schedules', () => {
  it.each(SCHEDULER_NAMES)('%s changes the learning rate as documented', (name) => {
    const model = new MLP();
    const optimizer = createOptimizer(model, name === 'onecycle' ? 'sgd' : 'adam', 0.1);
    const schedule = createSchedule(optimizer, name, 10);
    const lrs: number[] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      for (let step = 0; step < 5; step++) {
        lrs.push(optimizer.paramGroups[0].lr as number);
        schedule.afterStep();
      }
      schedule.afterEpoch();
    }
    if (name === 'none') expect(new Set(lrs).size).toBe(1);
    if (name === 'step') expect(lrs[5]).toBeCloseTo(0.07);
    if (name === 'cosine') expect(lrs[5]).toBeCloseTo(0.05);
    if (name === 'onecycle') expect(Math.max(...lrs)).toBeCloseTo(0.1, 2);
    optimizer.disposeState();
  });
});

describe('presets', () => {
  const base = (): TrainCliOptions => ({
    model: 'cnn',
    dataset: 'mnist',
    device: 'cpu',
    seed: 1,
    json: false,
    epochs: 1,
    batchSize: 64,
    testBatchSize: 1000,
    lr: 0.001,
    optimizer: 'sgd',
    scheduler: 'cosine',
    normalize: true,
    preset: 'tutorial',
  });

  it('tutorial: MLP, Adam lr 0.01, batch 128, 4000 iterations, inputs in [0, 1], no schedule', () => {
    const opts = base();
    applyPreset(opts, () => false);
    expect(opts).toMatchObject({
      model: 'mlp',
      optimizer: 'adam',
      lr: 0.01,
      batchSize: 128,
      iterations: 4000,
      scheduler: 'none',
      normalize: false,
    });
  });

  it('the default number of epochs depends on the model; a given one stays', () => {
    const cnn: TrainCliOptions = { ...base(), epochs: undefined, preset: undefined };
    resolveDefaults(cnn);
    expect(cnn.epochs).toBe(5);
    const mlp: TrainCliOptions = { ...base(), model: 'mlp', epochs: undefined, preset: undefined };
    resolveDefaults(mlp);
    expect(mlp.epochs).toBe(3);
    const given: TrainCliOptions = { ...base(), epochs: 7, preset: undefined };
    resolveDefaults(given);
    expect(given.epochs).toBe(7);
  });

  it('options given explicitly win over the preset', () => {
    const opts = base();
    applyPreset(opts, (name) => name === 'lr' || name === 'epochs' || name === 'normalize');
    expect(opts.lr).toBe(0.001);
    expect(opts.normalize).toBe(true);
    expect(opts.iterations).toBeUndefined();
    expect(opts.batchSize).toBe(128);
  });
});

describe('train on synthetic data', () => {
  it('learns a separable problem, memory stays flat over the steps', async () => {
    manualSeed(0);
    const n = 256;
    const images: number[][][] = [];
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      const label = i % 10;
      const img = Array.from({ length: 28 }, () => new Array<number>(28).fill(0));
      img[label * 2][label * 2] = 3; // one bright pixel per class
      images.push(img);
      labels.push(label);
    }
    const dataset = {
      length: n,
      getItem: (i: number): [ReturnType<typeof tensor>, number] => [
        tensor([images[i]], { dtype: 'float32' }),
        labels[i],
      ],
    };
    const model = new MLP();
    const counts: number[] = [];
    const result = await train(
      model,
      dataset,
      dataset,
      {
        epochs: 3,
        batchSize: 32,
        testBatchSize: 128,
        lr: 0.01,
        optimizer: 'adam',
        scheduler: 'none',
        seed: 0,
      },
      {
        onStep: (s) => {
          if (s.batch > 1) counts.push(memory('cpu').numTensors);
        },
      },
    );
    expect(counts.length).toBeGreaterThan(10);
    // Never above the first step's count (tensors left over by earlier tests may be collected meanwhile).
    expect(Math.max(...counts)).toBe(counts[0]);
    expect(result.epochs.at(-1)?.test.accuracy).toBe(1);
    expect((await evaluate(model, dataset, 100)).accuracy).toBe(1);
  });
});

describe('mnistify', () => {
  it('crops, scales the longer side to 20 px and centres by the centre of mass', () => {
    const width = 100;
    const height = 60;
    const data = new Float64Array(width * height).fill(255); // white paper
    for (let y = 10; y < 50; y++) for (let x = 5; x < 25; x++) data[y * width + x] = 0; // a black bar 20x40
    const out = mnistify({ width, height, data });
    let mass = 0;
    let mx = 0;
    let my = 0;
    let rows = 0;
    for (let y = 0; y < 28; y++) {
      let any = false;
      for (let x = 0; x < 28; x++) {
        const v = out.data[y * 28 + x];
        mass += v;
        mx += v * (x + 0.5);
        my += v * (y + 0.5);
        if (v > 128) any = true;
      }
      if (any) rows++;
    }
    expect(rows).toBe(20);
    expect(Math.abs(mx / mass - 14)).toBeLessThan(0.6);
    expect(Math.abs(my / mass - 14)).toBeLessThan(0.6);
  });
});

describe('train callbacks', () => {
  it('waits for a promise from onStep (a pause), and stops when it rejects, freeing the step state', async () => {
    manualSeed(0);
    const dataset = {
      length: 64,
      getItem: (i: number): [ReturnType<typeof tensor>, number] => [randn([1, 28, 28]), i % 10],
    };
    const model = new MLP();
    const seen: number[] = [];
    let secondsAtPause = 0;
    // A clock that only the pause moves: the check below does not depend on how fast steps run.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const run = train(
      model,
      dataset,
      dataset,
      { epochs: 2, batchSize: 8, testBatchSize: 64, lr: 0.01, optimizer: 'adam', scheduler: 'none', seed: 0 },
      {
        onStep: async (s) => {
          seen.push(s.batch);
          if (s.batch === 2) {
            await new Promise((resolve) => setTimeout(resolve, 10));
            clock += 60_000; // a minute-long pause
            secondsAtPause = s.seconds;
          }
          if (s.batch === 3) {
            // The pause is not training time.
            expect(s.seconds - secondsAtPause).toBe(0);
            throw new Error('reset');
          }
        },
      },
    );
    await expect(run)
      .rejects.toThrow('reset')
      .finally(() => now.mockRestore());
    expect(seen).toEqual([1, 2, 3]);
    // train's cleanup ran: the last step's gradients are gone.
    expect(model.parameters().every((p) => p.grad === null || p.grad.isDisposed)).toBe(true);
  });
});
