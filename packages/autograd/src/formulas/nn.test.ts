/** Gradients of losses, convolution and pooling: gradcheck of their table (more in loss, conv.test.ts). */
import '@typetorch/backend-cpu';
import { describe } from 'vitest';
import { runGradchecks } from './testing/case.js';
import { nnCases } from './testing/nn.js';

describe('gradcheck of losses, convolution and pooling', () => {
  runGradchecks(nnCases);
});
