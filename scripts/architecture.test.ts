/**
 * The house rules, enforced by `pnpm test`: the layering of the packages (.dependency-cruiser.cjs, also
 * `pnpm lint:deps`), the lint rules with the size budget (biome.json: no file over 600 lines, no
 * function over 100), and the type check (`pnpm typecheck`: the op table makes a misspelt op or
 * attribute a type error, and vitest alone does not check types).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The directories that hold code (the units of .dependency-cruiser.cjs live in them). */
const cruised = ['packages', 'apps', 'bench', 'tools', 'scripts'].filter((d) => existsSync(join(root, d)));

/** Cruises `dirs` of `baseDir` with the repo's rules; one line per violation, with the rule's comment. */
async function violations(options: ICruiseOptions, baseDir: string, dirs: string[]): Promise<string[]> {
  const { output } = await cruise(dirs, { ...options, baseDir });
  const comments = new Map((options.ruleSet?.forbidden ?? []).map((r) => [r.name, r.comment]));
  return (output as ICruiseResult).summary.violations.map(
    (v) => `${v.rule.name}: ${v.from} -> ${v.to} (${comments.get(v.rule.name) ?? ''})`,
  );
}

const repoOptions = () => extractDepcruiseOptions(join(root, '.dependency-cruiser.cjs'));

describe('layering (dependency-cruiser)', () => {
  it('no import breaks the rules of .dependency-cruiser.cjs', async () => {
    expect(await violations(await repoOptions(), root, cruised)).toEqual([]);
  });

  it('catches a relative import into another package, and tensor importing autograd', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'typetorch-depcruise-'));
    try {
      const files: Record<string, string> = {
        'packages/backend-cpu/bench/timing.ts': 'export const t = 1;\n',
        'packages/backend-webgpu/bench/run.ts':
          "import { t } from '../../backend-cpu/bench/timing.js';\nexport { t };\n",
        'packages/autograd/src/index.ts': 'export const x = 1;\n',
        'packages/tensor/src/index.ts': "import { x } from '../../autograd/src/index.js';\nexport { x };\n",
      };
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), text);
      }
      const found = (await violations(await repoOptions(), dir, ['packages'])).map((v) => v.split(' (')[0]);
      expect(found.sort()).toEqual([
        'layering-tensor: packages/tensor/src/index.ts -> packages/autograd/src/index.ts',
        'no-relative-import-across-packages: packages/backend-webgpu/bench/run.ts -> packages/backend-cpu/bench/timing.ts',
        'no-relative-import-across-packages: packages/tensor/src/index.ts -> packages/autograd/src/index.ts',
        'undeclared-repo-package-packages-tensor: packages/tensor/src/index.ts -> packages/autograd/src/index.ts',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('lint and size budget (biome)', () => {
  it('biome lint is clean: no file over 600 lines, no function over 100, and the other rules', async () => {
    const biome = join(root, 'node_modules/.bin/biome');
    const args = ['lint', '--max-diagnostics=none', '--colors=off', '.'];
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(biome, args, { cwd: root, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, output: `${stdout}${stderr}` });
      });
    });
    expect(code, output).toBe(0);
  });
});

describe('types (tsc)', () => {
  it('the sources and the tests type-check', async () => {
    const tsc = join(root, 'node_modules/.bin/tsc');
    const run = (args: string[]) =>
      new Promise<{ code: number; output: string }>((resolve) => {
        execFile(tsc, args, { cwd: root, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, output: `${stdout}${stderr}` });
        });
      });
    const build = await run(['-b', 'tsconfig.json']);
    expect(build.code, build.output).toBe(0);
    const tests = await run(['-p', 'tsconfig.tests.json']);
    expect(tests.code, tests.output).toBe(0);
  }, 600_000);
});
