import v8 from 'node:v8';
import vm from 'node:vm';
import { memory, zeros } from '@typetorch/tensor';
import { expect, it } from 'vitest';
import './index.js';

// Expose V8's collector to this test only, to watch the FinalizationRegistry backstop work.
v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

it('frees the storage of tensors that were never disposed once they are garbage-collected', async () => {
  const before = memory('cpu');
  (() => {
    for (let i = 0; i < 10; i++) zeros([1000]).add(1);
  })();
  expect(memory('cpu').numStorages).toBe(before.numStorages + 20);
  for (let i = 0; i < 50 && memory('cpu').numStorages > before.numStorages; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(memory('cpu').numStorages).toBe(before.numStorages);
  expect(memory('cpu').numTensors).toBe(before.numTensors);
  expect(memory('cpu').numBytes).toBe(before.numBytes);
});
