/** Malformed files: every way a safetensors file can be wrong fails with a message that says how. */
import '@typetorch/backend-cpu';
import { memory } from '@typetorch/tensor';
import { describe, expect, it } from 'vitest';
import { parseHeaderPrefix } from './header.js';
import { deserialize, parseHeader, SafetensorsError } from './index.js';

import { concat, encoder, entry, f32le, file, u64 } from './testing/files.js';

const ok = { a: entry('F32', [2], [0, 8]), b: entry('I32', [1], [8, 12]) };

/** What is wrong, the file, and the message it fails with. */
const cases: [string, Uint8Array, string][] = [
  [
    'a truncated header length',
    new Uint8Array([16, 0, 0, 0, 0]),
    'safetensors: file is 5 bytes long, too short for the 8-byte header length that starts every safetensors file',
  ],
  ['an empty file', new Uint8Array(0), 'safetensors: file is 0 bytes long'],
  [
    'a header length larger than the file',
    concat(u64(1000), encoder.encode('{}')),
    'safetensors: header length 1000 is larger than the 2 bytes that follow it: the file is truncated or not a safetensors file',
  ],
  [
    'a header length of 2^64-1',
    concat(u64(2n ** 64n - 1n), encoder.encode('{}')),
    'safetensors: header length 18446744073709551615 is larger than the 2 bytes that follow it',
  ],
  ['invalid JSON', file('{"a":{"dtype":"F32",'), 'safetensors: header is not valid JSON ('],
  [
    'a header that is not an object',
    file('["a"]'),
    "safetensors: header must be a JSON object starting with '{'",
  ],
  [
    'an empty header',
    file(''),
    'safetensors: header must be a JSON object starting with \'{\', got "" (empty header)',
  ],
  [
    'a header that is not UTF-8',
    concat(u64(4), new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
    'safetensors: header is not valid UTF-8',
  ],
  [
    'a missing dtype',
    file({ a: { shape: [1], data_offsets: [0, 4] } }, 4),
    "safetensors: tensor 'a' has an invalid dtype: missing",
  ],
  [
    'an unknown dtype',
    file({ a: entry('F17', [1], [0, 4]) }, 4),
    "safetensors: tensor 'a' has unknown dtype 'F17', which is not a safetensors dtype",
  ],
  [
    'an invalid shape',
    file({ a: entry('F32', [2, -1], [0, 4]) }, 4),
    "safetensors: tensor 'a' has an invalid shape: [2,-1] (expected an array of non-negative integers)",
  ],
  [
    'a fractional shape',
    file({ a: entry('F32', [1.5], [0, 4]) }, 4),
    "safetensors: tensor 'a' has an invalid shape: [1.5]",
  ],
  [
    'missing data_offsets',
    file({ a: { dtype: 'F32', shape: [1] } }, 4),
    "safetensors: tensor 'a' has invalid data_offsets: missing (expected [begin, end], non-negative integers)",
  ],
  [
    'data_offsets of the wrong arity',
    file({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4, 8] } }, 4),
    "safetensors: tensor 'a' has invalid data_offsets: [0,4,8]",
  ],
  [
    'data_offsets ending before they begin',
    file({ a: entry('F32', [0], [4, 0]) }, 4),
    "safetensors: tensor 'a' has data_offsets [4, 0] that end before they begin",
  ],
  [
    'an entry that is not an object',
    file({ a: 3 }),
    "safetensors: header entry 'a' must be an object with dtype, shape and data_offsets, got 3",
  ],
  [
    'a tensor named twice',
    file(
      '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}',
      4,
    ),
    'safetensors: header repeats the key "a" within one object',
  ],
  [
    'a repeated field',
    file('{"a":{"dtype":"F32","dtype":"I32","shape":[1],"data_offsets":[0,4]}}', 4),
    'safetensors: header repeats the key "dtype" within one object',
  ],
  [
    'an unknown field',
    file({ a: { ...entry('F32', [1], [0, 4]), offset: 0 } }, 4),
    "safetensors: tensor 'a' has an unknown header field 'offset'",
  ],
  [
    'metadata that is not a string map',
    file({ __metadata__: { epoch: 3 }, ...ok }, 12),
    "safetensors: __metadata__ value 'epoch' must be a string, got 3",
  ],
  [
    'metadata that is not an object',
    file({ __metadata__: 'pt', ...ok }, 12),
    'safetensors: __metadata__ must be an object of strings, got "pt"',
  ],
  [
    'offsets out of range',
    file({ a: entry('F32', [2], [0, 8]), b: entry('I32', [1], [8, 12]) }, 10),
    "safetensors: tensor 'b' has data_offsets [8, 12] past the end of the 10-byte data buffer: the file is truncated or the header is wrong",
  ],
  [
    'overlapping offsets',
    file({ a: entry('F32', [2], [0, 8]), b: entry('I32', [1], [4, 8]) }, 8),
    "safetensors: tensors 'a' [0, 8] and 'b' [4, 8] overlap in the data buffer",
  ],
  [
    'two tensors on the same bytes',
    file({ a: entry('F32', [1], [0, 4]), b: entry('I32', [1], [0, 4]) }, 4),
    "safetensors: tensors 'a' [0, 4] and 'b' [0, 4] overlap in the data buffer",
  ],
  [
    'a shape that does not match the offsets',
    file({ a: entry('F32', [2, 2], [0, 8]) }, 8),
    "safetensors: tensor 'a' has shape [2, 2] and dtype F32, which take 16 bytes, but its data_offsets [0, 8] span 8",
  ],
  [
    'a hole in the buffer',
    file({ a: entry('F32', [1], [0, 4]), b: entry('I32', [1], [8, 12]) }, 12),
    "safetensors: bytes 4..8 of the data buffer belong to no tensor (a hole before 'b'); the format requires the tensors to cover the buffer exactly",
  ],
  [
    'a hole at the start',
    file({ b: entry('I32', [1], [4, 8]) }, 8),
    "safetensors: bytes 0..4 of the data buffer belong to no tensor (a hole before 'b')",
  ],
  [
    'bytes after the last tensor',
    file(ok, 13),
    'safetensors: bytes 12..13 at the end of the data buffer belong to no tensor; the format requires the tensors to cover the buffer exactly',
  ],
  [
    'packed elements that do not fill whole bytes',
    file({ q: entry('F4', [3], [0, 2]) }, 2),
    "safetensors: tensor 'q' has 3 elements of F4, which do not fill a whole number of bytes",
  ],
  [
    'a shape too large to address',
    file({ a: entry('F64', [2 ** 30, 2 ** 30], [0, 8]) }, 8),
    "safetensors: tensor 'a' has a shape too large to address: [1073741824, 1073741824]",
  ],
];

describe('malformed files', () => {
  for (const [what, bytes, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(() => parseHeader(bytes)).toThrow(SafetensorsError);
      expect(() => deserialize(bytes)).toThrow(message);
    });
  }

  it('rejects a header longer than 100 MB before reading it', () => {
    expect(() => parseHeaderPrefix(u64(200_000_000), 300_000_000)).toThrow(
      'safetensors: header length 200000000 is larger than the 100000000 bytes a header may have',
    );
  });

  it('never returns part of a file: a bad tensor anywhere fails the whole load', () => {
    const before = memory('cpu').numTensors;
    const bytes = file(
      { a: entry('F32', [1], [0, 4]), b: entry('BOOL', [1], [4, 5]), c: entry('F32', [1], [5, 9]) },
      concat(f32le([1]), new Uint8Array([9]), f32le([2])),
    );
    expect(() => deserialize(bytes)).toThrow("tensor 'b' (BOOL) holds byte 9");
    expect(memory('cpu').numTensors).toBe(before);
  });

  it('rejects input that is not bytes', () => {
    expect(() => deserialize('abc' as unknown as Uint8Array)).toThrow(
      'safetensors: expected the file contents as a Uint8Array or an ArrayBuffer',
    );
  });
});
