/**
 * Convolution and its building blocks (PyTorch: `torch.nn.functional.conv2d`, `unfold`, `fold`).
 * The ops live in `@typetorch/tensor` (one dispatched op each, with a gradient, a CPU fast path and a
 * composition of core kernels for every other backend); these are their `F.` names.
 */
export {
  type Conv2dOptions,
  conv2d,
  fold,
  type Padding2d,
  type Size2d,
  type UnfoldOptions,
  unfold,
} from '@typetorch/tensor';
