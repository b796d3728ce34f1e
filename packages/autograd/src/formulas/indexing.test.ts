/** Gradients of indexing ops and whole-tensor writes (gradcheck of their table). */
import '@typetorch/backend-cpu';
import { describe } from 'vitest';
import { runGradchecks } from './testing/case.js';
import { indexingCases } from './testing/indexing.js';

describe('gradcheck of indexing ops and whole-tensor writes', () => {
  runGradchecks(indexingCases);
});
