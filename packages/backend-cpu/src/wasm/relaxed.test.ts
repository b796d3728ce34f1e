// The relaxed-SIMD build: chosen where the engine validates it (Node 20 with
// --experimental-wasm-relaxed-simd, in a child process), switched off by TYPETORCH_CPU_RELAXED_SIMD=0
// or setRelaxedSimdEnabled(false) before the first op; its products agree with the TypeScript kernels
// within float32 rounding and do not depend on the number of threads.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KERNELS_THREADS_RELAXED } from './kernels.generated.js';
import { createdRuntime, wasmRuntime } from './runtime.js';
import { decodeBase64 } from './select.js';
import { setRelaxedSimdEnabled, wasmStatus } from './status.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

const SCRIPT = `
import { manualSeed, randn } from '@typetorch/tensor';
import { setNumThreads, setRelaxedSimdEnabled, setWasmEnabled, wasmStatus } from '@typetorch/backend-cpu';
if (process.env.SWITCH_OFF === '1') setRelaxedSimdEnabled(false);
manualSeed(1);
const a = randn([67, 300]);
const b = randn([300, 129]);
setNumThreads(1);
const one = a.matmul(b).dataSync();
setNumThreads(2);
const two = a.matmul(b).dataSync();
setWasmEnabled(false);
const ts = a.matmul(b).dataSync();
setWasmEnabled(true);
let maxDiff = 0;
for (let i = 0; i < ts.length; i++) maxDiff = Math.max(maxDiff, Math.abs(one[i] - ts[i]));
let threadsDiffer = 0;
for (let i = 0; i < one.length; i++) if (!Object.is(one[i], two[i])) threadsDiffer++;
let lateSwitch = 'allowed';
try { setRelaxedSimdEnabled(!wasmStatus().relaxedSimd); } catch { lateSwitch = 'refused'; }
console.log(JSON.stringify({ relaxed: wasmStatus().relaxedSimd, maxDiff, threadsDiffer, lateSwitch, sum: Array.from(one).reduce((s, x) => s + x, 0) }));
`;

/** The test config switches relaxed SIMD off (TYPETORCH_CPU_RELAXED_SIMD=0); children that may use it undo that. */
const ALLOWED = { TYPETORCH_CPU_RELAXED_SIMD: '1' };

function run(flags: string[], env: Record<string, string> = {}) {
  const child = spawnSync(
    process.execPath,
    [...flags, '--import', 'tsx', '--conditions=@typetorch/source', '--input-type=module', '-e', SCRIPT],
    { cwd: packageDir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } },
  );
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
}

describe('relaxed SIMD', () => {
  it('runs where the engine validates it, within float32 rounding, the same on 1 and 2 threads', () => {
    const r = run(['--experimental-wasm-relaxed-simd'], ALLOWED);
    expect(r).toMatchObject({ relaxed: true, threadsDiffer: 0, lateSwitch: 'refused' });
    expect(r.maxDiff).toBeLessThan(1e-3);
  }, 240_000);

  it('is switched off by TYPETORCH_CPU_RELAXED_SIMD=0 and by setRelaxedSimdEnabled(false)', () => {
    // Without the flag, an engine that rejects the relaxed build (Node 20) falls back to the plain one;
    // allowing relaxed SIMD again then changes nothing, so it is not refused.
    const engineHasIt = WebAssembly.validate(decodeBase64(KERNELS_THREADS_RELAXED));
    const { lateSwitch, ...noFlag } = run([], ALLOWED);
    expect(noFlag).toMatchObject({ relaxed: engineHasIt, threadsDiffer: 0 });
    expect(lateSwitch).toBe(engineHasIt ? 'refused' : 'allowed');
    // Switched off, the plain build runs, bit for bit, and switching it on later is refused.
    const plain = run(['--experimental-wasm-relaxed-simd'], { TYPETORCH_CPU_RELAXED_SIMD: '0' });
    expect(plain).toMatchObject({ relaxed: false, threadsDiffer: 0, lateSwitch: 'refused' });
    if (!engineHasIt) expect(plain).toEqual({ ...noFlag, lateSwitch: 'refused' });
    expect(run(['--experimental-wasm-relaxed-simd'], { ...ALLOWED, SWITCH_OFF: '1' })).toEqual(plain);
  }, 240_000);

  it('reports the running build, and setting the switch it started with again is a no-op', () => {
    expect(wasmRuntime()).not.toBeNull();
    expect(createdRuntime()?.relaxed).toBe(wasmStatus().relaxedSimd);
    // This process started with the switch the test config sets (TYPETORCH_CPU_RELAXED_SIMD=0).
    expect(() => setRelaxedSimdEnabled(process.env.TYPETORCH_CPU_RELAXED_SIMD !== '0')).not.toThrow();
  });
});
