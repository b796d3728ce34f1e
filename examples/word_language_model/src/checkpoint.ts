/**
 * The checkpoint of `--save` and generate.ts's `--checkpoint`: upstream pickles the whole module
 * (`torch.save(model, f)`); here the state dict is saved as safetensors (PyTorch names, loadable with
 * `safetensors.torch.load_file`) with the model's constructor arguments in the file's metadata, so
 * `loadModel` can rebuild the module without the training command line.
 */
import { readFile } from 'node:fs/promises';
import * as nn from '@typetorch/nn';
import { loadInto, save } from '@typetorch/nn/node';
import type { Args } from './args.js';
import { RNNModel } from './model.js';
import { TransformerModel } from './transformer.js';

type Settings = Pick<Args, 'model' | 'emsize' | 'nhid' | 'nlayers' | 'dropout' | 'tied' | 'nhead'> & {
  ntokens: number;
};

/** Saves `model`'s state dict to `path` with the settings that rebuild it (upstream: `torch.save(model, f)`). */
export async function saveModel(model: RNNModel | TransformerModel, args: Args, path: string): Promise<void> {
  const ntokens = model.encoder.numEmbeddings;
  const settings: Settings = {
    model: args.model,
    emsize: args.emsize,
    nhid: args.nhid,
    nlayers: args.nlayers,
    dropout: args.dropout,
    tied: args.tied,
    nhead: args.nhead,
    ntokens,
  };
  await save(model.stateDict(), path, { word_language_model: JSON.stringify(settings) });
}

/** Rebuilds and loads the model saved by {@link saveModel} (upstream: `torch.load(f)`), on `device`. */
export async function loadModel(path: string, device: string): Promise<RNNModel | TransformerModel> {
  const header = nn.parseHeader(await readFile(path));
  const text = header.metadata?.word_language_model;
  if (text === undefined)
    throw new Error(`${path}: not a word_language_model checkpoint (no settings in its metadata)`);
  const s = JSON.parse(text) as Settings;
  const model =
    s.model === 'Transformer'
      ? new TransformerModel(s.ntokens, s.emsize, s.nhead, s.nhid, s.nlayers, s.dropout)
      : new RNNModel(s.model, s.ntokens, s.emsize, s.nhid, s.nlayers, s.dropout, s.tied);
  model.to(device);
  await loadInto(model, path, { device });
  return model;
}
