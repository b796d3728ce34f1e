import { describe, expect, it } from 'vitest';
import {
  defaultSystemIds,
  type LaunchContext,
  launchFor,
  parseSystemId,
  referenceSystem,
  relaxedSimdNeedsFlag,
  systemLabel,
  torchEnv,
} from './systems.js';

describe('parseSystemId', () => {
  it('parses every family, with and without a thread count', () => {
    expect(parseSystemId('typetorch')).toEqual({ id: 'typetorch', family: 'typetorch' });
    expect(parseSystemId('typetorch-t2')).toEqual({
      id: 'typetorch-t2',
      family: 'typetorch',
      threads: 2,
      relaxed: false,
    });
    expect(parseSystemId('typetorch-relaxed-t1')).toEqual({
      id: 'typetorch-relaxed-t1',
      family: 'typetorch',
      threads: 1,
      relaxed: true,
    });
    expect(parseSystemId('tfjs-cpu')).toEqual({ id: 'tfjs-cpu', family: 'tfjs', backend: 'cpu' });
    expect(parseSystemId('tfjs-wasm')).toEqual({ id: 'tfjs-wasm', family: 'tfjs', backend: 'wasm' });
    expect(parseSystemId('tfjs-wasm-t4')).toEqual({
      id: 'tfjs-wasm-t4',
      family: 'tfjs',
      backend: 'wasm',
      threads: 4,
    });
    expect(parseSystemId('torch-t1')).toEqual({ id: 'torch-t1', family: 'torch', threads: 1 });
  });
  it('rejects ids it does not know, and zero threads', () => {
    expect(() => parseSystemId('torch')).toThrow(/unknown system "torch"/);
    expect(() => parseSystemId('tfjs-cpu-t2')).toThrow(/unknown system/);
    expect(() => parseSystemId('torch-t0')).toThrow(/unknown system/);
  });
});

describe('the line-up', () => {
  it('shows one and two typetorch threads once the backend can set them', () => {
    expect(defaultSystemIds(false)[0]).toBe('typetorch');
    expect(defaultSystemIds(true).slice(0, 2)).toEqual(['typetorch-t1', 'typetorch-t2']);
    expect(defaultSystemIds(true)).toContain('torch-t2');
  });
  it('takes the first typetorch system as the reference', () => {
    expect(referenceSystem(['tfjs-cpu', 'typetorch-t2', 'typetorch'].map(parseSystemId))?.id).toBe(
      'typetorch-t2',
    );
    expect(referenceSystem([parseSystemId('tfjs-cpu')])).toBeUndefined();
  });
  it('labels rows readably, saying when PyTorch lacks OpenBLAS', () => {
    expect(systemLabel(parseSystemId('tfjs-wasm-t2'), true)).toBe('TF.js wasm (SIMD+threads, 2 threads)');
    expect(systemLabel(parseSystemId('torch-t1'), true)).toBe('PyTorch (OpenBLAS, 1 thread)');
    expect(systemLabel(parseSystemId('torch-t1'), false)).toBe('PyTorch (default BLAS, 1 thread)');
  });
});

describe('torchEnv', () => {
  const base = { PATH: '/bin', OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '512', HOME: undefined };

  it('puts OpenBLAS first, sets the thread counts and drops the variables that slow OpenBLAS down', () => {
    expect(torchEnv(base, 2, '/blas')).toEqual({
      PATH: '/bin',
      OPENBLAS_NUM_THREADS: '2',
      OMP_NUM_THREADS: '2',
      LD_LIBRARY_PATH: '/blas',
    });
  });
  it('keeps an existing library path after OpenBLAS, and leaves it alone without OpenBLAS', () => {
    expect(torchEnv({ LD_LIBRARY_PATH: '/x' }, 1, '/blas').LD_LIBRARY_PATH).toBe('/blas:/x');
    expect(torchEnv({ LD_LIBRARY_PATH: '/x' }, 1, undefined).LD_LIBRARY_PATH).toBe('/x');
  });
  it('does not modify its argument', () => {
    torchEnv(base, 1, '/blas');
    expect(base.OPENBLAS_CORETYPE).toBe('Haswell');
  });
});

describe('launchFor', () => {
  const ctx: LaunchContext = {
    node: '/node',
    tsxLoader: 'file:///tsx/loader.mjs',
    runnersDir: '/r',
    env: { PATH: '/bin' },
    openblasDir: '/blas',
  };
  it('runs the Node runners through tsx with the source condition', () => {
    expect(launchFor(parseSystemId('tfjs-wasm-t2'), ctx)).toEqual({
      command: '/node',
      args: [
        '--import',
        'file:///tsx/loader.mjs',
        '--conditions=@typetorch/source',
        '/r/tfjs.ts',
        '--backend',
        'wasm',
        '--threads',
        '2',
      ],
      env: { PATH: '/bin' },
    });
    expect(launchFor(parseSystemId('typetorch'), ctx).args.slice(-1)).toEqual(['/r/typetorch.ts']);
  });
  it('pins the plain or relaxed SIMD build of the typetorch kernels', () => {
    const plain = launchFor(parseSystemId('typetorch-t1'), ctx);
    expect(plain.env.TYPETORCH_CPU_RELAXED_SIMD).toBe('0');
    expect(plain.args).not.toContain('--experimental-wasm-relaxed-simd');
    const relaxed = launchFor(parseSystemId('typetorch-relaxed-t2'), ctx);
    expect(relaxed.env.TYPETORCH_CPU_RELAXED_SIMD).toBe('1');
    expect(relaxed.args.slice(-3)).toEqual(['/r/typetorch.ts', '--threads', '2']);
    expect(relaxed.args.includes('--experimental-wasm-relaxed-simd')).toBe(
      relaxedSimdNeedsFlag(process.versions.node),
    );
    expect(launchFor(parseSystemId('typetorch'), ctx).env.TYPETORCH_CPU_RELAXED_SIMD).toBeUndefined();
  });
  it('passes the relaxed-SIMD flag to Node 20 and older only', () => {
    expect(relaxedSimdNeedsFlag('20.20.2')).toBe(true);
    expect(relaxedSimdNeedsFlag('22.3.0')).toBe(false);
  });
  it("runs PyTorch with Debian's Python in the OpenBLAS environment", () => {
    const launch = launchFor(parseSystemId('torch-t2'), ctx);
    expect(launch.command).toBe('/usr/bin/python3');
    expect(launch.args).toEqual(['/r/torch_runner.py', '--threads', '2']);
    expect(launch.env.LD_LIBRARY_PATH).toBe('/blas');
    expect(launch.env.OPENBLAS_NUM_THREADS).toBe('2');
  });
});
