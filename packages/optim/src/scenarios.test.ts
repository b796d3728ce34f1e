/**
 * The training scenarios: whole training loops with @typetorch/nn layers, autograd and an
 * optimizer, checked by outcome (loss reached, accuracy reached). Each stays well under 20 s on a
 * two-core machine.
 */
import '@typetorch/backend-cpu';
import { noGrad } from '@typetorch/autograd';
import * as nn from '@typetorch/nn';
import { manualSeed, memory, randint, randn, scope, type Tensor, tensor } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { Adam, SGD } from './index.js';

describe('training scenarios', () => {
  it('linear regression: a 3-layer linear net fits y = cumulative sums of x with SGD (loss ~1e4 -> < 1)', () => {
    manualSeed(0);
    const x = randint(0, 100, [1000, 3]).float();
    // y0 = x0, y1 = x0 + x1, y2 = x0 + x1 + x2
    const y = x.matmul(
      tensor(
        [
          [1, 1, 1],
          [0, 1, 1],
          [0, 0, 1],
        ],
        { dtype: 'float32' },
      ),
    );
    const model = new nn.Sequential(new nn.Linear(3, 3), new nn.Linear(3, 3), new nn.Linear(3, 3));
    const criterion = new nn.MSELoss();
    const optimizer = new SGD(model.parameters(), { lr: 1e-5 });
    const losses: number[] = [];
    for (let step = 0; step < 5000; step++) {
      scope(() => {
        optimizer.zeroGrad();
        const loss = criterion.forward(model.forward(x) as Tensor, y);
        loss.backward();
        optimizer.step();
        if (step === 0 || step % 1000 === 999) losses.push(loss.itemSync() as number);
      });
    }
    const finalLoss = noGrad(() =>
      scope(() => criterion.forward(model.forward(x) as Tensor, y).itemSync() as number),
    );
    expect(losses[0]).toBeGreaterThan(1e3);
    expect(losses[0]).toBeLessThan(1e5);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
    expect(finalLoss).toBeLessThan(1);
  });

  it('binary classification: a ReLU MLP trained with Adam and BCE-with-logits exceeds 95% accuracy', () => {
    manualSeed(0);
    // Separable synthetic data: the label is which side of a fixed hyperplane a point lies on.
    const n = 1024;
    const x = randn([n, 10]);
    const direction = randn([10, 1]);
    const labels = x.matmul(direction).gt(0).float();
    const model = new nn.Sequential(
      new nn.Linear(10, 32),
      new nn.ReLU(),
      new nn.Linear(32, 64),
      new nn.ReLU(),
      new nn.Linear(64, 1),
    );
    const criterion = new nn.BCEWithLogitsLoss();
    const optimizer = new Adam(model.parameters(), { lr: 3e-4 });
    const accuracy = (): number =>
      noGrad(() =>
        scope(() => {
          model.eval();
          const predicted = (model.forward(x) as Tensor).gt(0).float();
          const acc = predicted.eq(labels).float().mean().itemSync() as number;
          model.train();
          return acc;
        }),
      );
    const before = accuracy();
    const batch = 64;
    let firstLoss = 0;
    let lastLoss = 0;
    const epochMemory: ReturnType<typeof memory>[] = [];
    for (let epoch = 0; epoch < 40; epoch++) {
      for (let start = 0; start < n; start += batch) {
        scope(() => {
          const xb = x.narrow(0, start, batch);
          const yb = labels.narrow(0, start, batch);
          optimizer.zeroGrad();
          const loss = criterion.forward(model.forward(xb) as Tensor, yb);
          loss.backward();
          optimizer.step();
          lastLoss = loss.itemSync() as number;
          if (epoch === 0 && start === 0) firstLoss = lastLoss;
        });
      }
      optimizer.zeroGrad();
      if (epoch === 0 || epoch === 39) epochMemory.push(memory('cpu'));
    }
    const after = accuracy();
    expect(before).toBeLessThan(0.9);
    expect(lastLoss).toBeLessThan(firstLoss);
    expect(after).toBeGreaterThan(0.95);
    // The training loop leaves nothing behind from one epoch to the next.
    expect(epochMemory[1]).toEqual(epochMemory[0]);
  });
});

describe('training scenarios in half precision', () => {
  it('float16: an MLP trains in half precision (SGD tracks float32; Adam needs eps 1e-4, 1e-8 is 0 in half)', async () => {
    const run = async (dtype: 'float32' | 'float16', optimizer: 'sgd' | 'adam', eps = 1e-8) => {
      manualSeed(0);
      const model = new nn.Sequential(new nn.Linear(20, 32), new nn.ReLU(), new nn.Linear(32, 5)).to(dtype);
      const x = randn([16, 20]).to(dtype);
      const y = randint(0, 5, [16], { dtype: 'int32' });
      const params = model.parameters();
      const opt = optimizer === 'sgd' ? new SGD(params, { lr: 0.1 }) : new Adam(params, { lr: 1e-2, eps });
      const criterion = new nn.CrossEntropyLoss();
      const losses: number[] = [];
      for (let step = 0; step < 20; step++) {
        losses.push(
          await scope(async () => {
            opt.zeroGrad();
            const loss = criterion.forward(model.forward(x) as Tensor, y);
            expect(loss.dtype).toBe(dtype);
            loss.backward();
            opt.step();
            return Number(await loss.item());
          }),
        );
      }
      return losses;
    };
    // SGD: half precision follows the float32 run to within its rounding.
    const half = await run('float16', 'sgd');
    const single = await run('float32', 'sgd');
    for (let i = 0; i < 20; i++) expect(Math.abs(half[i] - single[i])).toBeLessThan(0.01 * single[i]);
    expect(half[19]).toBeLessThan(half[0] * 0.7);
    // Adam: small second moments underflow in half, so it takes larger steps than in float32, but trains.
    const adam = await run('float16', 'adam', 1e-4);
    expect(adam.every((v, i) => Number.isFinite(v) && (i === 0 || v < adam[i - 1]))).toBe(true);
    expect(adam[19]).toBeLessThan(adam[0] / 5);
    // A dead unit's gradient and moments are exactly 0: with eps rounded to 0, Adam divides 0 by 0.
    expect((await run('float16', 'adam')).some(Number.isNaN)).toBe(true);
  });
});
