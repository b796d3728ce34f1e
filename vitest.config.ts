import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import PlainSummaryReporter from './scripts/plain-summary-reporter.ts';

// Tests import workspace packages through the "@typetorch/source" export condition, so they run
// against TypeScript sources without a build. Vitest resolves Node tests in Vite's SSR environment,
// hence ssr.resolve.conditions (resolve.conditions alone is not consulted there).
const conditions = ['@typetorch/source', 'module', 'node', 'development|production'];

// The WebGPU tests run on a software Vulkan driver (packages/backend-webgpu/README.md). Dawn reads
// VK_DRIVER_FILES when it loads, so it must be in the environment the test processes inherit: set it
// here, before any worker starts, unless the caller chose a driver. Lavapipe first (3-6x faster).
if (process.env.VK_DRIVER_FILES === undefined) {
  const drivers = [
    join(homedir(), '.cache/typetorch/lavapipe/lvp_icd.json'),
    '/opt/lavapipe/lvp_icd.json',
    '/usr/lib/chromium/vk_swiftshader_icd.json',
  ];
  const found = drivers.find((d) => existsSync(d));
  if (found !== undefined) process.env.VK_DRIVER_FILES = found;
}

// Tests that need a WebGPU adapter: the backend's own, the apps' `*.webgpu.test.ts`, and the apps'
// `*.browser.test.ts` (headless Chromium, whose WebGPU runs on its own SwiftShader).
const webgpuTests = [
  'packages/backend-webgpu/src/**/*.test.ts',
  'apps/*/src/**/*.webgpu.test.ts',
  'apps/*/src/**/*.browser.test.ts',
  'bench/src/**/*.webgpu.test.ts',
  'examples/*/src/**/*.webgpu.test.ts',
];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    reporters: ['default', new PlainSummaryReporter()],
    // A timeout only catches a hang; it never measures speed. Tests must pass on a busy 2-core machine,
    // so no test sets a tighter one (issue 18): the slowest file takes a few minutes under load.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Every test runs with freed storages poisoned (NaN), so a storage released too early gives
    // wrong numbers instead of plausible ones (packages/tensor/src/memory/debug.ts).
    // The plain-SIMD kernels everywhere, so bit-for-bit kernel tests hold on every Node version (Node 22
    // and browsers would pick the relaxed build, whose fused multiply-adds round differently); the
    // relaxed build has its own tests (backend-cpu's conformance-relaxed.test.ts, wasm/relaxed.test.ts).
    env: { TYPETORCH_DEBUG_MEMORY: '1', TYPETORCH_CPU_RELAXED_SIMD: '0' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
            'bench/src/**/*.test.ts',
            'examples/*/src/**/*.test.ts',
            'scripts/**/*.test.ts',
            // Publishes to a local registry and installs from it (issue 19): minutes, not seconds.
            'tools/registry-check/src/**/*.test.ts',
          ],
          exclude: [...webgpuTests, '**/node_modules/**'],
        },
      },
      {
        // WebGPU in child processes: terminating a worker thread that is busy in Dawn aborts the whole
        // process, so a timed-out test must not run in a thread.
        extends: true,
        test: { name: 'webgpu', include: webgpuTests, pool: 'forks' },
      },
    ],
  },
});
