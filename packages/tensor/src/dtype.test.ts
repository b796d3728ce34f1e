import { describe, expect, it } from 'vitest';
import { promoteTypes, resultType } from './dtype.js';

const tensorOf = (dtype: 'float32' | 'float64' | 'int32' | 'bool', dimensioned = true) =>
  ({ kind: 'tensor', dtype, dimensioned }) as const;

describe('type promotion (torch.result_type)', () => {
  it('promotes across categories and sizes', () => {
    expect(promoteTypes('int32', 'float32')).toBe('float32');
    expect(promoteTypes('bool', 'int32')).toBe('int32');
    expect(promoteTypes('float32', 'float64')).toBe('float64');
    expect(promoteTypes('bool', 'bool')).toBe('bool');
  });

  it('lets scalars lift the category but not the size', () => {
    expect(resultType([tensorOf('int32'), { kind: 'scalar', value: 2 }])).toBe('int32');
    expect(resultType([tensorOf('int32'), { kind: 'scalar', value: 2.5 }])).toBe('float32');
    expect(resultType([tensorOf('float64'), { kind: 'scalar', value: 2.5 }])).toBe('float64');
    expect(resultType([tensorOf('bool'), { kind: 'scalar', value: 3 }])).toBe('int32');
    expect(resultType([tensorOf('bool'), { kind: 'scalar', value: true }])).toBe('bool');
  });

  it('ranks zero-dim tensors below dimensioned ones within a category', () => {
    expect(resultType([tensorOf('float32'), tensorOf('float64', false)])).toBe('float32');
    expect(resultType([tensorOf('int32'), tensorOf('float64', false)])).toBe('float64');
    expect(resultType([tensorOf('float64', false), tensorOf('float32', false)])).toBe('float64');
  });
});
