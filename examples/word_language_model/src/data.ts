/**
 * pytorch/examples word_language_model/data.py, ported line by line: a word dictionary and a corpus
 * read from `train.txt`, `valid.txt` and `test.txt` in a directory (wikitext-2's layout), each line
 * split on whitespace with `<eos>` appended.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@typetorch/tensor';
import * as torch from '@typetorch/tensor';

/** Words and their indices, in the order first seen (upstream: `data.Dictionary`). */
export class Dictionary {
  word2idx = new Map<string, number>();
  idx2word: string[] = [];

  /** Adds `word` if new; returns its index (upstream: `add_word`). */
  addWord(word: string): number {
    if (!this.word2idx.has(word)) {
      this.idx2word.push(word);
      this.word2idx.set(word, this.idx2word.length - 1);
    }
    return this.word2idx.get(word) as number;
  }

  /** The number of words (upstream: `len(dictionary)`). */
  get length(): number {
    return this.idx2word.length;
  }
}

/** The lines of a text file as Python's `for line in f` gives them, with `line.split()` applied. */
function lineWords(path: string): string[][] {
  const lines = readFileSync(path, 'utf8').split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop(); // a final newline ends the last line, it does not start one
  return lines.map((line) => line.split(/\s+/).filter((w) => w.length > 0));
}

/** The three splits as 1-D int64 tensors of word indices (upstream: `data.Corpus(path)`). */
export class Corpus {
  dictionary = new Dictionary();
  train: Tensor;
  valid: Tensor;
  test: Tensor;

  constructor(path: string) {
    this.train = this.tokenize(join(path, 'train.txt'));
    this.valid = this.tokenize(join(path, 'valid.txt'));
    this.test = this.tokenize(join(path, 'test.txt'));
  }

  /** Tokenizes a text file. */
  tokenize(path: string): Tensor {
    if (!existsSync(path)) throw new Error(`AssertionError: no such file: ${path}`);
    const lines = lineWords(path);
    // Add words to the dictionary
    for (const line of lines) {
      const words = [...line, '<eos>'];
      for (const word of words) this.dictionary.addWord(word);
    }

    // Tokenize file content (upstream builds one tensor per line and concatenates them)
    const ids: number[] = [];
    for (const line of lines) {
      const words = [...line, '<eos>'];
      for (const word of words) ids.push(this.dictionary.word2idx.get(word) as number);
    }
    return torch.tensor(ids, { dtype: 'int64' });
  }
}
