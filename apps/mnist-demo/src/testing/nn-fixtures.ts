/**
 * Shared pieces of the issue 17/18 WebGPU tests (test-only; excluded from the build): reading a
 * fixture of packages/nn (as a file: a package may not import another's sources), decoding its
 * tensors ('nan', 'inf' and '-inf' included), comparing read-back values with a tolerance, and
 * running a case on the CPU and on 'webgpu' to compare every result and gradient.
 */
import { readFileSync } from 'node:fs';
import type * as nn from '@typetorch/nn';
import { type DType, manualSeed, type Tensor, tensor } from '@typetorch/tensor';
import { expect } from 'vitest';

/** A tensor as scripts/fixtures/nn_*.py write it. */
export interface Encoded {
  shape: number[];
  dtype: DType;
  data: (number | string | boolean)[];
}

/** `packages/nn/src/fixtures/<name>`, parsed. */
export function readNnFixture<T>(name: string): T {
  const path = new URL(`../../../../packages/nn/src/fixtures/${name}`, import.meta.url);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** A fixture value: a number, a boolean, or 'nan' / 'inf' / '-inf'. */
export const decodeValue = (v: number | string | boolean) =>
  typeof v !== 'string' ? v : v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : -Infinity;

/** The fixture tensor `e` on `device`. */
export const fromEncoded = (e: Encoded, device: string): Tensor =>
  tensor(e.data.map(decodeValue) as number[], { dtype: e.dtype, device }).reshape(e.shape);

/** Every tensor of a (nested) result, in order; `null` gives none. */
export const flatTensors = (r: unknown): Tensor[] =>
  r === null ? [] : Array.isArray(r) ? r.flatMap(flatTensors) : [r as Tensor];

/** `|got - want| <= tol + tol * |want|` elementwise, with the element's label and index. */
export function expectValuesClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: number,
  label: string,
) {
  expect(got.length, label).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i] - want[i]), `${label}[${i}]: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(
      tol + tol * Math.abs(want[i]),
    );
  }
}

/** `t` (read back) has the fixture tensor's shape and values within `tol`. */
export async function expectMatchesFixture(
  t: Tensor | null | undefined,
  e: Encoded,
  label: string,
  tol = 1e-4,
): Promise<void> {
  expect(t, label).toBeTruthy();
  expect((t as Tensor).shape, label).toEqual(e.shape);
  const want = e.data.map((v) => Number(decodeValue(v)));
  expectValuesClose(Array.from(await (t as Tensor).data(), Number), want, tol, label);
}

/** The gradient of every parameter of `m`, named `grad <name>`. */
export const parameterGrads = (m: nn.Module): [string, Tensor][] =>
  m.namedParameters().map(([k, p]) => [`grad ${k}`, p.grad as Tensor]);

/** Reads every named tensor back (asynchronously, as WebGPU requires). */
export async function readAll(named: [string, Tensor][]): Promise<Map<string, number[]>> {
  const result = new Map<string, number[]>();
  for (const [k, t] of named) result.set(k, Array.from(await t.data(), Number));
  return result;
}

/**
 * Runs `run` (seeded with 0) on the CPU and on 'webgpu' and expects the same names and, within
 * `1e-4 + 1e-4 * |cpu|`, the same values.
 */
export async function expectWebgpuMatchesCpu(run: (device: string) => [string, Tensor][]): Promise<void> {
  const on = (device: string) => {
    manualSeed(0);
    return readAll(run(device));
  };
  const cpu = await on('cpu');
  const gpu = await on('webgpu');
  expect([...gpu.keys()]).toEqual([...cpu.keys()]);
  for (const [k, expected] of cpu) expectValuesClose(gpu.get(k) as number[], expected, 1e-4, k);
}

/** What `run` gives on `device`: the read values, or the error message the op or the read raised. */
export async function outcome(device: string, run: (device: string) => Tensor): Promise<string> {
  try {
    return `ok ${Array.from(await run(device).data()).join(',')}`;
  } catch (e) {
    return `error ${(e as Error).message}`;
  }
}
