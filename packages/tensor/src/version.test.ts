import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { version } from './index.js';
import { VERSION } from './version.js';

describe('version', () => {
  it("equals package.json's version (a release that forgot to sync version.ts fails here)", () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
    expect(version).toBe(pkg.version);
  });
});
