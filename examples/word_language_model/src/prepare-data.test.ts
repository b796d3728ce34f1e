// The Brown Corpus -> wikitext-2 style files, on two small made-up samples in the corpus's format.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { brownSentences, prepare, splitOf } from './prepare-data.js';

it('drops the tags, keeps one sentence a line, and splits samples 8:1:1 with <unk> for rare words', () => {
  expect(brownSentences('\n\n\tThe/at jury/nn said/vbd ``/`` 1/2/cd ./.\n\n\tIt/pps is/bez ./.\n')).toEqual([
    ['The', 'jury', 'said', '``', '1/2', '.'],
    ['It', 'is', '.'],
  ]);
  expect(Array.from({ length: 20 }, (_, i) => splitOf(i)).join('')).toBe('00000000120000000012');
  const brown = mkdtempSync(join(tmpdir(), 'brown-'));
  for (let i = 0; i < 10; i++) {
    const name = `c${'ab'[i % 2]}${String(i + 1).padStart(2, '0')}`;
    writeFileSync(join(brown, name), `\n\n\tThe/at cat/nn ${i}/cd sat/vbd ./.\n`);
  }
  writeFileSync(join(brown, 'cats.txt'), 'ca01 news\n');
  const out = join(brown, 'out');
  expect(prepare({ brown, out, every: 1, vocabSize: 5 })).toEqual({ train: 40, valid: 5, test: 5 });
  const train = readFileSync(join(out, 'train.txt'), 'utf8').split('\n');
  expect(train[0]).toBe('The cat <unk> sat .');
  expect(train).toHaveLength(9); // 8 lines and the final newline
  expect(readFileSync(join(out, 'test.txt'), 'utf8')).toBe('The cat <unk> sat .\n');
});
