/**
 * The suite's command line (`pnpm bench [options]`), parsed with commander. `parseOptions` only
 * parses and validates; running is main.ts's job.
 */
import { Command, InvalidArgumentError } from 'commander';
import { parseSystemId } from './systems.js';
import { selectWorkloads, WORKLOADS } from './workloads.js';

export interface Options {
  quick: boolean;
  /** Workload id patterns (see `selectWorkloads`); undefined for all. */
  only?: string[];
  /** System ids, in table order; undefined for the default line-up. */
  systems?: string[];
  /** Overrides the number of rounds of the chosen budget. */
  rounds?: number;
  /** Where the JSON results go. */
  out: string;
  /** Print the workloads and systems and exit. */
  list: boolean;
  /** Wait for every child to go idle before each timed round (settle.ts); `--no-settle` turns it off. */
  settle: boolean;
  /** Time the whole epoch of the epoch workloads (mnist-example-epoch), not its first batches. */
  fullEpoch: boolean;
}

export const DEFAULT_OUT = 'bench/results/latest.json';

function commaList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new InvalidArgumentError('Expected a comma-separated list.');
  return [...(previous ?? []), ...items];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError('Must be a positive integer.');
  }
  return n;
}

export function createProgram(): Command {
  return new Command('bench')
    .description(
      'typetorch against TensorFlow.js (cpu, wasm) and PyTorch: matmul, MLP and CNN training and inference, ' +
        'interleaved in one run. Prints a table and writes the results as JSON.',
    )
    .option('--quick', 'fewer rounds and shorter warm-ups (a smoke run; noisier figures)', false)
    .option(
      '--only <workloads>',
      `run only these workloads (comma-separated; a prefix such as "mlp-train" picks all its batch sizes): ${WORKLOADS.map((w) => w.id).join(', ')}`,
      commaList,
    )
    .option(
      '--systems <systems>',
      'run only these systems, in this order (comma-separated): typetorch, typetorch-tN, typetorch-relaxed-tN, tfjs-cpu, tfjs-wasm, tfjs-wasm-tN, torch-tN',
      commaList,
    )
    .option('--rounds <n>', 'rounds per workload (default 5, or 3 with --quick)', positiveInt)
    .option('--out <file>', 'where to write the JSON results (relative to the repo root)', DEFAULT_OUT)
    .option('--list', 'list the workloads and systems and exit', false)
    .option(
      '--full-epoch',
      'time the whole MNIST example epoch (938 batches; default: the first 320, or 60 with --quick)',
      false,
    )
    .option(
      '--no-settle',
      "do not wait for the other children to go idle before each timed round (to measure their leftover work's effect)",
    )
    .showHelpAfterError();
}

/**
 * Parses user arguments (without `node` and the script). Throws commander's errors for bad options
 * and an Error naming the valid ids for an unknown workload or system. A leading `--` is dropped, so
 * `pnpm bench -- --quick` works like `pnpm bench --quick` (pnpm passes the separator on).
 */
export function parseOptions(argv: readonly string[], program: Command = createProgram()): Options {
  program.exitOverride();
  program.parse(argv[0] === '--' ? argv.slice(1) : [...argv], { from: 'user' });
  const raw = program.opts<{
    quick: boolean;
    only?: string[];
    systems?: string[];
    rounds?: number;
    out: string;
    list: boolean;
    settle: boolean;
    fullEpoch: boolean;
  }>();
  if (raw.only !== undefined) selectWorkloads(raw.only); // validates
  if (raw.systems !== undefined) {
    raw.systems.forEach(parseSystemId); // validates
    const seen = new Set<string>();
    for (const s of raw.systems) {
      if (seen.has(s)) throw new Error(`--systems: "${s}" is listed twice`);
      seen.add(s);
    }
  }
  const options: Options = {
    quick: raw.quick,
    out: raw.out,
    list: raw.list,
    settle: raw.settle,
    fullEpoch: raw.fullEpoch,
  };
  if (raw.only !== undefined) options.only = raw.only;
  if (raw.systems !== undefined) options.systems = raw.systems;
  if (raw.rounds !== undefined) options.rounds = raw.rounds;
  return options;
}
