// The browser bundle's entry for tensor + backend-cpu: a small computation, as a page would run it.
import '@typetorch/backend-cpu';
import { tensor } from '@typetorch/tensor';

const a = tensor(
  [
    [1, 2],
    [3, 4],
  ],
  { dtype: 'float32' },
);
a.matmul(a)
  .sum()
  .item()
  .then((v) => console.log(v));
