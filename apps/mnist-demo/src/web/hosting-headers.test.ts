import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connect, Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { crossOriginIsolation, ISOLATION_HEADERS } from '../../vite-isolation.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** The headers `_headers` gives to the path pattern `/*` (Netlify's and Cloudflare Pages' format). */
function headersForAll(file: string): Record<string, string> {
  const lines = file.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const start = lines.indexOf('/*');
  const headers: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (!/^\s/.test(line)) break;
    const [name, ...value] = line.trim().split(':');
    headers[name] = value.join(':').trim();
  }
  return headers;
}

describe('cross-origin isolation headers', () => {
  it('the static build ships them in _headers, for every path', () => {
    const file = readFileSync(join(here, 'public/_headers'), 'utf8');
    expect(headersForAll(file)).toEqual(ISOLATION_HEADERS);
    expect(ISOLATION_HEADERS['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(ISOLATION_HEADERS['Cross-Origin-Embedder-Policy']).toBe('require-corp');
  });

  it('the dev and preview servers send them with every response', () => {
    const plugin: Plugin = crossOriginIsolation();
    for (const hook of ['configureServer', 'configurePreviewServer'] as const) {
      const used: Connect.NextHandleFunction[] = [];
      const server = { middlewares: { use: (m: Connect.NextHandleFunction) => used.push(m) } };
      (plugin[hook] as (s: unknown) => void)(server);
      expect(used).toHaveLength(1);
      const set: Record<string, string> = {};
      let passedOn = false;
      const res = { setHeader: (name: string, value: string) => (set[name] = value) };
      used[0]({} as never, res as never, () => (passedOn = true));
      expect(set).toEqual(ISOLATION_HEADERS);
      expect(passedOn).toBe(true);
    }
  });
});
