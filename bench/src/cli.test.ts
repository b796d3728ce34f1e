import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram, DEFAULT_OUT, parseOptions } from './cli.js';

/** A program whose output goes nowhere, so failing cases do not print during the tests. */
function quietProgram() {
  return createProgram().configureOutput({ writeOut: () => {}, writeErr: () => {} });
}

const parse = (argv: string[]) => parseOptions(argv, quietProgram());

describe('parseOptions', () => {
  it('defaults to the full run of everything', () => {
    expect(parse([])).toEqual({
      quick: false,
      out: DEFAULT_OUT,
      list: false,
      settle: true,
      fullEpoch: false,
    });
  });

  it('turns the idle wait off with --no-settle', () => {
    expect(parse(['--no-settle']).settle).toBe(false);
  });

  it('times whole epochs with --full-epoch', () => {
    expect(parse(['--full-epoch']).fullEpoch).toBe(true);
  });

  it('reads every option', () => {
    expect(
      parse([
        '--quick',
        '--only',
        'mlp-train,matmul-1024',
        '--systems',
        'typetorch,torch-t2',
        '--rounds',
        '4',
        '--out',
        'x.json',
      ]),
    ).toEqual({
      quick: true,
      only: ['mlp-train', 'matmul-1024'],
      systems: ['typetorch', 'torch-t2'],
      rounds: 4,
      out: 'x.json',
      list: false,
      settle: true,
      fullEpoch: false,
    });
  });

  it('accepts repeated list options and a leading -- (pnpm bench -- --quick)', () => {
    expect(parse(['--', '--only', 'cnn', '--only', 'mlp-infer']).only).toEqual(['cnn', 'mlp-infer']);
  });

  it('rejects unknown workloads and systems, naming the valid ones', () => {
    expect(() => parse(['--only', 'resnet'])).toThrow(/no workload matches "resnet".*mlp-train-32/);
    expect(() => parse(['--systems', 'typetorch,jax'])).toThrow(/unknown system "jax".*tfjs-wasm/);
    expect(() => parse(['--systems', 'tfjs-cpu,tfjs-cpu'])).toThrow(/listed twice/);
  });

  it('rejects bad numbers and unknown options through commander', () => {
    expect(() => parse(['--rounds', '0'])).toThrow(CommanderError);
    expect(() => parse(['--rounds', 'two'])).toThrow(/positive integer/);
    expect(() => parse(['--fast'])).toThrow(/unknown option/);
  });
});
