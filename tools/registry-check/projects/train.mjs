// The training set from the registry: data (a TensorDataset and a DataLoader), nn (Linear, MSELoss),
// autograd (backward) and optim (SGD) on the CPU backend. Fits y = 2x - 1; the loss must fall.
import '@typetorch/autograd';
import '@typetorch/backend-cpu';
import { DataLoader, TensorDataset } from '@typetorch/data';
import * as nn from '@typetorch/nn';
import * as optim from '@typetorch/optim';
import { manualSeed, tensor } from '@typetorch/tensor';

manualSeed(0);
const xs = [-1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5];
const x = tensor(
  xs.map((v) => [v]),
  { dtype: 'float32' },
);
const y = tensor(
  xs.map((v) => [2 * v - 1]),
  { dtype: 'float32' },
);
const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 4, shuffle: true });

const model = new nn.Linear(1, 1);
const criterion = new nn.MSELoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
const fullLoss = async () => criterion.forward(model.forward(x), y).item();

const losses = [await fullLoss()];
for (let epoch = 0; epoch < 20; epoch++) {
  for (const [bx, by] of loader) {
    optimizer.zeroGrad();
    const loss = criterion.forward(model.forward(bx), by);
    loss.backward();
    optimizer.step();
  }
  losses.push(await fullLoss());
}
console.log(`RESULT ${JSON.stringify({ first: losses[0], last: losses.at(-1), losses })}`);
if (!(losses.at(-1) < losses[0] / 10)) throw new Error(`the loss did not fall: ${losses.join(', ')}`);
