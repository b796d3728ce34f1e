/**
 * The Transformer half of pytorch/examples word_language_model/model.py, ported line by line:
 * `PositionalEncoding` and `TransformerModel` (kept in their own file here to keep files short).
 */
import * as nn from '@typetorch/nn';
import { functional as F } from '@typetorch/nn';
import type { Tensor } from '@typetorch/tensor';
import * as torch from '@typetorch/tensor';

/**
 * Inject some information about the relative or absolute position of the tokens in the sequence.
 * The positional encodings have the same dimension as the embeddings, so that the two can be summed.
 * Here, we use sine and cosine functions of different frequencies:
 * `PosEncoder(pos, 2i) = sin(pos / 10000^(2i / d_model))`,
 * `PosEncoder(pos, 2i+1) = cos(pos / 10000^(2i / d_model))`, where pos is the word position and i is
 * the embed idx.
 *
 * @param dModel the embed dim (required).
 * @param dropout the dropout value (default=0.1).
 * @param maxLen the max. length of the incoming sequence (default=5000).
 */
export class PositionalEncoding extends nn.Module {
  dropout: nn.Dropout;
  declare pe: Tensor;

  constructor(dModel: number, dropout = 0.1, maxLen = 5000) {
    super();
    this.dropout = new nn.Dropout(dropout);

    const position = torch.arange(0, maxLen, { dtype: 'float32' }).unsqueeze(1);
    const divTerm = torch
      .arange(0, dModel, 2)
      .float()
      .mul(-Math.log(10000.0) / dModel)
      .exp();
    // upstream: pe = zeros(max_len, d_model); pe[:, 0::2] = sin(position * div_term);
    // pe[:, 1::2] = cos(position * div_term): here sin and cos are interleaved by stacking them
    let pe = torch.stack([position.mul(divTerm).sin(), position.mul(divTerm).cos()], 2).view(maxLen, dModel);
    pe = pe.unsqueeze(0).transpose(0, 1).contiguous();
    this.registerBuffer('pe', pe);
  }

  /** `x`: `[sequence length, batch size, embed dim]`, and the output likewise. */
  forward(x: Tensor): Tensor {
    x = x.add(this.pe.narrow(0, 0, x.size(0)));
    return this.dropout.forward(x);
  }
}

/** Container module with an encoder, a recurrent or transformer module, and a decoder. */
export class TransformerModel extends nn.Module {
  readonly modelType = 'Transformer';
  srcMask: Tensor | null = null;
  pos_encoder: PositionalEncoding;
  transformer_encoder: nn.TransformerEncoder;
  encoder: nn.Embedding;
  readonly ninp: number;
  decoder: nn.Linear;

  constructor(ntoken: number, ninp: number, nhead: number, nhid: number, nlayers: number, dropout = 0.5) {
    super();
    this.pos_encoder = new PositionalEncoding(ninp, dropout);
    const encoderLayers = new nn.TransformerEncoderLayer(ninp, nhead, nhid, dropout);
    this.transformer_encoder = new nn.TransformerEncoder(encoderLayers, nlayers);
    this.encoder = new nn.Embedding(ntoken, ninp);
    this.ninp = ninp;
    this.decoder = new nn.Linear(ninp, ntoken);

    this.initWeights();
  }

  /** upstream: `_generate_square_subsequent_mask`: 0 on and below the diagonal, -inf above. */
  generateSquareSubsequentMask(sz: number): Tensor {
    const mask = torch.triu(torch.ones(sz, sz)).eq(1).transpose(0, 1);
    return mask.float().maskedFill(mask.eq(0), Number.NEGATIVE_INFINITY).maskedFill(mask.eq(1), 0.0);
  }

  /** upstream: `init_weights`. */
  initWeights(): void {
    const initrange = 0.1;
    nn.init.uniform_(this.encoder.weight, -initrange, initrange);
    nn.init.zeros_(this.decoder.bias as Tensor);
    nn.init.uniform_(this.decoder.weight, -initrange, initrange);
  }

  /** `[seq_len, batch]` word indices -> `[seq_len, batch, ntoken]` log-probabilities. */
  forward(src: Tensor, hasMask = true): Tensor {
    if (hasMask) {
      const device = src.device;
      if (this.srcMask === null || this.srcMask.size(0) !== src.size(0)) {
        const mask = this.generateSquareSubsequentMask(src.size(0)).to(device);
        this.srcMask = mask;
      }
    } else {
      this.srcMask = null;
    }

    src = this.encoder.forward(src).mul(Math.sqrt(this.ninp));
    src = this.pos_encoder.forward(src);
    let output = this.transformer_encoder.forward(src, this.srcMask);
    output = this.decoder.forward(output);
    return F.logSoftmax(output, { dim: -1 });
  }
}
