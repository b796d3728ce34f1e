// `--device webgpu` for a few batches (CI): the same port, on WebGPU (a software Vulkan driver here).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initWebGPUNode } from '@typetorch/backend-webgpu/node';
import { beforeAll, expect, it } from 'vitest';
import { Corpus } from './data.js';
import { generate } from './generate.js';
import { main } from './main.js';
import { writeTinyCorpus } from './testing.js';

beforeAll(async () => {
  await initWebGPUNode();
});

async function run(device: string, dir: string, extra: string[]) {
  const lines: string[] = [];
  const argv = ['--device', device, '--data', dir, '--emsize', '16', '--nhid', '16', '--epochs', '1'];
  argv.push(
    '--bptt',
    '10',
    '--batch_size',
    '4',
    '--log-interval',
    '5',
    '--save',
    join(dir, `${device}.safetensors`),
  );
  const result = await main([...argv, ...extra], (l) => lines.push(l));
  return { lines, ...result };
}

it('trains an LSTM and the Transformer on webgpu as on the cpu, and generates from them', async () => {
  const dir = writeTinyCorpus(60);
  const words = new Set(new Corpus(dir).dictionary.idx2word);
  for (const model of ['LSTM', 'Transformer']) {
    const extra = ['--model', model, '--lr', model === 'LSTM' ? '20' : '5'];
    const { lines, testLoss } = await run('webgpu', dir, extra);
    expect(lines[0]).toMatch(
      /^\| epoch {3}1 \| +5\/ +13 batches \| lr +\d+\.00 \| ms\/batch +\d+\.\d\d \| loss +\d+\.\d\d/,
    );
    expect(lines.at(-2)).toMatch(/^\| End of training \| test loss +\d\.\d\d \| test ppl +\d+\.\d\d$/);
    // The same seed gives the same weights and dropout masks on both devices (Philox).
    const cpu = await run('cpu', dir, extra);
    expect(Math.abs(testLoss - cpu.testLoss)).toBeLessThan(1e-2 * cpu.testLoss);
    const outf = join(dir, `generated-${model}.txt`);
    const argv = ['--device', 'webgpu', '--data', dir, '--checkpoint', join(dir, 'webgpu.safetensors')];
    await generate([...argv, '--outf', outf, '--words', '25'], () => {});
    const text = readFileSync(outf, 'utf8').split(/\s+/).filter(Boolean);
    expect(text).toHaveLength(25);
    for (const w of text) expect(words.has(w)).toBe(true);
  }
}, 300_000);
