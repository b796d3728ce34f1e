/**
 * Output paths are checked before any work starts (issue 18: a `--save` into a missing directory used
 * to train every epoch, then fail). A path passes when its parent exists and is a directory, the path
 * itself is not a directory, and a file can be created beside it: a probe file is created and removed
 * again, which catches read-only directories, read-only file systems and missing permissions alike.
 */
import { randomBytes } from 'node:crypto';
import { stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOSPC') return 'no space left on the device';
  return err instanceof Error ? err.message : String(err);
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return 'not-a-directory' as const;
    throw err;
  }
}

/** Why `path` cannot be written, or undefined when it can. */
async function whyNotWritable(path: string): Promise<string | undefined> {
  const dir = dirname(resolve(path));
  const parent = await statOrUndefined(dir);
  if (parent === undefined) return `the directory ${dirname(path)} does not exist`;
  if (parent === 'not-a-directory' || !parent.isDirectory()) {
    return `${dirname(path)} is not a directory`;
  }
  const target = await statOrUndefined(resolve(path));
  if (target !== undefined && target !== 'not-a-directory' && target.isDirectory()) {
    return 'it is a directory';
  }
  const probe = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.probe.tmp`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (err) {
    return `cannot create files in ${dirname(path)} (${reason(err)})`;
  }
  await unlink(probe).catch(() => {});
  return undefined;
}

/**
 * Throws a UsageError (exit code 2) naming the option, the path and the reason when `path` cannot be
 * written; `option` is the command-line option that gave it (`--save`).
 */
export async function checkOutputPath(path: string, option: string): Promise<void> {
  let why: string | undefined;
  try {
    why = await whyNotWritable(path);
  } catch (err) {
    why = reason(err);
  }
  if (why !== undefined) throw new UsageError(`${option} ${path}: cannot write there: ${why}`);
}
