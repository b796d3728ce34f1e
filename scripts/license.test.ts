/**
 * Every published package carries the repository's LICENSE: npm packs only the package's own
 * directory, so the root file alone would leave the tarballs without one (issue 19).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootLicense = readFileSync(join(root, 'LICENSE'), 'utf8');

/** The package directories under packages/ that npm publishes (not `private`). */
const published = readdirSync(join(root, 'packages')).filter((dir) => {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  return manifest.private !== true;
});

describe('LICENSE', () => {
  it('the root LICENSE is the MIT licence of the typetorch authors', () => {
    expect(rootLicense.startsWith('MIT License\n')).toBe(true);
    expect(rootLicense).toContain('Copyright (c) 2026 the typetorch authors');
    expect(rootLicense).toContain('THE SOFTWARE IS PROVIDED "AS IS"');
  });

  it('finds the eight published packages', () => {
    expect(published.sort()).toEqual([
      'autograd',
      'backend-cpu',
      'backend-webgpu',
      'conformance',
      'data',
      'nn',
      'optim',
      'tensor',
    ]);
  });

  it.each(published)('packages/%s/LICENSE is identical to the root LICENSE', (dir) => {
    expect(readFileSync(join(root, 'packages', dir, 'LICENSE'), 'utf8')).toBe(rootLicense);
  });
});
