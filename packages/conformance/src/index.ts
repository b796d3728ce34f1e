/**
 * The backend conformance suite of `@typetorch/tensor` (`@typetorch/conformance`), with its PyTorch
 * 1.13 reference fixtures: every backend package runs all of these cases against its device, e.g.
 * with vitest:
 *
 * ```ts
 * for (const c of conformanceCases()) it(`${c.group}: ${c.name}`, () => c.run('cpu'));
 * ```
 *
 * @packageDocumentation
 */
import type { ConformanceCase } from './case.js';
import { advancedIndexingCases } from './cases/advanced-indexing.js';
import { convCases, convGradientCases } from './cases/conv.js';
import { creationCases } from './cases/creation.js';
import { dropoutMaskCases } from './cases/dropout-mask.js';
import { elementwiseCases } from './cases/elementwise.js';
import { inplaceViewGradientCases } from './cases/inplace-views.js';
import { int64Cases } from './cases/int64.js';
import { linalgCases } from './cases/linalg.js';
import { lossCases, lossGradientCases } from './cases/loss.js';
import { mathCases } from './cases/math.js';
import { memoryCases } from './cases/memory.js';
import { multinomialCases } from './cases/multinomial.js';
import { numpyCases } from './cases/numpy.js';
import { opLeakCases } from './cases/op-leaks.js';
import { optimCases } from './cases/optim.js';
import { propertyCases } from './cases/properties.js';
import { randomCases } from './cases/random.js';
import { readingCases } from './cases/reading.js';
import { reduceCases } from './cases/reduce.js';
import { scanShapeCases } from './cases/scan-shape.js';
import { sortingCases } from './cases/sorting.js';
import { valueCheckCases } from './cases/value-checks.js';
import { viewCases } from './cases/views.js';
import { pytorchCases } from './pytorch-cases.js';
import { pytorchGradientCases } from './pytorch-gradient-cases.js';

export * from './assert.js';
export type { ConformanceCase } from './case.js';
export { group } from './case.js';
export { OpCoverage, opsToCover } from './coverage.js';
export {
  INPLACE_VIEW_FIXTURES,
  INPLACE_VIEW_PROGRAMS,
  type InplaceViewProgram,
  type InplaceViewResult,
} from './inplace-view-programs.js';

/** Hand-written cases: semantics, edge cases and PyTorch's errors. */
export function coreCases(): ConformanceCase[] {
  return [
    ...creationCases,
    ...viewCases,
    ...elementwiseCases,
    ...reduceCases,
    ...sortingCases,
    ...linalgCases,
    ...convCases,
    ...lossCases,
    ...optimCases,
    ...randomCases,
    ...dropoutMaskCases,
    ...multinomialCases,
    ...readingCases,
    ...memoryCases,
    ...opLeakCases,
    ...propertyCases,
    ...scanShapeCases,
    ...mathCases,
    ...advancedIndexingCases,
    ...numpyCases,
    ...int64Cases,
    ...valueCheckCases,
  ];
}

export { pytorchCases } from './pytorch-cases.js';
export { pytorchGradientCases } from './pytorch-gradient-cases.js';

/**
 * Gradient conformance cases: they need `@typetorch/autograd`, which the runner imports (this
 * package does not depend on it). Not part of {@link conformanceCases}.
 * (PyTorch: `torch.autograd.gradcheck` cases and recorded gradients.)
 */
export function gradientCases(): ConformanceCase[] {
  return [
    ...pytorchGradientCases(),
    ...convGradientCases(),
    ...lossGradientCases(),
    ...inplaceViewGradientCases(),
  ];
}

/** Every conformance case: the hand-written ones and the PyTorch parity fixtures. */
export function conformanceCases(): ConformanceCase[] {
  return [...coreCases(), ...pytorchCases()];
}
