import '@typetorch/backend-cpu';
import './index.js';
import { gradientCases } from '@typetorch/tensor/testing';
import { describe, it } from 'vitest';

describe('gradient conformance on cpu', () => {
  for (const c of gradientCases()) it(`${c.group}: ${c.name}`, () => c.run('cpu'));
});
