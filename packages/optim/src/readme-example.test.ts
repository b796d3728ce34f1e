import { manualSeed, randn, type Tensor } from '@typetorch/tensor';
import '@typetorch/backend-cpu';
import * as nn from '@typetorch/nn';
import { expect, it } from 'vitest';
import * as optim from './index.js';

// The example at the top of the repository README, kept runnable.
it('the README example trains', () => {
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(3, 16), new nn.ReLU(), new nn.Linear(16, 1));
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });
  const lossFn = new nn.MSELoss();
  const x = randn([64, 3]);
  const y = x.sum(1, true);
  let first = 0;
  let last = 0;
  for (let step = 0; step < 200; step++) {
    optimizer.zeroGrad();
    const loss = lossFn.forward(model.forward(x) as Tensor, y);
    if (step === 0) first = loss.itemSync() as number;
    last = loss.itemSync() as number;
    loss.backward();
    optimizer.step();
  }
  expect(last).toBeLessThan(first / 20);
  expect(model.toString()).toBe(
    'Sequential(\n  (0): Linear(in_features=3, out_features=16, bias=True)\n  (1): ReLU()\n  (2): Linear(in_features=16, out_features=1, bias=True)\n)',
  );
});
