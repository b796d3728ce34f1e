/**
 * A tiny corpus for the tests (CPU and WebGPU): a few hundred lines of simple English built from a
 * fixed grammar, split into train, valid and test files in a new temporary directory.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SUBJECTS = ['the cat', 'a dog', 'the old man', 'my sister', 'the children', 'our teacher'];
const VERBS = ['saw', 'liked', 'found', 'followed', 'painted', 'heard'];
const OBJECTS = ['the red ball', 'a small house', 'the river', 'an apple', 'the garden', 'a letter'];
const ENDINGS = ['.', 'in the morning .', 'at night .', 'again .', 'with care .'];

/** Line `i` of the grammar: every combination in turn, deterministic. */
function line(i: number): string {
  const pick = <T>(xs: readonly T[], k: number) => xs[k % xs.length];
  return `${pick(SUBJECTS, i)} ${pick(VERBS, i * 7 + 1)} ${pick(OBJECTS, i * 5 + 2)} ${pick(ENDINGS, i * 3)}`;
}

/** Writes train.txt (`lines` lines), valid.txt and test.txt (`lines / 4` each); returns the directory. */
export function writeTinyCorpus(lines = 400): string {
  const dir = mkdtempSync(join(tmpdir(), 'wlm-'));
  const text = (from: number, n: number) =>
    `${Array.from({ length: n }, (_, k) => line(from + k)).join('\n')}\n`;
  writeFileSync(join(dir, 'train.txt'), text(0, lines));
  writeFileSync(join(dir, 'valid.txt'), text(lines, lines / 4));
  writeFileSync(join(dir, 'test.txt'), text(2 * lines, lines / 4));
  return dir;
}
