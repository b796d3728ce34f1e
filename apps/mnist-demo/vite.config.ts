/**
 * The browser page (src/web): `pnpm demo:web` (dev server) and `pnpm --filter @typetorch/mnist-demo
 * build:web` (a static site in dist/web). The dev and preview servers also serve the MNIST files at
 * /data/mnist/ from TYPETORCH_MNIST_DIR, else ../shared/datasets/mnist beside the repository.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { crossOriginIsolation } from './vite-isolation.ts';
import { browserOnly, serveMnist } from './vite-plugins.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.TYPETORCH_MNIST_DIR || resolve(here, '../../../shared/datasets/mnist');

// Workspace packages resolve to their TypeScript sources, as in the tests.
const conditions = ['@typetorch/source', 'module', 'browser', 'development|production'];

export default defineConfig({
  root: resolve(here, 'src/web'),
  base: './',
  envDir: here,
  resolve: { conditions },
  // COOP/COEP on every response: the CPU backend's threads need a cross-origin-isolated page.
  plugins: [crossOriginIsolation(), browserOnly(), serveMnist(dataDir)],
  worker: { format: 'es', plugins: () => [browserOnly()] },
  optimizeDeps: { include: ['uplot'] },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    outDir: resolve(here, 'dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
});
