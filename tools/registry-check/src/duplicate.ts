/**
 * Forces a duplicate copy of @typetorch/tensor, the layout npm makes when versions drift out of a
 * shared range: an older tensor, packed from the registry, nested under backend-cpu, so backend-cpu
 * imports its own copy while the user imports the top-level one.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Project } from './project.js';
import { run } from './run.js';

/** Puts `name@version` from the registry into `node_modules/<under>/node_modules/<name>`. */
export async function nestCopy(
  project: Project,
  under: string,
  name: string,
  version: string,
): Promise<string> {
  const packDir = join(project.dir, '.packed');
  await mkdir(packDir, { recursive: true });
  await run('npm', ['pack', `${name}@${version}`, '--pack-destination', packDir], {
    cwd: project.dir,
    env: project.env,
  });
  const [tarball] = (await readdir(packDir)).filter((f) => f.endsWith('.tgz'));
  const dest = join(project.dir, 'node_modules', under, 'node_modules', name);
  await mkdir(dest, { recursive: true });
  // npm tarballs hold everything under package/.
  await run('tar', ['xzf', join(packDir, tarball!), '--strip-components=1', '-C', dest], {
    cwd: project.dir,
    env: project.env,
  });
  await rm(packDir, { recursive: true, force: true });
  return dest;
}
