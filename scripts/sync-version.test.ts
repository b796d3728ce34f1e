/**
 * `scripts/sync-version.mjs`, which `pnpm release` runs after `changeset version`: it must carry the
 * bumped package.json version into `packages/tensor/src/version.ts` and refuse anything it cannot write
 * safely. Runs the script on a temporary copy, never on the repository.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const script = join(root, 'scripts/sync-version.mjs');

/** Runs the script on `dir`; its exit code and output. */
function sync(dir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, dir], (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: stdout + stderr });
    });
  });
}

describe('scripts/sync-version.mjs', () => {
  let dir: string;
  const versionFile = () => join(dir, 'packages/tensor/src/version.ts');
  const setVersion = (version: unknown) =>
    writeFile(
      join(dir, 'packages/tensor/package.json'),
      JSON.stringify({ name: '@typetorch/tensor', version }),
    );

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'typetorch-sync-version-'));
    await mkdir(join(dir, 'packages/tensor/src'), { recursive: true });
    // The repository's own version.ts, so that the script is tested against the file it must rewrite.
    await writeFile(versionFile(), await readFile(join(root, 'packages/tensor/src/version.ts'), 'utf8'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("rewrites VERSION from package.json's version and keeps the rest of the file", async () => {
    const before = await readFile(versionFile(), 'utf8');
    await setVersion('0.3.1');
    expect((await sync(dir)).code).toBe(0);
    const after = await readFile(versionFile(), 'utf8');
    expect(after).toContain("export const VERSION = '0.3.1';");
    expect(after.replace(/VERSION = '[^']*'/, '')).toBe(before.replace(/VERSION = '[^']*'/, ''));
  });

  it('accepts a prerelease version and leaves an up-to-date file alone', async () => {
    await setVersion('1.0.0-next.2');
    expect((await sync(dir)).code).toBe(0);
    const { code, output } = await sync(dir);
    expect(code).toBe(0);
    expect(output).toContain('unchanged');
    expect(await readFile(versionFile(), 'utf8')).toContain("export const VERSION = '1.0.0-next.2';");
  });

  it('refuses a version that is not plain semver (it would be written into source code)', async () => {
    const before = await readFile(versionFile(), 'utf8');
    await setVersion("1.0.0'; throw 1; '");
    const { code, output } = await sync(dir);
    expect(code).toBe(1);
    expect(output).toContain('no valid "version"');
    expect(await readFile(versionFile(), 'utf8')).toBe(before);
  });

  it('fails when version.ts has no VERSION declaration to rewrite', async () => {
    await setVersion('0.2.0');
    await writeFile(versionFile(), 'export const version = 1;\n');
    const { code, output } = await sync(dir);
    expect(code).toBe(1);
    expect(output).toContain('no "export const VERSION');
  });
});
