// The browser bundle's entry for the training set: one SGD step of a small model on a TensorDataset.
import '@typetorch/autograd';
import '@typetorch/backend-cpu';
import { DataLoader, TensorDataset } from '@typetorch/data';
import * as nn from '@typetorch/nn';
import * as optim from '@typetorch/optim';
import { randn } from '@typetorch/tensor';

const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 1));
const optimizer = new optim.SGD(model.parameters(), { lr: 0.01 });
const criterion = new nn.MSELoss();
for (const [x, y] of new DataLoader(new TensorDataset(randn([8, 4]), randn([8, 1])), { batchSize: 4 })) {
  optimizer.zeroGrad();
  criterion.forward(model.forward(x), y).backward();
  optimizer.step();
}
