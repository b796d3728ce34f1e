import { defineConfig } from 'vitest/config';
import PlainSummaryReporter from './scripts/plain-summary-reporter.ts';

// Tests import workspace packages through the "@typetorch/source" export condition, so they run
// against TypeScript sources without a build. Vitest resolves Node tests in Vite's SSR environment,
// hence ssr.resolve.conditions (resolve.conditions alone is not consulted there).
const conditions = ['@typetorch/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'bench/src/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    reporters: ['default', new PlainSummaryReporter()],
    testTimeout: 30_000,
  },
});
