/**
 * Cross-origin isolation of the page: with these two headers `crossOriginIsolated` is true, so the
 * browser allows SharedArrayBuffer and the CPU backend runs its threaded WebAssembly kernels in the
 * training worker (one thread per core instead of one). The static build ships the same headers in
 * `_headers` (Netlify, Cloudflare Pages); the README gives nginx and Apache lines.
 *
 * `require-corp` rather than `credentialless`: Safari supports only the former. The page loads nothing
 * cross-origin by default; a `?data=` URL on another origin is fetched with CORS, which both allow.
 */
import type { Connect, Plugin } from 'vite';

export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Sends the headers with every response of the dev and preview servers. A middleware rather than
 * Vite's `server.headers`/`preview.headers`, which other middlewares' responses (the MNIST files,
 * the preview's HTML fallback) do not get.
 */
export function crossOriginIsolation(): Plugin {
  const middleware: Connect.NextHandleFunction = (_req, res, next) => {
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
    next();
  };
  return {
    name: 'typetorch-cross-origin-isolation',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}
