/**
 * The pretrained model shipped with the page (public/pretrained-mlp.safetensors), so the drawing pad
 * works before anything is trained. The command line trained it: `pnpm --filter @typetorch/mnist-demo
 * pretrained` (the MLP, 3 epochs, seed 1); pretrained.test.ts checks the accuracy stated here against
 * the command line's `eval` of the file.
 */
import { percent } from './format.js';

/** Where the checkpoint is, relative to the page; its test accuracy (0..1) from `pnpm demo -- eval`. */
export const PRETRAINED = {
  file: 'pretrained-mlp.safetensors',
  accuracy: 0.9839,
  /** `ModelDescription.source` once loaded. */
  source: 'the pretrained model',
} as const;

/** "pretrained: 98.39% on MNIST's test set" */
export const PRETRAINED_LABEL = `pretrained: ${percent(PRETRAINED.accuracy, 2)} on MNIST's test set`;

/**
 * Fetches the checkpoint and hands its bytes to `load` (at most one fetch at a time); a failed fetch is
 * reported through `fail` in words.
 */
export class Pretrained {
  #fetching = false;

  constructor(
    private readonly load: (bytes: Uint8Array, name: string) => void,
    private readonly fail: (message: string) => void,
  ) {}

  async use(): Promise<void> {
    if (this.#fetching) return;
    this.#fetching = true;
    try {
      const url = new URL(PRETRAINED.file, document.baseURI);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      this.load(new Uint8Array(await response.arrayBuffer()), PRETRAINED.source);
    } catch (err) {
      this.fail(
        `The pretrained model could not be downloaded (${err instanceof Error ? err.message : String(err)}): train one instead.`,
      );
    } finally {
      this.#fetching = false;
    }
  }
}
