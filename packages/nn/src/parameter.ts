/** A tensor that is a module parameter (PyTorch: `torch.nn.Parameter`). */
import { Tensor, untrack } from '@typetorch/tensor';

/**
 * A tensor that is a module parameter (PyTorch: `torch.nn.Parameter`). Assigning one to a field of
 * a {@link Module} registers it, so that `parameters()`, `stateDict()` and optimizers find it. It
 * requires grad by default and shares the storage of the tensor it wraps. It is a `Tensor` in every
 * other way: all of `Tensor`'s methods and properties (`grad`, `shape`, `data()`...) apply. A module
 * owns its parameters: no open `scope()` disposes them.
 */
export class Parameter extends Tensor {
  /**
   * Wraps `data` (sharing its storage) as a parameter; parameters require grad by default.
   * `new Parameter(torch.randn(3))` in PyTorch is `new Parameter(randn([3]))` here.
   */
  constructor(data: Tensor, requiresGrad = true) {
    super(data.storage, data.shape, data.strides, data.offset);
    // A module owns its parameters: no scope that happens to be open may dispose them.
    untrack(this);
    if (requiresGrad) this.requiresGrad = true;
  }
}
