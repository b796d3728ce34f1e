// Drifted versions: the newest tensor beside older backend-cpu/autograd/nn. With a forced duplicate
// (an older tensor nested under backend-cpu), the backend registers through the other copy; the
// shared registry must still find it, and tensor warns naming both versions (on stderr).
import '@typetorch/autograd';
import '@typetorch/backend-cpu';
import * as nn from '@typetorch/nn';
import { tensor, version } from '@typetorch/tensor';

const model = new nn.Linear(2, 1);
const x = tensor(
  [
    [1, 2],
    [3, 4],
  ],
  { dtype: 'float32' },
);
const loss = model.forward(x).pow(2).mean();
loss.backward();
const grad = await model.weight.grad.toArray();
const product = await x.matmul(x).toArray();
console.log(`RESULT ${JSON.stringify({ version, product, gradShape: [grad.length, grad[0].length] })}`);
if (JSON.stringify(product) !== '[[7,10],[15,22]]') throw new Error(`matmul: ${JSON.stringify(product)}`);
