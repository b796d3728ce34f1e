/** Gradients of linear algebra (gradcheck of its table). */
import '@typetorch/backend-cpu';
import { describe } from 'vitest';
import { runGradchecks } from './testing/case.js';
import { linalgCases } from './testing/linalg.js';

describe('gradcheck of linear algebra', () => {
  runGradchecks(linalgCases);
});
