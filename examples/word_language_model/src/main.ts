/**
 * pytorch/examples word_language_model/main.py, ported line by line to typetorch: the version PyTorch
 * 1.13 shipped with (pytorch/examples 35eb814, September 2022). A word-level language model (RNN_TANH,
 * RNN_RELU, LSTM, GRU or Transformer) trained with truncated backpropagation through time, gradient
 * clipping and a hand-written SGD update whose learning rate is divided by 4 whenever the validation
 * loss does not improve. Same options, functions and printed lines. What differs, and why:
 *
 * - `--device cpu|webgpu` replaces `--cuda` and `--mps` (typetorch's devices).
 * - `--save` writes a safetensors state dict with the model's settings in its metadata (default
 *   `model.safetensors`), where upstream pickles the whole module into `model.pt`.
 * - `--onnx-export` is rejected before training: typetorch has no ONNX exporter.
 * - `p.data.add_(p.grad, alpha=-lr)` is `p.add_(p.grad, { alpha: -lr })` under `noGrad` (typetorch
 *   tensors have no `.data`), and reading a value is asynchronous (`await loss.item()`).
 */
import { noGrad } from '@typetorch/autograd';
import '@typetorch/backend-cpu';
import * as nn from '@typetorch/nn';
import type { Tensor } from '@typetorch/tensor';
import * as torch from '@typetorch/tensor';
import { type Args, parseArgs } from './args.js';
import { loadModel, saveModel } from './checkpoint.js';
import { Corpus } from './data.js';
import { setupDevice } from './device.js';
import { type Hidden, RNNModel } from './model.js';
import { TransformerModel } from './transformer.js';

export { type Args, parseArgs } from './args.js';

type Log = (line: string) => void;
/** Either model of `--model`. */
export type LanguageModel = RNNModel | TransformerModel;

// Starting from sequential data, batchify arranges the dataset into columns.
// For instance, with the alphabet as the sequence and batch size 4, we'd get
// ┌ a g m s ┐
// │ b h n t │
// │ c i o u │
// │ d j p v │
// │ e k q w │
// └ f l r x ┘.
// These columns are treated as independent by the model, which means that the
// dependence of e. g. 'g' on 'f' can not be learned, but allows more efficient
// batch processing.

export function batchify(data: Tensor, bsz: number, device: string): Tensor {
  // Work out how cleanly we can divide the dataset into bsz parts.
  const nbatch = Math.floor(data.size(0) / bsz);
  // Trim off any extra elements that wouldn't cleanly fit (remainders).
  data = data.narrow(0, 0, nbatch * bsz);
  // Evenly divide the data across the bsz batches.
  data = data.view(bsz, -1).t().contiguous();
  return data.to(device);
}

export const evalBatchSize = 10;

/** Wraps hidden states in new Tensors, to detach them from their history. */
export function repackageHidden(h: Hidden): Hidden {
  if (!Array.isArray(h)) return h.detach();
  return [h[0].detach(), h[1].detach()];
}

// get_batch subdivides the source data into chunks of length args.bptt.
// If source is equal to the example output of the batchify function, with
// a bptt-limit of 2, we'd get the following two Variables for i = 0:
// ┌ a g m s ┐ ┌ b h n t ┐
// └ b h n t ┘ └ c i o u ┘
// Note that despite the name of the function, the subdivison of data is not
// done along the batch dimension (i.e. dimension 1), since that was handled
// by the batchify function. The chunks are along dimension 0, corresponding
// to the seq_len dimension in the LSTM.

export function getBatch(args: Args, source: Tensor, i: number): [Tensor, Tensor] {
  const seqLen = Math.min(args.bptt, source.size(0) - 1 - i);
  const data = source.narrow(0, i, seqLen);
  const target = source.narrow(0, i + 1, seqLen).reshape(-1); // upstream: .view(-1) of a contiguous slice
  return [data, target];
}

/** Runs `model` on one chunk: log-probabilities `[seq_len * batch, ntokens]` and the next hidden state. */
function step(
  model: LanguageModel,
  data: Tensor,
  hidden: Hidden | null,
  ntokens: number,
): [Tensor, Hidden | null] {
  if (model instanceof TransformerModel) return [model.forward(data).view(-1, ntokens), null];
  return model.forward(data, hidden as Hidden);
}

/** The average loss per token of `dataSource` (upstream: `evaluate(data_source)`). */
export async function evaluate(
  args: Args,
  model: LanguageModel,
  corpus: Corpus,
  dataSource: Tensor,
): Promise<number> {
  // Turn on evaluation mode which disables dropout.
  model.eval();
  let totalLoss = 0;
  const ntokens = corpus.dictionary.length;
  const criterion = new nn.NLLLoss();
  let hidden: Hidden | null = null;
  if (args.model !== 'Transformer') hidden = (model as RNNModel).initHidden(evalBatchSize);
  await noGrad(async () => {
    for (let i = 0; i < dataSource.size(0) - 1; i += args.bptt) {
      const [data, targets] = getBatch(args, dataSource, i);
      let output: Tensor;
      [output, hidden] = step(model, data, hidden, ntokens);
      if (hidden !== null) hidden = repackageHidden(hidden);
      totalLoss += data.size(0) * Number(await criterion.forward(output, targets).item());
    }
  });
  return totalLoss / (dataSource.size(0) - 1);
}

/** Python's `'{:Nd}'` and `'{:N.2f}'`. */
const d = (x: number, width: number) => String(x).padStart(width);
const f2 = (x: number, width: number) => x.toFixed(2).padStart(width);

/** One epoch over `trainData` with learning rate `lr` (upstream: `train()`, reading the globals). */
export async function train(
  args: Args,
  model: LanguageModel,
  corpus: Corpus,
  trainData: Tensor,
  lr: number,
  epoch: number,
  log: Log = console.log,
  interrupted: () => boolean = () => false,
): Promise<void> {
  // Turn on training mode which enables dropout.
  model.train();
  let totalLoss = 0;
  let startTime = performance.now();
  const ntokens = corpus.dictionary.length;
  const criterion = new nn.NLLLoss();
  let hidden: Hidden | null = null;
  if (args.model !== 'Transformer') hidden = (model as RNNModel).initHidden(args.batchSize);
  for (let batch = 0, i = 0; i < trainData.size(0) - 1; batch++, i += args.bptt) {
    if (interrupted()) throw new KeyboardInterrupt();
    const [data, targets] = getBatch(args, trainData, i);
    // Starting each batch, we detach the hidden state from how it was previously produced.
    // If we didn't, the model would try backpropagating all the way to start of the dataset.
    model.zeroGrad();
    if (hidden !== null) hidden = repackageHidden(hidden);
    let output: Tensor;
    [output, hidden] = step(model, data, hidden, ntokens);
    const loss = criterion.forward(output, targets);
    loss.backward();

    // `clip_grad_norm` helps prevent the exploding gradient problem in RNNs / LSTMs.
    nn.utils.clipGradNorm_(model.parameters(), args.clip);
    noGrad(() => {
      for (const p of model.parameters()) p.add_(p.grad as Tensor, { alpha: -lr });
    });

    totalLoss += Number(await loss.item());

    if (batch % args.logInterval === 0 && batch > 0) {
      const curLoss = totalLoss / args.logInterval;
      const elapsed = (performance.now() - startTime) / 1000;
      log(
        `| epoch ${d(epoch, 3)} | ${d(batch, 5)}/${d(Math.floor(trainData.size(0) / args.bptt), 5)} batches | lr ${f2(lr, 2)} | ms/batch ${f2((elapsed * 1000) / args.logInterval, 5)} | ` +
          `loss ${f2(curLoss, 5)} | ppl ${f2(Math.exp(curLoss), 8)}`,
      );
      totalLoss = 0;
      startTime = performance.now();
    }
    if (args.dryRun) break;
  }
}

/** Python's KeyboardInterrupt: Ctrl+C during training ends it early, as upstream's `try` does. */
export class KeyboardInterrupt extends Error {}

/** Builds the model of `--model` on `device`. */
export function buildModel(args: Args, ntokens: number, device: string): LanguageModel {
  if (args.model === 'Transformer') {
    return new TransformerModel(ntokens, args.emsize, args.nhead, args.nhid, args.nlayers, args.dropout).to(
      device,
    );
  }
  return new RNNModel(args.model, ntokens, args.emsize, args.nhid, args.nlayers, args.dropout, args.tied).to(
    device,
  );
}

/** The whole script; returns the best validation loss and the test loss. */
export async function main(argv: readonly string[] = process.argv.slice(2), log: Log = console.log) {
  const args = parseArgs(argv);

  // Set the random seed manually for reproducibility.
  torch.manualSeed(args.seed);
  const device = await setupDevice(args.device);

  // Load data
  const corpus = new Corpus(args.data);
  const trainData = batchify(corpus.train, args.batchSize, device);
  const valData = batchify(corpus.valid, evalBatchSize, device);
  const testData = batchify(corpus.test, evalBatchSize, device);

  // Build the model
  const ntokens = corpus.dictionary.length;
  let model = buildModel(args, ntokens, device);

  // Loop over epochs.
  let lr = args.lr;
  let bestValLoss: number | null = null;
  let sigint = false;
  const onSigint = () => {
    sigint = true;
  };
  process.on('SIGINT', onSigint);
  // At any point you can hit Ctrl + C to break out of training early.
  try {
    for (let epoch = 1; epoch < args.epochs + 1; epoch++) {
      const epochStartTime = performance.now();
      await train(args, model, corpus, trainData, lr, epoch, log, () => sigint);
      const valLoss = await evaluate(args, model, corpus, valData);
      log('-'.repeat(89));
      log(
        `| end of epoch ${d(epoch, 3)} | time: ${f2((performance.now() - epochStartTime) / 1000, 5)}s | valid loss ${f2(valLoss, 5)} | ` +
          `valid ppl ${f2(Math.exp(valLoss), 8)}`,
      );
      log('-'.repeat(89));
      // Save the model if the validation loss is the best we've seen so far.
      if (!bestValLoss || valLoss < bestValLoss) {
        await saveModel(model, args, args.save);
        bestValLoss = valLoss;
      } else {
        // Anneal the learning rate if no improvement has been seen in the validation dataset.
        lr /= 4.0;
      }
    }
  } catch (err) {
    if (!(err instanceof KeyboardInterrupt)) throw err;
    log('-'.repeat(89));
    log('Exiting from training early');
  } finally {
    process.off('SIGINT', onSigint);
  }

  // Load the best saved model.
  model = await loadModel(args.save, device);
  // (upstream calls model.rnn.flatten_parameters() here: typetorch's RNNs keep no flattened copy)

  // Run on test data.
  const testLoss = await evaluate(args, model, corpus, testData);
  log('='.repeat(89));
  log(`| End of training | test loss ${f2(testLoss, 5)} | test ppl ${f2(Math.exp(testLoss), 8)}`);
  log('='.repeat(89));
  return { bestValLoss, testLoss };
}

// Run when executed (`pnpm start`), not when imported by the tests.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main().catch((err: unknown) => {
    if ((err as { code?: string }).code?.startsWith('commander.')) process.exit(1);
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
