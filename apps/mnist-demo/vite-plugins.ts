/**
 * Vite plugins of the browser page: `serveMnist` serves the MNIST files at /data/mnist/ (dev and
 * preview servers); `browserOnly` fails the build when Node-only code would reach the browser bundle.
 */
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Connect, Plugin } from 'vite';

/** The files the page fetches (gzip'd, as distributed, or raw). */
const FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];
const SERVED = new Set(FILES.flatMap((f) => [f, `${f}.gz`]));

/** Serves the four MNIST files of `dir` at `/data/mnist/NAME`, byte for byte (no Content-Encoding). */
export function serveMnist(dir: string, path = '/data/mnist/'): Plugin {
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(path)) return next();
    const name = url.pathname.slice(path.length);
    if (!SERVED.has(name)) {
      res.statusCode = 404;
      res.end(`not an MNIST file: ${name}`);
      return;
    }
    const file = join(dir, name);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      res.statusCode = 404;
      res.end(`${name} is not in ${dir} (set TYPETORCH_MNIST_DIR)`);
      return;
    }
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(size));
    res.setHeader('Cache-Control', 'max-age=3600');
    createReadStream(file).pipe(res);
  };
  return {
    name: 'typetorch-serve-mnist',
    configureServer(server) {
      server.middlewares.use(middleware);
      server.httpServer?.once('listening', () => server.config.logger.info(`  MNIST files from ${dir}`));
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}

/** Node built-ins and the command line's Node-only dependencies. */
const NODE_ONLY = /^(node:|pngjs$|commander$|cli-progress$|asciichart$|webgpu$|@typetorch\/[\w-]+\/node$)/;

/** Fails on an import of Node-only code (Vite would otherwise stub node:fs and fail at run time). */
export function browserOnly(): Plugin {
  return {
    name: 'typetorch-browser-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (NODE_ONLY.test(source)) {
        this.error(`${source} is Node-only and must not reach the browser page (imported by ${importer})`);
      }
      return null;
    },
  };
}
