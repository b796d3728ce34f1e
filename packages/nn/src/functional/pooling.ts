/**
 * 2-D pooling (PyTorch: `torch.nn.functional.max_pool2d`, `avg_pool2d`, `adaptive_avg_pool2d`). The ops
 * live in `@typetorch/tensor`; these are their `F.` names. `F.maxPool2d(x, k, { returnIndices: true })`
 * returns `[output, indices]`, as PyTorch's tuple.
 */
export {
  type AvgPool2dOptions,
  adaptiveAvgPool2d,
  avgPool2d,
  type MaxPool2dOptions,
  maxPool2d,
} from '@typetorch/tensor';
