/**
 * The reference implementation's public sample files (../shared/datasets/safetensors-samples, next to
 * the repository; CI always provides it). Each holds -3, -2, -1, 0, 1, 2 (shape [6], unsigned dtypes
 * wrapping around) in one dtype, with metadata {"test": "a"}; overall.safetensors holds all nine.
 */
import '@typetorch/backend-cpu';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deserialize, parseHeader, serialize } from './index.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('could not find the repository root (pnpm-workspace.yaml)');
    dir = up;
  }
  return dir;
}

const SAMPLES = resolve(repoRoot(), '../shared/datasets/safetensors-samples');

function sample(name: string): Uint8Array {
  if (!existsSync(SAMPLES)) {
    throw new Error(
      `the safetensors reference samples are missing: expected them in ${SAMPLES} (../shared/datasets/safetensors-samples next to the repository, which CI always provides)`,
    );
  }
  return readFileSync(join(SAMPLES, name));
}

const SEQUENCE = [-3, -2, -1, 0, 1, 2];

/** Per the samples' README: tensor name (= file name), dtype, and what typetorch loads. */
const FILES: { name: string; dtype: string; loads?: { dtype: string; values: number[] } }[] = [
  { name: 'B', dtype: 'U8', loads: { dtype: 'int32', values: [253, 254, 255, 0, 1, 2] } },
  { name: 'H', dtype: 'U16', loads: { dtype: 'int32', values: [65533, 65534, 65535, 0, 1, 2] } },
  { name: 'I', dtype: 'U32' }, // 4294967293.. do not fit int32: typetorch refuses U32
  { name: 'b', dtype: 'I8', loads: { dtype: 'int32', values: SEQUENCE } },
  { name: 'h', dtype: 'I16', loads: { dtype: 'int32', values: SEQUENCE } },
  { name: 'i', dtype: 'I32', loads: { dtype: 'int32', values: SEQUENCE } },
  { name: 'e', dtype: 'F16', loads: { dtype: 'float16', values: SEQUENCE } },
  { name: 'f', dtype: 'F32', loads: { dtype: 'float32', values: SEQUENCE } },
  { name: 'd', dtype: 'F64', loads: { dtype: 'float64', values: SEQUENCE } },
];

describe('reference safetensors samples', () => {
  it('are present and match their SHA256SUMS', () => {
    const sums = sample('SHA256SUMS').toString().trim().split('\n');
    expect(sums).toHaveLength(10);
    for (const line of sums) {
      const [digest, file] = line.split(/\s+/);
      expect(createHash('sha256').update(sample(file)).digest('hex'), file).toBe(digest);
    }
  });

  for (const { name, dtype, loads } of FILES) {
    it(`${name}.safetensors: ${dtype} ${loads ? `loads as ${loads.dtype}` : 'is refused by name'}`, async () => {
      const bytes = sample(`${name}.safetensors`);
      const header = parseHeader(bytes);
      expect(header.metadata).toEqual({ test: 'a' });
      // Written by an older reference version: no padding to 8 bytes. The reader must not require it.
      expect(header.tensors).toEqual([
        { name, dtype, shape: [6], dataOffsets: [0, bytes.length - header.dataStart] },
      ]);
      if (!loads) {
        expect(() => deserialize(bytes)).toThrow(
          `safetensors: tensor '${name}' has dtype ${dtype}, which typetorch cannot load`,
        );
        return;
      }
      const t = deserialize(bytes)[name];
      expect(t.dtype).toBe(loads.dtype);
      expect(t.shape).toEqual([6]);
      expect(Array.from(await t.data())).toEqual(loads.values);
    });
  }

  it('overall.safetensors: nine dtypes in one file; U32 refused by name, the other eight load from their offsets', async () => {
    const bytes = sample('overall.safetensors');
    const header = parseHeader(bytes);
    expect(header.metadata).toEqual({ test: 'a' });
    // By name, the order the old reference writer used; the README's table lists them otherwise.
    expect(header.tensors.map((t) => t.name)).toEqual(['B', 'H', 'I', 'b', 'd', 'e', 'f', 'h', 'i']);
    expect(header.tensors.map((t) => t.dataOffsets)).toEqual([
      [0, 6],
      [6, 18],
      [18, 42],
      [42, 48],
      [48, 96],
      [96, 108],
      [108, 132],
      [132, 144],
      [144, 168],
    ]);
    expect(() => deserialize(bytes)).toThrow(
      "safetensors: tensor 'I' has dtype U32, which typetorch cannot load",
    );
    // F64 'd' starts at file byte 8 + 526 + 48 = 582: unaligned for a Float64Array.
    const loaded = deserialize(bytes, { filter: (t) => t.dtype !== 'U32' });
    expect(Object.keys(loaded)).toEqual(['B', 'H', 'b', 'd', 'e', 'f', 'h', 'i']);
    for (const { name, loads } of FILES) {
      if (!loads) continue;
      expect(loaded[name].dtype, name).toBe(loads.dtype);
      expect(Array.from(await loaded[name].data()), name).toEqual(loads.values);
    }
  });

  it('re-serialize to the same bytes, except for the header padding the current reference writer adds', async () => {
    for (const name of ['f', 'd', 'i', 'e']) {
      const bytes = sample(`${name}.safetensors`);
      const { headerLength, dataStart } = parseHeader(bytes);
      const padding = (8 - (headerLength % 8)) % 8;
      const expected = new Uint8Array(bytes.length + padding);
      new DataView(expected.buffer).setBigUint64(0, BigInt(headerLength + padding), true);
      expected.set(bytes.subarray(8, dataStart), 8);
      expected.fill(0x20, dataStart, dataStart + padding);
      expected.set(bytes.subarray(dataStart), dataStart + padding);
      expect(await serialize(deserialize(bytes), { test: 'a' }), name).toEqual(expected);
    }
  });
});
