import { describe, expect, it } from 'vitest';
import { explainError } from './friendly-errors.js';

/** The messages the page really gets (from @typetorch/data, the checkpoint loader, the WebGPU backend). */
const MESSAGES = {
  html: '/nowhere/train-images-idx3-ubyte.gz: bad magic number 0x3c21646f, expected 0x00000803 (an IDX image file)',
  notIdx: 'train-images-idx3-ubyte: bad magic number 0x12345678, expected 0x00000803',
  wrongSize: 'train-images-idx3-ubyte: expected 47040016 bytes for 60000x28x28 images, got 1000',
  notFound:
    'train-images-idx3-ubyte.gz was not found: http://x/data/train-images-idx3-ubyte.gz (HTTP 404), http://x/data/train-images-idx3-ubyte (HTTP 404)',
  network: 'https://example.org/mnist/train-images-idx3-ubyte.gz: Failed to fetch',
  gzip: 'train-images-idx3-ubyte.gz: the gzip data is corrupt or truncated (unexpected end of file)',
  md5: 'train-images-idx3-ubyte.gz: checksum mismatch: md5 0123, expected f68b3c2dcbeaaa9fbdd348bbdeb94873',
  misfit:
    'the checkpoint cnn.safetensors does not fit the mlp model (it was saved from the cnn model):\nUnexpected key(s) in state_dict: "conv1.weight".',
  notSafetensors:
    'notes.txt is not a valid safetensors checkpoint: the header length is larger than the file',
  lost: 'matmul(): cannot run: webgpu: the device was lost (unknown): GPU process crashed',
  forbidden: 'https://example.org/mnist/t10k-labels-idx1-ubyte.gz: HTTP 403 Forbidden',
};

describe('explainError', () => {
  it('says that a data URL serving HTML returned a web page, and what to check', () => {
    const e = explainError(MESSAGES.html);
    expect(e.summary).toBe(
      'The data URL returned a web page instead of MNIST files: check ?data= in the address, or that data/mnist/ is deployed next to index.html.',
    );
    expect(e.detail).toBe(MESSAGES.html);
  });

  it.each([
    ['notIdx', /^The files at the data URL are not MNIST files/],
    ['wrongSize', /^The files at the data URL are not MNIST files/],
    ['notFound', /^The MNIST files were not found at the data URL \(HTTP 404\): check \?data=/],
    ['network', /^The MNIST files could not be downloaded: check your connection/],
    ['gzip', /^The MNIST files arrived damaged or incomplete/],
    ['md5', /^The MNIST files arrived damaged or incomplete/],
    ['misfit', /^This file is not a checkpoint of this page's models/],
    ['notSafetensors', /^This file is not a checkpoint of this page's models/],
    ['lost', /^The graphics device stopped working .*choose CPU in the Device list\.$/],
    ['forbidden', /^The server refused to send the MNIST files/],
  ] as const)('%s: a plain sentence with what to do, the original kept as detail', (key, summary) => {
    const e = explainError(MESSAGES[key]);
    expect(e.summary).toMatch(summary);
    expect(e.summary).not.toMatch(/0x|idx3|state_dict|webgpu:/);
    expect(e.detail).toBe(MESSAGES[key]);
  });

  it("passes the page's own messages through, as one sentence", () => {
    expect(explainError('reset or finish training before loading a checkpoint')).toEqual({
      summary: 'Reset or finish training before loading a checkpoint.',
      detail: 'reset or finish training before loading a checkpoint',
    });
    expect(explainError('cannot start training while paused\nmore').summary).toBe(
      'Cannot start training while paused.',
    );
  });
});
