/**
 * Issue 18, item 3: values the CPU rejects must not give silent wrong results on WebGPU. Embedding
 * indices, class-index targets (nll_loss, cross_entropy, ignore_index) and binary cross entropy's
 * probabilities are checked on the device; the error surfaces, in the CPU's words, at the next read.
 */
import '@typetorch/autograd';
import '@typetorch/backend-cpu';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import * as nn from '@typetorch/nn';
import { F } from '@typetorch/nn';
import { randn, type Tensor, tensor } from '@typetorch/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { outcome } from './testing/nn-fixtures.js';

beforeAll(async () => {
  await initWebGPUNode();
});

const ints = (values: number[], device: string) => tensor(values, { dtype: 'int64' }).to(device);

async function expectSameError(run: (device: string) => Tensor, message: string | RegExp): Promise<void> {
  expect(() => run('cpu')).toThrow(message);
  const gpu = await outcome('webgpu', run);
  expect(gpu).toMatch(/^error /);
  expect(gpu.slice(6)).toMatch(message);
  // Once raised, the device is clean: the next read returns values.
  expect(await outcome('webgpu', () => tensor([1, 2]))).toBe('ok 1,2');
}

describe('Embedding', () => {
  it('an index past the table raises as on the CPU', async () => {
    const emb = new nn.Embedding(4, 3);
    const run = (device: string) => {
      emb.to(device);
      return emb.forward(ints([1, 4], device));
    };
    await expectSameError(run, 'index out of range in self');
  });
  it('a negative index raises as on the CPU (F.embedding)', async () => {
    const w = randn([4, 3]);
    const run = (device: string) => F.embedding(ints([-1, 0], device), w.to(device));
    await expectSameError(run, 'index out of range in self');
  });
});

describe('class-index targets', () => {
  const logits = randn([2, 10]);
  it('cross entropy with target 10 of 10 classes raises', async () => {
    await expectSameError(
      (device) => F.crossEntropy(logits.to(device), ints([3, 10], device)),
      'Target 10 is out of bounds.',
    );
  });
  it('cross entropy with target -1 raises', async () => {
    await expectSameError(
      (device) => F.crossEntropy(logits.to(device), ints([-1, 2], device)),
      'Target -1 is out of bounds.',
    );
  });
  it('nll_loss with target 10 raises', async () => {
    await expectSameError(
      (device) => F.nllLoss(logits.to(device).logSoftmax(1), ints([10, 2], device)),
      'Target 10 is out of bounds.',
    );
  });
  it('cross entropy on [N, C, d] names the offending target, as the CPU', async () => {
    const x = randn([2, 4, 3]);
    const target = [
      [0, 1, 5],
      [2, 0, 0],
    ];
    await expectSameError(
      (device) => F.crossEntropy(x.to(device), tensor(target, { dtype: 'int64' }).to(device)),
      'Target 5 is out of bounds.',
    );
  });
  it('an unbatched nll_loss target of -3 raises', async () => {
    const x = randn([4]).logSoftmax(0);
    await expectSameError(
      (device) => F.nllLoss(x.to(device), tensor(-3, { dtype: 'int64' }).to(device)),
      'Target -3 is out of bounds.',
    );
  });
  it('ignore_index is not out of bounds', async () => {
    const run = (device: string) =>
      F.crossEntropy(logits.to(device), ints([-1, 2], device), { ignoreIndex: -1 });
    const cpu = Array.from(run('cpu').dataSync());
    const gpu = await run('webgpu').data();
    expect(gpu[0]).toBeCloseTo(cpu[0], 5);
  });
});

describe('binary cross entropy', () => {
  it('input 1.5 raises', async () => {
    await expectSameError(
      (device) => F.binaryCrossEntropy(tensor([0.5, 1.5]).to(device), tensor([1, 0]).to(device)),
      'all elements of input should be between 0 and 1',
    );
  });
  it('BCELoss target -0.5 raises', async () => {
    await expectSameError(
      (device) => new nn.BCELoss().forward(tensor([0.5, 0.2]).to(device), tensor([1, -0.5]).to(device)),
      'all elements of target should be between 0 and 1',
    );
  });
});
