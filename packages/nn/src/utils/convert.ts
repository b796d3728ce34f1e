/**
 * Parameters as one flat vector and back (PyTorch: `torch.nn.utils.parameters_to_vector`,
 * `vector_to_parameters`), e.g. for second-order methods and evolution strategies.
 */
import { noGrad } from '@typetorch/autograd';
import { cat, type Tensor } from '@typetorch/tensor';

function checkSameDevice(op: string, params: readonly Tensor[]): void {
  const device = params[0]?.device;
  for (const p of params) {
    if (p.device !== device) {
      throw new TypeError(
        `${op}(): Found two parameters on different devices, this is currently not supported.`,
      );
    }
  }
}

/**
 * The parameters flattened and concatenated into one 1-D tensor (a copy; differentiable, as in
 * PyTorch: `torch.nn.utils.parameters_to_vector(parameters)`).
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  const params = [...parameters];
  checkSameDevice('parameters_to_vector', params);
  return cat(params.map((p) => p.reshape([-1])));
}

/**
 * Copies consecutive slices of the 1-D `vec` into the parameters, in order (PyTorch:
 * `torch.nn.utils.vector_to_parameters(vec, parameters)`, which writes `param.data`: not recorded by
 * autograd). `vec` must hold exactly as many elements as the parameters.
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (vec.ndim !== 1)
    throw new TypeError(`expected torch.Tensor of one dimension, but got ${vec.ndim} dimensions`);
  const params = [...parameters];
  checkSameDevice('vector_to_parameters', params);
  const total = params.reduce((n, p) => n + p.numel(), 0);
  if (total !== vec.numel()) {
    throw new RangeError(
      `vector_to_parameters(): the vector has ${vec.numel()} elements but the parameters have ${total}`,
    );
  }
  noGrad(() => {
    let offset = 0;
    for (const p of params) {
      const n = p.numel();
      const piece = vec.narrow(0, offset, n);
      p.copy_(piece.reshape(p.shape));
      piece.dispose();
      offset += n;
    }
  });
}
