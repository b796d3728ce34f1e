/**
 * The browser test's web server: bundles `page.ts` with esbuild straight from the workspace's
 * TypeScript sources (the `@typetorch/source` export condition, so no build step is needed), and
 * serves the page, the bundle and the MNIST files on 127.0.0.1 (a secure context, as WebGPU requires).
 */
import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The files a page may ask for under `/mnist/`: the four MNIST files, nothing else of the directory. */
const MNIST_FILES = new Set([
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
]);

// `<link rel="icon">`: otherwise Chromium asks for /favicon.ico and logs the 404 as a console error.
const HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>typetorch WebGPU</title><link rel="icon" href="data:,"></head>
<body><script type="module" src="/page.js"></script></body>
</html>
`;

/** Bundles the page for the browser; a Node-only import (`node:*`) anywhere in it fails the build. */
export async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@typetorch/source'],
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

export interface PageServer {
  /** The page's address, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  close(): Promise<void>;
}

/** Serves the page, its bundle and the MNIST files of `mnistDir` on an ephemeral port of 127.0.0.1. */
export async function servePage(bundle: string, mnistDir: string): Promise<PageServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
    } else if (path === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
    } else if (path.startsWith('/mnist/') && MNIST_FILES.has(path.slice('/mnist/'.length))) {
      const file = createReadStream(join(mnistDir, path.slice('/mnist/'.length)));
      file.on('error', () => res.writeHead(404).end());
      file.on('open', () => res.writeHead(200, { 'content-type': 'application/gzip' }));
      file.pipe(res);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
