// The port runs as upstream's scripts do, for a few batches on a tiny corpus (CI); the full runs are in
// the README.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { Corpus } from './data.js';
import { generate, parseGenerateArgs } from './generate.js';
import { batchify, getBatch, main, parseArgs, repackageHidden } from './main.js';
import { RNNModel } from './model.js';
import { writeTinyCorpus } from './testing.js';
import { TransformerModel } from './transformer.js';

const EPOCH_LINE =
  /^\| end of epoch {3}\d \| time: +\d+\.\d\ds \| valid loss +\d+\.\d\d \| valid ppl +\d+\.\d\d$/;
const BATCH_LINE =
  /^\| epoch {3}\d \| +\d+\/ +\d+ batches \| lr \d+\.\d\d \| ms\/batch +\d+\.\d\d \| loss +\d+\.\d\d \| ppl +\d+\.\d\d$/;

/** Runs main.ts on the tiny corpus; returns the printed lines and the result. */
async function run(dir: string, extra: string[]) {
  const lines: string[] = [];
  const argv = ['--data', dir, '--emsize', '16', '--nhid', '16', '--epochs', '2', '--bptt', '10'];
  argv.push('--batch_size', '4', '--log-interval', '20', '--save', join(dir, 'model.safetensors'), ...extra);
  const result = await main(argv, (l) => lines.push(l));
  return { lines, ...result };
}

describe('examples/word_language_model (pytorch/examples word_language_model)', () => {
  it("takes upstream's options with upstream's defaults, and rejects ONNX export", () => {
    expect(parseArgs([])).toMatchObject({
      data: './data/wikitext-2',
      model: 'LSTM',
      emsize: 200,
      nhid: 200,
      nlayers: 2,
      lr: 20,
      clip: 0.25,
      epochs: 40,
      batchSize: 20,
      bptt: 35,
      dropout: 0.2,
      tied: false,
      seed: 1111,
      device: 'cpu',
      logInterval: 200,
      save: 'model.safetensors',
      onnxExport: '',
      nhead: 2,
      dryRun: false,
    });
    expect(parseArgs(['--model', 'GRU', '--tied', '--batch_size', '8']).batchSize).toBe(8);
    expect(() => parseArgs(['--model', 'CNN'])).toThrow(/Allowed choices are RNN_TANH, RNN_RELU, LSTM, GRU/);
    expect(() => parseArgs(['--onnx-export', 'm.onnx'])).toThrow(/no ONNX exporter/);
    expect(parseGenerateArgs([])).toMatchObject({
      checkpoint: './model.safetensors',
      words: 1000,
      temperature: 1,
    });
  });

  it('reads a corpus as data.py does: words in first-seen order, <eos> after each line', () => {
    const dir = writeTinyCorpus(8);
    writeFileSync(join(dir, 'train.txt'), 'a b  c\n\nb a\n');
    writeFileSync(join(dir, 'valid.txt'), 'c d');
    const corpus = new Corpus(dir);
    expect(corpus.dictionary.idx2word.slice(0, 5)).toEqual(['a', 'b', 'c', '<eos>', 'd']);
    expect(Array.from(corpus.train.dataSync())).toEqual([0, 1, 2, 3, 3, 1, 0, 3]);
    expect(Array.from(corpus.valid.dataSync())).toEqual([2, 4, 3]);
    expect(corpus.train.dtype).toBe('int64');
  });

  it("batchify and get_batch arrange the alphabet as upstream's comments draw it", () => {
    const alphabet = torch.arange(26, { dtype: 'int64' });
    const data = batchify(alphabet, 4, 'cpu');
    expect(data.shape).toEqual([6, 4]);
    expect(Array.from(data.select(1, 1).dataSync())).toEqual([6, 7, 8, 9, 10, 11]); // g h i j k l
    const [x, y] = getBatch({ ...parseArgs([]), bptt: 2 }, data, 0);
    expect(Array.from(x.dataSync())).toEqual([0, 6, 12, 18, 1, 7, 13, 19]);
    expect(Array.from(y.dataSync())).toEqual([1, 7, 13, 19, 2, 8, 14, 20]);
    const [, last] = getBatch({ ...parseArgs([]), bptt: 4 }, data, 4);
    expect(last.shape).toEqual([4]); // min(bptt, len - 1 - i) rows
    const h = torch.zeros([1], { requiresGrad: true }).mul(2);
    expect((repackageHidden([h, h]) as torch.Tensor[])[0].requiresGrad).toBe(false);
  });

  it("prints as PyTorch's print(model), with PyTorch's state-dict names", () => {
    const lstm = new RNNModel('LSTM', 100, 16, 16, 2, 0.2, true);
    expect(lstm.toString()).toBe(
      [
        'RNNModel(',
        '  (drop): Dropout(p=0.2, inplace=False)',
        '  (encoder): Embedding(100, 16)',
        '  (rnn): LSTM(16, 16, num_layers=2, dropout=0.2)',
        '  (decoder): Linear(in_features=16, out_features=100, bias=True)',
        ')',
      ].join('\n'),
    );
    expect(lstm.decoder.weight).toBe(lstm.encoder.weight);
    expect(Object.keys(new RNNModel('GRU', 100, 16, 16, 2, 0.2, true).stateDict())).toEqual([
      'encoder.weight',
      ...['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'].map((k) => `rnn.${k}`),
      ...['weight_ih_l1', 'weight_hh_l1', 'bias_ih_l1', 'bias_hh_l1'].map((k) => `rnn.${k}`),
      'decoder.weight',
      'decoder.bias',
    ]);
    expect(() => new RNNModel('LSTM', 100, 16, 8, 2, 0.2, true)).toThrow(/nhid must be equal to emsize/);
    expect(() => new RNNModel('CNN', 100, 16, 16, 2)).toThrow(/An invalid option for `--model`/);
  });
});

describe('examples/word_language_model: training and generating', () => {
  it('trains an LSTM for two epochs: loss falls, lines as upstream, best model saved and tested', async () => {
    const dir = writeTinyCorpus();
    const { lines, bestValLoss, testLoss } = await run(dir, ['--lr', '5']);
    const batchLines = lines.filter((l) => l.startsWith('| epoch '));
    expect(batchLines.length).toBeGreaterThanOrEqual(4); // 91 batches an epoch, a line every 20
    for (const l of batchLines) expect(l).toMatch(BATCH_LINE);
    expect(lines[0]).toMatch(/^\| epoch {3}1 \| +20\/ +91 batches \| lr 5\.00 \|/);
    expect(lines.filter((l) => EPOCH_LINE.test(l))).toHaveLength(2);
    expect(lines.at(-2)).toMatch(/^\| End of training \| test loss +\d\.\d\d \| test ppl +\d+\.\d\d$/);
    expect(lines.at(-1)).toBe('='.repeat(89));
    const ntokens = new Corpus(dir).dictionary.length;
    // Uniform would be log(ntokens) = 3.56; upstream's main.py with the same options reached a test
    // loss of 1.47 (validation 2.80, 1.38) on this corpus.
    expect(bestValLoss).toBeLessThan(2.5);
    expect(testLoss).toBeLessThan(2.5);
    expect(ntokens).toBe(35);
  }, 120_000);

  it('trains a GRU with tied weights and an RNN_TANH (--dry-run: one batch an epoch)', async () => {
    const dir = writeTinyCorpus();
    const gru = await run(dir, ['--model', 'GRU', '--tied']);
    expect(Number.isFinite(gru.testLoss)).toBe(true);
    const rnn = await run(dir, ['--model', 'RNN_TANH', '--dry-run']);
    expect(rnn.lines.filter((l) => EPOCH_LINE.test(l))).toHaveLength(2);
  }, 120_000);

  it('trains the Transformer with its causal mask', async () => {
    const model = new TransformerModel(50, 16, 2, 32, 2, 0.2);
    expect(Object.keys(model.stateDict())[0]).toBe('pos_encoder.pe');
    expect(Array.from(model.generateSquareSubsequentMask(3).dataSync())).toEqual([
      0,
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0,
      0,
      Number.NEGATIVE_INFINITY,
      0,
      0,
      0,
    ]);
    const pe = Array.from(model.pos_encoder.pe.select(0, 3).select(0, 0).narrow(0, 0, 6).dataSync());
    const expected = [0.1411, -0.99, 0.8126, 0.5828, 0.2955, 0.9553]; // PyTorch's pe[3, 0, :6]
    for (const [i, v] of pe.entries()) expect(v).toBeCloseTo(expected[i], 4);
    const dir = writeTinyCorpus();
    const { testLoss } = await run(dir, ['--model', 'Transformer', '--nhid', '32', '--lr', '5']);
    expect(testLoss).toBeLessThan(Math.log(new Corpus(dir).dictionary.length) - 0.5);
  }, 120_000);

  it('generate.py: samples words from a saved LSTM and a saved Transformer into --outf', async () => {
    const dir = writeTinyCorpus();
    const words = new Set(new Corpus(dir).dictionary.idx2word);
    for (const model of ['LSTM', 'Transformer']) {
      await run(dir, ['--model', model, '--dry-run']);
      const outf = join(dir, `generated-${model}.txt`);
      const log: string[] = [];
      const argv = ['--data', dir, '--checkpoint', join(dir, 'model.safetensors'), '--outf', outf];
      await generate([...argv, '--words', '45', '--log-interval', '20'], (l) => log.push(l));
      expect(log).toEqual(['| Generated 0/45 words', '| Generated 20/45 words', '| Generated 40/45 words']);
      const text = readFileSync(outf, 'utf8');
      expect(text.split('\n').map((l) => l.split(' ').filter(Boolean).length)).toEqual([20, 20, 5]);
      for (const w of text.split(/\s+/).filter(Boolean)) expect(words.has(w)).toBe(true);
    }
  }, 120_000);
});
