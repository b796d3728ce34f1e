/**
 * The browser bundle a web app would ship: esbuild (platform browser, ESM, minified) of an entry in an
 * installed project, so it bundles the published files as npm laid them out. Sizes raw and gzipped
 * (gzip's default level, as a web server would serve them).
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Project } from './project.js';

export interface BundleSize {
  name: string;
  raw: number;
  gzip: number;
}

/** Bundles `entryFile` (copied into the project) and measures the output. */
export async function bundleSize(project: Project, name: string, entryFile: string): Promise<BundleSize> {
  const entry = join(project.dir, `bundle-entry-${name}.mjs`);
  await copyFile(entryFile, entry);
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: project.dir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { name, raw: code.byteLength, gzip: gzipSync(code).byteLength };
}

/** KB with one decimal (1 KB = 1024 bytes). */
export const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

/** The sizes as a Markdown table, with each budget. */
export function sizeTable(sizes: BundleSize[], budgets: Record<string, { gzipKB: number }>): string {
  const rows = sizes.map(
    (s) => `| ${s.name} | ${kb(s.raw)} KB | ${kb(s.gzip)} KB | ${budgets[s.name]?.gzipKB ?? '-'} KB |`,
  );
  return ['| bundle | minified | gzip | gzip budget |', '|---|---|---|---|', ...rows].join('\n');
}
