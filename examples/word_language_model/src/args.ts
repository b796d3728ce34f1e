/** The command line of main.ts: upstream's argparse options, in its order, with the same flags. */
import { Command, InvalidArgumentError, Option } from 'commander';

/** The parsed command line (upstream's `args`, with camelCase properties). */
export interface Args {
  data: string;
  model: 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU' | 'Transformer';
  emsize: number;
  nhid: number;
  nlayers: number;
  lr: number;
  clip: number;
  epochs: number;
  batchSize: number;
  bptt: number;
  dropout: number;
  tied: boolean;
  seed: number;
  device: 'cpu' | 'webgpu';
  logInterval: number;
  save: string;
  onnxExport: string;
  nhead: number;
  dryRun: boolean;
}

export function int(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

export function float(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

/** `--device cpu|webgpu`, replacing upstream's `--cuda` and `--mps`. */
export const deviceOption = () =>
  new Option('--device <device>', 'device to run on (default: cpu)')
    .choices(['cpu', 'webgpu'])
    .default('cpu');

export function parseArgs(argv: readonly string[]): Args {
  const parser = new Command('main')
    .description(
      'typetorch Wikitext-2 RNN/LSTM/GRU/Transformer Language Model (pytorch/examples word_language_model)',
    )
    .option('--data <data>', 'location of the data corpus', './data/wikitext-2')
    .addOption(
      new Option('--model <model>', 'type of network (RNN_TANH, RNN_RELU, LSTM, GRU, Transformer)')
        .choices(['RNN_TANH', 'RNN_RELU', 'LSTM', 'GRU', 'Transformer'])
        .default('LSTM'),
    )
    .option('--emsize <emsize>', 'size of word embeddings', int, 200)
    .option('--nhid <nhid>', 'number of hidden units per layer', int, 200)
    .option('--nlayers <nlayers>', 'number of layers', int, 2)
    .option('--lr <lr>', 'initial learning rate', float, 20)
    .option('--clip <clip>', 'gradient clipping', float, 0.25)
    .option('--epochs <epochs>', 'upper epoch limit', int, 40)
    .option('--batch_size <N>', 'batch size', int, 20)
    .option('--bptt <bptt>', 'sequence length', int, 35)
    .option('--dropout <dropout>', 'dropout applied to layers (0 = no dropout)', float, 0.2)
    .option('--tied', 'tie the word embedding and softmax weights', false)
    .option('--seed <seed>', 'random seed', int, 1111)
    .addOption(deviceOption())
    .option('--log-interval <N>', 'report interval', int, 200)
    .option('--save <save>', 'path to save the final model (safetensors)', 'model.safetensors')
    .option(
      '--onnx-export <onnx_export>',
      'path to export the final model in onnx format (not in typetorch)',
      '',
    )
    .option('--nhead <nhead>', 'the number of heads in the encoder/decoder of the transformer model', int, 2)
    .option('--dry-run', 'verify the code and the model', false)
    .exitOverride();
  parser.parse(argv, { from: 'user' });
  const opts = parser.opts<Omit<Args, 'batchSize'> & { batch_size: number }>();
  const { batch_size, ...rest } = opts;
  if (rest.onnxExport !== '') {
    throw new Error('--onnx-export: typetorch has no ONNX exporter; save with --save (safetensors) instead');
  }
  return { ...rest, batchSize: batch_size };
}
