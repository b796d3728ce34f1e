/**
 * The suite itself, without a device: its fixtures all serve a case (the package ships nothing
 * unused), and every case has its own title (a runner reports `group: name`, so a duplicate would
 * make a failure ambiguous). The backends' conformance tests run the cases themselves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceCases, gradientCases } from './index.js';

const src = new URL('.', import.meta.url).pathname;

/** The suite's source files (tests excluded), relative to src/. */
function sources(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [relative(src, path)] : [];
  });
}

describe('@typetorch/conformance', () => {
  it('imports every fixture file it ships', () => {
    const imported = new Set(
      sources().flatMap((file) =>
        [
          ...readFileSync(join(src, file), 'utf8').matchAll(/from '(?:\.\.?\/)+fixtures\/([\w-]+\.json)'/g),
        ].map((m) => m[1]),
      ),
    );
    const shipped = readdirSync(join(src, 'fixtures')).filter((f) => f.endsWith('.json'));
    expect(shipped.length).toBeGreaterThan(0);
    expect(shipped.filter((f) => !imported.has(f))).toEqual([]);
    expect([...imported].filter((f) => !shipped.includes(f))).toEqual([]);
  });

  it('gives every case its own title', () => {
    const titles = [...conformanceCases(), ...gradientCases()].map((c) => `${c.group}: ${c.name}`);
    expect(titles.length).toBeGreaterThan(1000);
    expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
  });
});
