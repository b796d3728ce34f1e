/**
 * pytorch/examples word_language_model/generate.py, ported line by line: samples `--words` words from
 * a model saved by main.ts (`--checkpoint`), each drawn from the model's distribution over the
 * dictionary sharpened or flattened by `--temperature`, and writes them to `--outf`, 20 words a line.
 * `--device cpu|webgpu` replaces `--cuda` and `--mps`; the checkpoint is main.ts's safetensors file.
 */
import { createWriteStream } from 'node:fs';
import { noGrad } from '@typetorch/autograd';
import '@typetorch/backend-cpu';
import type { Tensor } from '@typetorch/tensor';
import * as torch from '@typetorch/tensor';
import { Command } from 'commander';
import { deviceOption, float, int } from './args.js';
import { loadModel } from './checkpoint.js';
import { Corpus } from './data.js';
import { setupDevice } from './device.js';
import type { Hidden } from './model.js';
import { TransformerModel } from './transformer.js';

/** The parsed command line of generate.ts. */
export interface GenerateArgs {
  data: string;
  checkpoint: string;
  outf: string;
  words: number;
  seed: number;
  device: 'cpu' | 'webgpu';
  temperature: number;
  logInterval: number;
}

export function parseGenerateArgs(argv: readonly string[]): GenerateArgs {
  const parser = new Command('generate')
    .description('typetorch Wikitext-2 Language Model (pytorch/examples word_language_model/generate.py)')
    // Model parameters.
    .option('--data <data>', 'location of the data corpus', './data/wikitext-2')
    .option('--checkpoint <checkpoint>', 'model checkpoint to use', './model.safetensors')
    .option('--outf <outf>', 'output file for generated text', 'generated.txt')
    .option('--words <words>', 'number of words to generate', int, 1000)
    .option('--seed <seed>', 'random seed', int, 1111)
    .addOption(deviceOption())
    .option('--temperature <temperature>', 'temperature - higher will increase diversity', float, 1.0)
    .option('--log-interval <N>', 'reporting interval', int, 100)
    .exitOverride();
  parser.parse(argv, { from: 'user' });
  const args = parser.opts<GenerateArgs>();
  if (args.temperature < 1e-3) parser.error('--temperature has to be greater or equal 1e-3.');
  return args;
}

export async function generate(argv: readonly string[] = process.argv.slice(2), log = console.log) {
  const args = parseGenerateArgs(argv);
  // Set the random seed manually for reproducibility.
  torch.manualSeed(args.seed);
  const device = await setupDevice(args.device);

  const model = await loadModel(args.checkpoint, device);
  model.eval();

  const corpus = new Corpus(args.data);
  const ntokens = corpus.dictionary.length;

  const isTransformerModel = model instanceof TransformerModel && model.modelType === 'Transformer';
  let hidden: Hidden | null = null;
  if (!(model instanceof TransformerModel)) hidden = model.initHidden(1);
  let input = torch.randint(ntokens, [1, 1], { dtype: 'int64' }).to(device);

  const outf = createWriteStream(args.outf);
  await noGrad(async () => {
    // no tracking history
    for (let i = 0; i < args.words; i++) {
      let wordIdx: number;
      if (model instanceof TransformerModel) {
        const output = model.forward(input, false);
        const wordWeights = await output.select(0, -1).squeeze().div(args.temperature).exp().toAsync('cpu'); // .cpu()
        wordIdx = Number(await torch.multinomial(wordWeights, 1).item()); // [0]
        const wordTensor = torch.tensor([[wordIdx]], { dtype: 'int64' }).to(device);
        input = torch.cat([input, wordTensor], 0);
      } else {
        let output: Tensor;
        [output, hidden] = model.forward(input, hidden as Hidden);
        const wordWeights = await output.squeeze().div(args.temperature).exp().toAsync('cpu'); // .cpu()
        wordIdx = Number(await torch.multinomial(wordWeights, 1).item()); // [0]
        input.fill_(wordIdx);
      }

      const word = corpus.dictionary.idx2word[wordIdx];

      outf.write(word + (i % 20 === 19 ? '\n' : ' '));

      if (i % args.logInterval === 0) log(`| Generated ${i}/${args.words} words`);
    }
  });
  await new Promise<void>((resolve, reject) =>
    outf.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return { isTransformerModel };
}

// Run when executed (`pnpm generate`), not when imported by the tests.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  generate().catch((err: unknown) => {
    if ((err as { code?: string }).code?.startsWith('commander.')) process.exit(1);
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
