/** Padding (PyTorch: `torch.nn.functional.pad`). */
import { cat, full, scope, type Tensor } from '@typetorch/tensor';

/** Options of {@link pad} (PyTorch: the arguments of `torch.nn.functional.pad` after `pad`). */
export interface PadOptions {
  /** Only `'constant'` is implemented. PyTorch: `mode`. */
  mode?: 'constant' | 'reflect' | 'replicate' | 'circular';
  /** Fill value of constant padding; default 0. PyTorch: `value`. */
  value?: number;
}

/**
 * Pads the last dims (PyTorch: `torch.nn.functional.pad(input, pad, mode='constant', value=0)`).
 * `pad` lists `(before, after)` pairs starting from the last dim: `[1, 1]` pads the last dim by one on
 * each side, `[1, 1, 2, 0]` also adds two rows before along the second-to-last. Negative amounts crop.
 */
export function pad(input: Tensor, pad: readonly number[], options: PadOptions = {}): Tensor {
  const mode = options.mode ?? 'constant';
  if (mode !== 'constant') {
    throw new RangeError(`pad(): mode '${mode}' is not implemented yet; only 'constant' padding is`);
  }
  if (pad.length % 2 !== 0)
    throw new RangeError(`Length of pad must be even but instead it equals ${pad.length}`);
  if (pad.length / 2 > input.ndim) {
    throw new RangeError(
      `Length of pad should be no more than twice the number of dimensions of the input. Pad length is ${pad.length} while the input has ${input.ndim} dimensions.`,
    );
  }
  for (let i = 0; i < pad.length / 2; i++) {
    const dim = input.ndim - 1 - i;
    if (input.shape[dim] + pad[2 * i] + pad[2 * i + 1] < 0) {
      throw new RangeError(
        `The input size ${input.shape[dim]}, plus negative padding ${pad[2 * i]} and ${pad[2 * i + 1]} resulted in a negative output size, which is invalid. Check dimension ${dim} of your input.`,
      );
    }
  }
  const value = options.value ?? 0;
  return scope(() => {
    let out = input;
    let copied = false;
    for (let i = 0; i < pad.length / 2; i++) {
      const dim = input.ndim - 1 - i;
      const [before, after] = [pad[2 * i], pad[2 * i + 1]];
      // Crop first (negative amounts), then concatenate constant blocks (positive amounts).
      const start = Math.max(0, -before);
      const length = out.shape[dim] - start - Math.max(0, -after);
      if (start > 0 || length < out.shape[dim]) out = out.narrow(dim, start, Math.max(0, length));
      const block = (size: number) => {
        const shape = [...out.shape];
        shape[dim] = size;
        return full(shape, value, { dtype: out.dtype, device: out.device });
      };
      const parts = [...(before > 0 ? [block(before)] : []), out, ...(after > 0 ? [block(after)] : [])];
      if (parts.length > 1) {
        out = cat(parts, dim);
        copied = true;
      }
    }
    // Cropping alone gives a view: copy it, as PyTorch's pad always returns a new tensor.
    return copied ? out : out.clone();
  });
}
