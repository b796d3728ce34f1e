/**
 * Two copies of @typetorch/tensor in one process (npm nests a second one when versions drift): a
 * second instance of the module graph is loaded with `vi.resetModules()` and a dynamic import, and
 * both must see one registry, one default device and one autograd hook, with one warning.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { duplicateWarning, type LoadedCopy } from './global-state.js';
import * as A from './index.js';
import { hostBackend, secondCopy } from './memory/testing/second-copy.js';

afterEach(() => {
  vi.restoreAllMocks();
  for (const d of A.listDevices()) A.unregisterBackend(d);
});

describe('two copies of @typetorch/tensor', () => {
  it('a backend registered through the second copy is found by the first', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const B = await secondCopy();
    expect(() => A.getDefaultDevice()).toThrow('No backend is registered');
    const backend = hostBackend('dup');
    B.registerBackend(backend);
    // Before the global registry, A still said "No backend is registered" here.
    expect(A.getDefaultDevice()).toBe('dup');
    expect(A.getBackend('dup')).toBe(backend);
    expect(A.listDevices()).toEqual(['dup']);
    expect(A.zeros(3).device).toBe('dup');
  });

  it('a backend registered through the first copy is found by the second, and the default device agrees', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const B = await secondCopy();
    A.registerBackend(hostBackend('one'));
    A.registerBackend(hostBackend('two'));
    expect(B.listDevices()).toEqual(['one', 'two']);
    expect(B.getDefaultDevice()).toBe('one');
    B.setDefaultDevice('two');
    expect(A.getDefaultDevice()).toBe('two');
    A.unregisterBackend('two');
    expect(B.getDefaultDevice()).toBe('one');
    expect(() => B.getBackend('two')).toThrow("No backend is registered for device 'two'");
  });

  it('an autograd engine installed through one copy sees the ops dispatched through the other', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const B = await secondCopy();
    A.registerBackend(hostBackend('dup'));
    const checked: string[] = [];
    const recorded: string[] = [];
    B.installAutograd({
      check: (name) => void checked.push(name),
      record: (op) => void recorded.push(op.name),
      backward: () => {},
      retainGrad: () => {},
      registerHook: () => ({ remove() {} }),
    });
    try {
      const x = A.zeros(2);
      A.dispatch('relu', [x], {}, () => B.dispatch('neg', [x], {}, () => x)); // the inner op is part of the outer
      B.dispatch('exp', [x], {}, () => x);
      expect(checked).toEqual(['full', 'relu', 'exp']);
      expect(recorded).toEqual(['full', 'relu', 'exp']);
    } finally {
      A.installAutograd(undefined);
    }
  });

  it('share the memory manager, the default generator and memory debugging', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const B = await secondCopy();
    A.registerBackend(hostBackend('mem'));
    const x = B.zeros(4);
    expect(A.memory('mem').numTensors).toBe(1);
    x.dispose();
    expect(A.memory('mem').numTensors).toBe(0);
    B.manualSeed(1234);
    expect(A.defaultGenerator.initialSeed()).toBe(1234);
    const debug = A.memoryDebug();
    B.setMemoryDebug(!debug);
    expect(A.memoryDebug()).toBe(!debug);
    B.setMemoryDebug(debug);
  });

  it('warns once, naming both copies, what happens and how to fix it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const copies = (globalThis as Record<symbol, { copies: LoadedCopy[]; warned: boolean }>)[
      Symbol.for('@typetorch/tensor')
    ];
    copies.warned = false; // earlier tests of this file loaded copies already
    await secondCopy();
    await secondCopy();
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0][0]);
    expect(message).toContain(`two copies are loaded: ${A.version} (file://`);
    expect(message.match(/global-state\.ts/g)).toHaveLength(2); // both module URLs
    expect(message).toContain('share one backend registry');
    expect(message).toContain('npm ls @typetorch/tensor');
    expect(message).toContain('npm dedupe');
  });
});

describe('the duplicate-copy warning', () => {
  const first: LoadedCopy = { version: '0.2.0', url: 'file:///app/node_modules/a/index.js', layout: 1 };
  it('names both versions and module URLs', () => {
    const second: LoadedCopy = { version: '0.3.1', url: 'file:///app/node_modules/b/index.js', layout: 1 };
    const m = duplicateWarning(first, second);
    expect(m).toContain(
      '0.2.0 (file:///app/node_modules/a/index.js) and 0.3.1 (file:///app/node_modules/b/index.js)',
    );
    expect(m).toContain('a backend registered through either is found by both');
  });
  it('says when the copies cannot share their state', () => {
    const m = duplicateWarning(first, { version: '2.0.0', url: undefined, layout: 2 });
    expect(m).toContain('0.2.0 (file:///app/node_modules/a/index.js) and 2.0.0.');
    expect(m).toContain('layouts differ (1 and 2)');
    expect(m).toContain('NOT seen by the other');
  });
});
