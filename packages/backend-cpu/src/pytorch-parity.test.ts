import { describe, it } from 'vitest';
import './index.js';
import { pytorchCases } from '../../tensor/src/testing/pytorch-cases.js';

// Scratch runner for the PyTorch fixtures (to be replaced by the backend's conformance test).
const cases = pytorchCases();
for (const group of new Set(cases.map((c) => c.group))) {
  describe(group, () => {
    for (const c of cases.filter((k) => k.group === group)) it(c.name, () => c.run('cpu'));
  });
}
