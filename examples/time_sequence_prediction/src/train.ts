/**
 * pytorch/examples time_sequence_prediction/train.py, ported line by line to typetorch (the version
 * PyTorch 1.13 shipped with, pytorch/examples bcb5667). Two LSTMCells and a linear layer learn the sine
 * waves of generate_sine_wave.ts with LBFGS, then predict 1000 steps of the future of three held-out
 * waves. Same model, optimizer, option (`--steps`) and printed lines. What differs, and why:
 *
 * - The data is read from `traindata.safetensors` (see generate_sine_wave.ts), not `traindata.pt`.
 * - `--device cpu|webgpu` is added (upstream runs on the CPU). The CPU runs in float64 as upstream;
 *   WebGPU has no float64 (WGSL has no such type), so there the model and data are float32.
 * - `--seed` is added (default 0, upstream's `np.random.seed(0)`, `torch.manual_seed(0)`).
 * - The figures are SVG (`predict%d.svg`), written by plot.ts, not matplotlib PDFs.
 * - Reading a value is asynchronous (`await loss.item()`), so the closure is async and
 *   `await optimizer.step(closure)`; `with torch.no_grad():` is `noGrad(...)`.
 */
import { noGrad } from '@typetorch/autograd';
import '@typetorch/backend-cpu';
import * as nn from '@typetorch/nn';
import { load } from '@typetorch/nn/node';
import * as optim from '@typetorch/optim';
import type { Tensor } from '@typetorch/tensor';
import * as torch from '@typetorch/tensor';
import { sl } from '@typetorch/tensor';
import { Command, InvalidArgumentError, Option } from 'commander';
import { figure, savefig } from './plot.js';

export class Sequence extends nn.Module {
  lstm1 = new nn.LSTMCell(1, 51);
  lstm2 = new nn.LSTMCell(51, 51);
  linear = new nn.Linear(51, 1);

  forward(input: Tensor, future = 0): Tensor {
    let outputs: Tensor[] = [];
    // upstream: dtype=torch.double; here the input's dtype (float64, or float32 on WebGPU) and device
    const options = { dtype: input.dtype, device: input.device };
    let hT = torch.zeros(input.size(0), 51, options);
    let cT = torch.zeros(input.size(0), 51, options);
    let hT2 = torch.zeros(input.size(0), 51, options);
    let cT2 = torch.zeros(input.size(0), 51, options);

    let output = hT; // assigned in the loop (upstream's `output` is defined by it)
    for (const inputT of input.split(1, { dim: 1 })) {
      [hT, cT] = this.lstm1.forward(inputT, [hT, cT]);
      [hT2, cT2] = this.lstm2.forward(hT, [hT2, cT2]);
      output = this.linear.forward(hT2);
      outputs = [...outputs, output];
    }
    for (let i = 0; i < future; i++) {
      // if we should predict the future
      [hT, cT] = this.lstm1.forward(output, [hT, cT]);
      [hT2, cT2] = this.lstm2.forward(hT, [hT2, cT2]);
      output = this.linear.forward(hT2);
      outputs = [...outputs, output];
    }
    return torch.cat(outputs, { dim: 1 });
  }
}

/** The parsed command line (upstream's `opt`, plus the device, the seed and the data file). */
export interface Opt {
  steps: number;
  device: 'cpu' | 'webgpu';
  seed: number;
  data: string;
}

type Log = (...values: unknown[]) => void;

/** Python's `repr(float)`: the shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const [m, e] = Math.abs(x).toExponential().split('e');
  const digits = m.replace('.', '');
  const exp = Number(e);
  if (exp < -4 || exp >= 16) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  return `${sign}${int}.${digits.slice(exp + 1) || '0'}`;
}

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

/** Upstream's argparse option, and typetorch's additions. */
export function parseArgs(argv: readonly string[]): Opt {
  const parser = new Command('train')
    .description('typetorch time sequence prediction (pytorch/examples time_sequence_prediction/train.py)')
    .option('--steps <STEPS>', 'steps to run', int, 15)
    .addOption(
      new Option('--device <device>', 'device to train on (default: cpu)')
        .choices(['cpu', 'webgpu'])
        .default('cpu'),
    )
    .option('--seed <S>', 'random seed (default: 0, as upstream)', int, 0)
    .option('--data <FILE>', 'the sine waves of generate_sine_wave', 'traindata.safetensors')
    .exitOverride();
  parser.parse(argv, { from: 'user' });
  return parser.opts<Opt>();
}

/** What a run returns (upstream only prints it): the losses of every closure call and step's test. */
export interface Result {
  losses: number[][];
  testLosses: number[];
}

/** Options of {@link run} beyond upstream's: the future length, where figures go, the logger. */
export interface RunOptions {
  future?: number;
  figures?: ((i: number) => string) | null;
  log?: (line: string) => void;
}

/** Upstream's `__main__` body, after the data is loaded: trains for `opt.steps` LBFGS steps. */
export async function run(
  opt: Opt,
  data: Tensor,
  device: string,
  runOptions: RunOptions = {},
): Promise<Result> {
  const { future = 1000, figures = (i: number) => `predict${i}.svg`, log = console.log } = runOptions;
  const dtype = device === 'webgpu' ? 'float32' : 'float64'; // WebGPU has no float64
  data = data.to({ device, dtype });
  const input = data.index('3:', ':-1');
  const target = data.index('3:', '1:');
  const testInput = data.index(':3', ':-1');
  const testTarget = data.index(':3', '1:');
  // build the model
  const seq = new Sequence().to(device);
  seq.to(dtype); // seq.double()
  const criterion = new nn.MSELoss();
  // use LBFGS as optimizer since we can load the whole data to train
  const optimizer = new optim.LBFGS(seq.parameters(), { lr: 0.8 });
  const result: Result = { losses: [], testLosses: [] };
  //begin to train
  for (let i = 0; i < opt.steps; i++) {
    log(`STEP:  ${i}`); // print('STEP: ', i)
    const losses: number[] = [];
    const closure = async () => {
      optimizer.zeroGrad();
      const out = seq.forward(input);
      const loss = criterion.forward(out, target);
      const value = Number(await loss.item());
      losses.push(value);
      log(`loss: ${pyFloat(value)}`); // print('loss:', loss.item())
      loss.backward();
      return loss;
    };
    await optimizer.step(closure);
    result.losses.push(losses);
    // begin to predict, no need to track gradient here
    const [pred, loss] = noGrad(() => {
      const pred = seq.forward(testInput, future);
      return [pred, criterion.forward(pred.index(':', sl(null, -future)), testTarget)] as const;
    });
    const testLoss = Number(await loss.item());
    result.testLosses.push(testLoss);
    log(`test loss: ${pyFloat(testLoss)}`);
    const y = await pred.detach().data();
    // draw the result
    if (figures !== null) await draw(figures(i), y, pred.size(1), input.size(1));
  }
  return result;
}

/** Upstream's plotting: the three test waves, input span solid, predicted future dotted. */
async function draw(path: string, y: ArrayLike<number>, width: number, n: number): Promise<void> {
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);
  const row = (r: number, a: number, b: number) => range(a, b).map((k) => y[r * width + k]);
  const lines = ['r', 'g', 'b'].flatMap((color, r) => [
    { xs: range(0, n), ys: row(r, 0, n), color, dotted: false },
    { xs: range(n, width), ys: row(r, n, width), color, dotted: true },
  ]);
  const title = 'Predict future values for time sequences\n(Dashlines are predicted values)';
  await savefig(path, figure(title, 'x', 'y', lines));
}

export async function main(argv: readonly string[] = process.argv.slice(2), log: Log = console.log) {
  const opt = parseArgs(argv);
  let device = 'cpu';
  if (opt.device === 'webgpu') {
    const { initWebGPUNode } = await import('@typetorch/backend-webgpu/node');
    await initWebGPUNode();
    device = 'webgpu';
  }
  // set random seed to 0
  torch.manualSeed(opt.seed);
  // load data and make training set
  const { data } = await load(opt.data);
  if (data === undefined) throw new Error(`${opt.data} holds no tensor 'data': run generate_sine_wave first`);
  return run(opt, data, device, { log });
}

// Run when executed (`pnpm start`), not when imported by the tests.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main().catch((err: unknown) => {
    if ((err as { code?: string }).code?.startsWith('commander.')) process.exit(1);
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
