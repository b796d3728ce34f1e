import { describe, expect, it } from 'vitest';
import {
  checkIntFits,
  type DType,
  isFloating,
  isIntegral,
  itemSize,
  promoteTypes,
  resolveDType,
  resultType,
  storageDType,
  toFloating,
} from './dtype.js';

const tensorOf = (dtype: DType, dimensioned = true) => ({ kind: 'tensor', dtype, dimensioned }) as const;

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
    expect(resultType([tensorOf('bool'), { kind: 'scalar', value: 3 }])).toBe('int64');
    expect(resultType([tensorOf('bool'), { kind: 'scalar', value: true }])).toBe('bool');
  });

  it('ranks zero-dim tensors below dimensioned ones within a category', () => {
    expect(resultType([tensorOf('float32'), tensorOf('float64', false)])).toBe('float32');
    expect(resultType([tensorOf('int32'), tensorOf('float64', false)])).toBe('float64');
    expect(resultType([tensorOf('float64', false), tensorOf('float32', false)])).toBe('float64');
  });
});

describe('float16 (torch.half)', () => {
  it('is a 2-byte floating dtype', () => {
    expect(itemSize('float16')).toBe(2);
    expect(isFloating('float16')).toBe(true);
    expect(toFloating('float16')).toBe('float16');
  });

  it('promotes as torch.promote_types', () => {
    expect(promoteTypes('float16', 'float32')).toBe('float32');
    expect(promoteTypes('float32', 'float16')).toBe('float32');
    expect(promoteTypes('float16', 'float64')).toBe('float64');
    expect(promoteTypes('int32', 'float16')).toBe('float16');
    expect(promoteTypes('bool', 'float16')).toBe('float16');
    expect(promoteTypes('float16', 'float16')).toBe('float16');
  });

  it('keeps float16 with JS scalars and lower-priority tensors (torch.result_type)', () => {
    expect(resultType([tensorOf('float16'), { kind: 'scalar', value: 2.5 }])).toBe('float16');
    expect(resultType([tensorOf('float16'), { kind: 'scalar', value: 3 }])).toBe('float16');
    expect(resultType([tensorOf('float16'), tensorOf('float32', false)])).toBe('float16');
    expect(resultType([tensorOf('int32'), tensorOf('float16', false)])).toBe('float16');
    expect(resultType([tensorOf('float16'), tensorOf('float32')])).toBe('float32');
    expect(resultType([tensorOf('float16', false), { kind: 'scalar', value: 0.5 }])).toBe('float16');
  });
});

describe('int64 (torch.long), stored in 32 bits', () => {
  it('is an 8-byte integer dtype that backends store as int32', () => {
    expect(itemSize('int64')).toBe(8);
    expect(storageDType('int64')).toBe('int32');
    expect(storageDType('float32')).toBe('float32');
    expect(isIntegral('int64') && isIntegral('int32') && !isIntegral('bool')).toBe(true);
  });

  it('promotes as torch.promote_types and takes JS integers as int64 scalars', () => {
    expect(promoteTypes('int32', 'int64')).toBe('int64');
    expect(promoteTypes('int64', 'float16')).toBe('float16');
    expect(promoteTypes('bool', 'int64')).toBe('int64');
    expect(resultType([tensorOf('int32'), { kind: 'scalar', value: 2 }])).toBe('int32');
    expect(resultType([tensorOf('int32'), tensorOf('int64', false)])).toBe('int32');
    expect(resultType([tensorOf('int32'), tensorOf('int64')])).toBe('int64');
  });

  it("resolves PyTorch's aliases and rejects unknown names", () => {
    expect(resolveDType('long', 'f')).toBe('int64');
    expect(resolveDType('int', 'f')).toBe('int32');
    expect(resolveDType('double', 'f')).toBe('float64');
    expect(resolveDType(undefined, 'f')).toBeUndefined();
    expect(() => resolveDType('int8' as never, 'zeros')).toThrow("zeros(): unknown dtype 'int8'");
    expect(() => resolveDType('toString' as never, 'zeros')).toThrow('unknown dtype');
  });

  it("raises PyTorch's overflow error for values the 32 bits cannot hold", () => {
    expect(() => checkIntFits('full', 2 ** 31, 'int64')).toThrow(
      'full(): value cannot be converted to type int64_t without overflow',
    );
    expect(() => checkIntFits('full', Number.NaN, 'int32')).toThrow(
      'full(): value cannot be converted to type int without overflow',
    );
    expect(() => checkIntFits('full', -(2 ** 31), 'int64')).not.toThrow();
    expect(() => checkIntFits('full', 2 ** 31 - 0.5, 'int32')).not.toThrow(); // truncates to 2^31 - 1
    expect(() => checkIntFits('full', 1e300, 'float64')).not.toThrow();
  });
});
