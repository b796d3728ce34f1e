/**
 * pytorch/examples word_language_model/model.py, ported line by line: `RNNModel` (an embedding, a
 * multi-layer RNN_TANH, RNN_RELU, LSTM or GRU, and a linear decoder whose weight can be tied to the
 * embedding's) and `TransformerModel` (an embedding, sinusoidal `PositionalEncoding`, a
 * `TransformerEncoder` with a causal mask, and a linear decoder).
 */
import * as nn from '@typetorch/nn';
import { functional as F } from '@typetorch/nn';
import type { Tensor } from '@typetorch/tensor';

/** The RNN types of `--model` (upstream's names). */
export type RNNType = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';
/** An RNN's hidden state: `h` alone, or LSTM's `(h, c)`. */
export type Hidden = Tensor | [Tensor, Tensor];

/** Container module with an encoder, a recurrent module, and a decoder. */
export class RNNModel extends nn.Module {
  readonly ntoken: number;
  drop: nn.Dropout;
  encoder: nn.Embedding;
  rnn: nn.RNN | nn.LSTM | nn.GRU;
  decoder: nn.Linear;
  readonly rnnType: RNNType;
  readonly nhid: number;
  readonly nlayers: number;

  constructor(
    rnnType: string,
    ntoken: number,
    ninp: number,
    nhid: number,
    nlayers: number,
    dropout = 0.5,
    tieWeights = false,
  ) {
    super();
    this.ntoken = ntoken;
    this.drop = new nn.Dropout(dropout);
    this.encoder = new nn.Embedding(ntoken, ninp);
    if (rnnType === 'LSTM' || rnnType === 'GRU') {
      // upstream: getattr(nn, rnn_type)(ninp, nhid, nlayers, dropout=dropout)
      const RNNClass = rnnType === 'LSTM' ? nn.LSTM : nn.GRU;
      this.rnn = new RNNClass(ninp, nhid, { numLayers: nlayers, dropout });
    } else {
      const nonlinearity = ({ RNN_TANH: 'tanh', RNN_RELU: 'relu' } as const)[rnnType as 'RNN_TANH'];
      if (nonlinearity === undefined) {
        throw new Error(`An invalid option for \`--model\` was supplied,
                                 options are ['LSTM', 'GRU', 'RNN_TANH' or 'RNN_RELU']`);
      }
      this.rnn = new nn.RNN(ninp, nhid, { numLayers: nlayers, nonlinearity, dropout });
    }
    this.decoder = new nn.Linear(nhid, ntoken);

    // Optionally tie weights as in:
    // "Using the Output Embedding to Improve Language Models" (Press & Wolf 2016)
    // https://arxiv.org/abs/1608.05859
    // and
    // "Tying Word Vectors and Word Classifiers: A Loss Framework for Language Modeling" (Inan et al. 2016)
    // https://arxiv.org/abs/1611.01462
    if (tieWeights) {
      if (nhid !== ninp) throw new Error('When using the tied flag, nhid must be equal to emsize');
      this.decoder.weight = this.encoder.weight;
    }

    this.initWeights();

    this.rnnType = rnnType as RNNType;
    this.nhid = nhid;
    this.nlayers = nlayers;
  }

  /** upstream: `init_weights`. */
  initWeights(): void {
    const initrange = 0.1;
    nn.init.uniform_(this.encoder.weight, -initrange, initrange);
    nn.init.zeros_(this.decoder.bias as Tensor);
    nn.init.uniform_(this.decoder.weight, -initrange, initrange);
  }

  /** `[seq_len, batch]` word indices -> `[seq_len * batch, ntoken]` log-probabilities, and the new hidden state. */
  forward(input: Tensor, hidden: Hidden): [Tensor, Hidden] {
    const emb = this.drop.forward(this.encoder.forward(input));
    let output: Tensor;
    if (this.rnn instanceof nn.LSTM) [output, hidden] = this.rnn.forward(emb, hidden as [Tensor, Tensor]);
    else [output, hidden] = this.rnn.forward(emb, hidden as Tensor);
    output = this.drop.forward(output);
    let decoded = this.decoder.forward(output);
    decoded = decoded.view(-1, this.ntoken);
    return [F.logSoftmax(decoded, { dim: 1 }), hidden];
  }

  /** Zero hidden state for a batch of `bsz` (upstream: `init_hidden`). */
  initHidden(bsz: number): Hidden {
    const weight = this.parameters()[0];
    if (this.rnnType === 'LSTM') {
      return [
        weight.newZeros([this.nlayers, bsz, this.nhid]),
        weight.newZeros([this.nlayers, bsz, this.nhid]),
      ];
    }
    return weight.newZeros([this.nlayers, bsz, this.nhid]);
  }
}
