/**
 * The type check a consumer runs: tools/consumer (an application that uses every package's public
 * API) copied into an installed project and checked by the repo's TypeScript with `skipLibCheck: false`,
 * under `moduleResolution` node16 and bundler. So the published .d.ts files themselves are checked:
 * a lost `@webgpu/types` reference or a `WebAssembly.*` type without the DOM lib fails here.
 */
import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Project } from './project.js';
import { run } from './run.js';

/** The consumer's tsconfig files (node16, node16 with WebGPU, bundler): every `tsconfig.*.json`. */
export async function consumerConfigs(consumerDir: string): Promise<string[]> {
  return (await readdir(consumerDir)).filter((f) => /^tsconfig\..*\.json$/.test(f)).sort();
}

/** Copies the consumer's files (sources and tsconfigs, not its README) into the project. */
export async function copyConsumer(consumerDir: string, project: Project): Promise<void> {
  for (const file of await readdir(consumerDir)) {
    if (/\.(m?ts|json)$/.test(file)) await copyFile(join(consumerDir, file), join(project.dir, file));
  }
}

/** `tsc -p config` in the project with the repo's TypeScript; resolves to its diagnostics ('' if none). */
export async function typeCheck(project: Project, tscBin: string, config: string): Promise<string> {
  const result = await run(process.execPath, [tscBin, '-p', config, '--pretty', 'false'], {
    cwd: project.dir,
    env: project.env,
    allowFailure: true,
  });
  return `${result.stdout}${result.stderr}`.trim();
}
