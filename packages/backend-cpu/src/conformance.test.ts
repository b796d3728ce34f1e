import { conformanceCases } from '@typetorch/tensor/testing';
import { describe, it } from 'vitest';
import './index.js';

describe('backend-cpu conformance', () => {
  for (const c of conformanceCases()) it(`${c.group}: ${c.name}`, () => c.run('cpu'));
});
