import { describe, expect, it } from 'vitest';
import {
  badgeText,
  decideDevice,
  type GpuProbe,
  isSoftwareAdapter,
  slowRunWarning,
} from './device-policy.js';

const hardware: GpuProbe = { kind: 'adapter', software: false };
const software: GpuProbe = { kind: 'adapter', software: true };
const facts = { threads: 2, isolated: true };

describe('isSoftwareAdapter', () => {
  it('is true for a fallback adapter or one named like a software rasterizer', () => {
    expect(isSoftwareAdapter({ isFallbackAdapter: true, vendor: 'google' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'mesa', device: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(true);
    expect(isSoftwareAdapter({ description: 'Lavapipe' })).toBe(true);
  });

  it('is false for a hardware adapter and for no information', () => {
    expect(isSoftwareAdapter({ isFallbackAdapter: false, vendor: 'nvidia', architecture: 'ampere' })).toBe(
      false,
    );
    expect(isSoftwareAdapter({ vendor: 'intel', architecture: 'gen-12lp', description: '' })).toBe(false);
    expect(isSoftwareAdapter(undefined)).toBe(false);
  });
});

describe('decideDevice', () => {
  it('auto: WebGPU on a hardware adapter, the CPU on a software one or without WebGPU', () => {
    expect(decideDevice('auto', hardware)).toEqual({ device: 'webgpu', reason: 'webgpu' });
    expect(decideDevice('auto', software)).toEqual({ device: 'cpu', reason: 'software-adapter' });
    expect(decideDevice('auto', { kind: 'absent' })).toEqual({ device: 'cpu', reason: 'no-webgpu' });
    expect(decideDevice('auto', { kind: 'no-adapter', detail: 'x' })).toEqual({
      device: 'cpu',
      reason: 'no-adapter',
    });
  });

  it('an explicit choice is obeyed where possible: WebGPU even on a software adapter', () => {
    expect(decideDevice('webgpu', software)).toEqual({ device: 'webgpu', reason: 'webgpu' });
    expect(decideDevice('cpu', hardware)).toEqual({ device: 'cpu', reason: 'asked-cpu' });
    expect(decideDevice('webgpu', { kind: 'absent' })).toEqual({ device: 'cpu', reason: 'no-webgpu' });
  });
});

describe('badgeText', () => {
  it('says where the page trains, in plain words, with the CPU thread count', () => {
    expect(badgeText({ device: 'cpu', reason: 'asked-cpu' }, { threads: 4, isolated: true })).toBe(
      'Training on your CPU (4 threads)',
    );
    expect(badgeText({ device: 'cpu', reason: 'no-webgpu' }, facts)).toBe(
      'Your browser has no WebGPU: using the CPU (2 threads)',
    );
    expect(badgeText({ device: 'cpu', reason: 'software-adapter' }, facts)).toBe(
      'WebGPU here is a software emulation, slower than the CPU: using the CPU (2 threads)',
    );
    expect(
      badgeText(
        { device: 'cpu', reason: 'no-adapter' },
        { ...facts, detail: 'requestAdapter() returned null' },
      ),
    ).toBe('WebGPU found no graphics adapter (requestAdapter() returned null): using the CPU (2 threads)');
    expect(badgeText({ device: 'cpu', reason: 'webgpu-failed' }, { ...facts, detail: 'lost' })).toBe(
      'WebGPU could not start (lost): using the CPU (2 threads)',
    );
  });

  it('explains one thread when the page is not cross-origin isolated', () => {
    expect(badgeText({ device: 'cpu', reason: 'asked-cpu' }, { threads: 1, isolated: false })).toBe(
      'Training on your CPU (1 thread: this page is not cross-origin isolated)',
    );
    expect(badgeText({ device: 'cpu', reason: 'asked-cpu' }, { threads: 1, isolated: true })).toBe(
      'Training on your CPU (1 thread)',
    );
  });

  it('names the adapter on WebGPU and says when it is a software one', () => {
    expect(
      badgeText({ device: 'webgpu', reason: 'webgpu' }, { ...facts, adapterName: 'nvidia ampere' }),
    ).toBe('Training on your GPU with WebGPU (nvidia ampere)');
    const sw = { ...facts, adapterName: 'google swiftshader', softwareAdapter: true };
    expect(badgeText({ device: 'webgpu', reason: 'webgpu' }, sw)).toBe(
      'Training on WebGPU (google swiftshader), a software emulation: the CPU is faster',
    );
  });
});

describe('slowRunWarning', () => {
  it('warns only for the CNN on a software WebGPU adapter', () => {
    expect(slowRunWarning('cnn', 'webgpu', true)).toMatch(/^The CNN takes hours/);
    expect(slowRunWarning('mlp', 'webgpu', true)).toBeNull();
    expect(slowRunWarning('cnn', 'cpu', true)).toBeNull();
    expect(slowRunWarning('cnn', 'webgpu', false)).toBeNull();
  });
});
