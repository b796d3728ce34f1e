/**
 * Property-based tests of the argument parser (issue 18): for any argv, `parseCommandLine` either gives
 * a command whose options satisfy their invariants, or ends with exit code 0 (help) or 2 and a one-line
 * error: never a crash, never a stack trace. Nothing is run (no training, no files read). Bounded and
 * seeded: a few hundred argv arrays, the same ones on every run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ParsedCommand, parseCommandLine } from './cli.js';
import { DEVICE_NAMES } from './device.js';
import { DATASET_NAMES } from './inputs.js';
import { bufferIo } from './io.js';
import { MODEL_NAMES } from './models.js';
import { OPTIMIZER_NAMES, SCHEDULER_NAMES } from './train.js';

const WORDS = [
  ...['train', 'eval', 'summary', 'predict', 'help', '--', '-', '-h', '--help'],
  ...['--model', '--device', '--seed', '--json', '--dataset', '--data', '--epochs', '--batch-size'],
  ...['--test-batch-size', '--lr', '--optimizer', '--scheduler', '--no-normalize', '--limit'],
  ...['--iterations', '--save', '--preset', '--load', '--frobnicate', '--epochs=3', '--lr=1e-3'],
  ...['mlp', 'cnn', 'resnet', 'cpu', 'webgpu', 'mnist', 'fashion-mnist', 'adam', 'sgd', 'cosine'],
  ...['tutorial', '0', '1', '-1', '64', '1e30', '1e400', 'NaN', 'Infinity', '0x10', '1.5', ' 7 ', ''],
  ...['m.safetensors', 'digit.png', '/no/such/dir/x', '9007199254740993', '--seed=-5', '-e'],
];
const argvArb = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS) }, fc.string()), {
  maxLength: 8,
});

const positiveInt = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
const optional = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || ok(v);
const oneOf = (names: readonly string[]) => (v: unknown) => names.includes(v as string);
const nonEmptyString = (v: unknown) => typeof v === 'string' && v.length > 0;

/** The invariants of a parsed command's options. */
function checkParsed(parsed: ParsedCommand): void {
  const o = parsed.options ?? {};
  expect(typeof parsed.current).toBe('function');
  expect(oneOf(DEVICE_NAMES)(o.device)).toBe(true);
  expect(Number.isSafeInteger(o.seed)).toBe(true);
  expect(typeof o.json).toBe('boolean');
  const modelOk = oneOf(MODEL_NAMES);
  if (parsed.command === 'train' || parsed.command === 'summary') expect(modelOk(o.model)).toBe(true);
  else expect(optional(o.model, modelOk)).toBe(true);
  if (parsed.command === 'eval' || parsed.command === 'predict') expect(nonEmptyString(o.load)).toBe(true);
  if (parsed.command === 'predict') {
    expect(parsed.images?.length).toBeGreaterThan(0);
    expect(parsed.images?.every(nonEmptyString)).toBe(true);
  }
  if (parsed.command === 'train' || parsed.command === 'eval') {
    expect(oneOf(DATASET_NAMES)(o.dataset)).toBe(true);
    expect(optional(o.data, nonEmptyString)).toBe(true);
    expect(positiveInt(o.testBatchSize)).toBe(true);
  }
  if (parsed.command === 'train') {
    for (const name of ['epochs', 'limit', 'iterations']) expect(optional(o[name], positiveInt)).toBe(true);
    expect(positiveInt(o.batchSize)).toBe(true);
    expect(Number.isFinite(o.lr) && (o.lr as number) > 0).toBe(true);
    expect(oneOf(OPTIMIZER_NAMES)(o.optimizer)).toBe(true);
    expect(oneOf(SCHEDULER_NAMES)(o.scheduler)).toBe(true);
    expect(typeof o.normalize).toBe('boolean');
    expect(optional(o.save, nonEmptyString)).toBe(true);
    expect(optional(o.preset, oneOf(['tutorial']))).toBe(true);
  }
}

describe('the argument parser, on arbitrary argv', () => {
  it('gives valid options, or help and exit 0, or a one-line error and exit 2; never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(argvArb, async (argv) => {
        const io = bufferIo();
        const parsed = await parseCommandLine(argv, io);
        expect(io.stderr).not.toMatch(/^\s+at /m); // never a stack trace
        if (parsed === 2) {
          const lines = io.stderr.trimEnd().split('\n');
          expect(lines[0]).toMatch(/^error: /);
          expect(lines.slice(1)).toEqual(lines.length > 1 ? ['(run with --help for usage)'] : []);
          expect(io.stdout).toBe('');
        } else if (parsed === 0) {
          expect(io.stdout).toContain('Usage: typetorch-mnist');
        } else {
          expect(typeof parsed).toBe('object');
          checkParsed(parsed as ParsedCommand);
          expect(io.stdout + io.stderr).toBe('');
        }
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
});
