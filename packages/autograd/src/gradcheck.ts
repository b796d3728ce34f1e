/**
 * Finite-difference gradient checking (PyTorch: `torch.autograd.gradcheck`): compares the Jacobian
 * that backward computes with central differences, one input element at a time. Use float64 inputs
 * on a device that reads synchronously (the CPU backend).
 */
import { type Tensor, tensor } from '@typetorch/tensor';
import { grad } from './grad.js';
import { noGrad } from './grad-mode.js';

/** Tolerances of {@link gradcheck} (PyTorch: those of `torch.autograd.gradcheck`). */
export interface GradcheckOptions {
  /** Perturbation for central differences (default 1e-6; PyTorch: `eps`). */
  eps?: number;
  /** Absolute tolerance (default 1e-5; PyTorch: `atol`). */
  atol?: number;
  /** Relative tolerance, of the numerical value (default 1e-3; PyTorch: `rtol`). */
  rtol?: number;
}

/** The function {@link gradcheck} differentiates: tensors in, one tensor or several out (PyTorch: `func`). */
export type GradcheckFunction = (...inputs: Tensor[]) => Tensor | readonly Tensor[];

function outputsOf(fn: GradcheckFunction, inputs: Tensor[]): Tensor[] {
  const out = fn(...inputs);
  return Array.isArray(out) ? [...out] : [out as Tensor];
}

function withElement(t: Tensor, index: number, value: number): Tensor {
  const data = Float64Array.from(t.dataSync());
  data[index] = value;
  return tensor(data, { dtype: t.dtype, device: t.device }).reshape([...t.shape]);
}

/**
 * Checks `fn`'s gradients at `inputs`; returns true or throws an error naming the output, the
 * input and both Jacobians. Inputs that require grad are checked; they must be float64. An element
 * passes when |analytical - numerical| <= atol + rtol * |numerical| (PyTorch: `torch.autograd.gradcheck`).
 */
export function gradcheck(
  fn: GradcheckFunction,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): true {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const checked = inputs.map((t, i) => ({ t, i })).filter(({ t }) => t.requiresGrad);
  for (const { t, i } of checked) {
    if (t.dtype !== 'float64') {
      throw new TypeError(`gradcheck(): input ${i} is ${t.dtype}; use float64 inputs for finite differences`);
    }
  }
  const outputs = outputsOf(fn, [...inputs]);
  outputs.forEach((out, o) => {
    const flat = out.numel();
    for (const { t, i } of checked) {
      const n = t.numel();
      // analytical[j][k] = d out[j] / d input[k], one backward per output element.
      const analytical: number[][] = [];
      for (let j = 0; j < flat; j++) {
        const seed = new Float64Array(flat);
        seed[j] = 1;
        const gOut = tensor(seed, { dtype: out.dtype, device: out.device }).reshape([...out.shape]);
        const [g] = grad([out], [t], [gOut], { retainGraph: true, allowUnused: true });
        analytical.push(g === null ? new Array<number>(n).fill(0) : Array.from(g.dataSync()));
      }
      const base = Array.from(t.dataSync());
      for (let k = 0; k < n; k++) {
        const at = (v: number) =>
          noGrad(() => {
            const args = [...inputs];
            args[i] = withElement(t, k, v);
            return Array.from(outputsOf(fn, args)[o].dataSync());
          });
        const plus = at(base[k] + eps);
        const minus = at(base[k] - eps);
        for (let j = 0; j < flat; j++) {
          const numerical = (plus[j] - minus[j]) / (2 * eps);
          const a = analytical[j][k];
          if (!(Math.abs(a - numerical) <= atol + rtol * Math.abs(numerical))) {
            throw new Error(
              `Jacobian mismatch for output ${o} with respect to input ${i}: element [${j}, ${k}] numerical ${numerical}, analytical ${a}`,
            );
          }
        }
      }
    }
  });
  return true;
}
