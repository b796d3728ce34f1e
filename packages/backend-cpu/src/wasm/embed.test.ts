// The committed kernels must be exactly what the committed sources compile to: a fresh build of
// assembly/ with the pinned AssemblyScript reproduces kernels.generated.ts byte for byte.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { buildKernels, EMBED_PATH, renderEmbed } from '../../scripts/build-wasm.js';

it('kernels.generated.ts matches a fresh build of assembly/ (run `pnpm build:wasm` if not)', async () => {
  const fresh = renderEmbed(await buildKernels());
  const committed = await readFile(EMBED_PATH, 'utf8');
  expect(
    committed === fresh,
    'kernels.generated.ts is stale: run `pnpm --filter @typetorch/backend-cpu build:wasm`',
  ).toBe(true);
}, 120_000);
