/**
 * Issue 18: a header nested thousands deep is refused with a SafetensorsError before it is parsed;
 * no RangeError (stack overflow) escapes, wherever the nesting is.
 */
import '@typetorch/backend-cpu';
import { describe, expect, it } from 'vitest';
import { deserialize, parseHeader, SafetensorsError } from './index.js';
import { file } from './testing/files.js';

const deep = (n: number, open = '[', close = ']') => `${open.repeat(n)}${close.repeat(n)}`;

describe('safetensors header depth', () => {
  const headers: [string, string][] = [
    ['an array 5,000 deep as a tensor entry', `{"a":${deep(5000)}}`],
    ['an object 5,000 deep as a tensor entry', `{"a":${'{"b":'.repeat(5000)}1${'}'.repeat(5000)}}`],
    ['a shape 100,000 deep', `{"a":{"dtype":"F32","shape":${deep(100_000)},"data_offsets":[0,0]}}`],
    ['metadata 5,000 deep', `{"__metadata__":{"k":${deep(5000)}}}`],
    ['unclosed nesting 200,000 deep', `{"a":${'['.repeat(200_000)}`],
  ];
  for (const [what, header] of headers) {
    it(`${what}: SafetensorsError`, () => {
      for (const read of [parseHeader, deserialize]) {
        let error: unknown;
        try {
          read(file(header));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(SafetensorsError);
        expect((error as Error).message).toMatch(/^safetensors: header /);
      }
    });
  }
  it('nesting to the cap is read (a small shape in an ordinary header)', () => {
    expect(
      parseHeader(file({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 4)).tensors,
    ).toHaveLength(1);
  });
});
