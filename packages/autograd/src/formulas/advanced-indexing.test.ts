/** Gradients of advanced indexing (gradcheck of their table). */
import '@typetorch/backend-cpu';
import { describe } from 'vitest';
import { advancedIndexingCases } from './testing/advanced-indexing.js';
import { runGradchecks } from './testing/case.js';

describe('gradcheck of advanced indexing', () => {
  runGradchecks(advancedIndexingCases);
});
