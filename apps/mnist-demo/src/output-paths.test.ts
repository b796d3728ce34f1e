/**
 * Every output path is checked before training starts (issue 18): a `--save` that cannot be written
 * fails at once with exit code 2 and one line naming the path and the reason, instead of after every
 * epoch. The data directory given here does not exist, so reaching the data at all would fail with a
 * different message: these runs never get that far.
 */
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { bufferIo } from './io.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'mnist-demo-out-'));
});
afterAll(async () => {
  await chmod(join(tmp, 'locked'), 0o755).catch(() => {});
  await rm(tmp, { recursive: true, force: true });
});

async function trainWithSave(save: string) {
  const io = bufferIo();
  const code = await main(['--save', save, '--data', join(tmp, 'no-such-data'), '--json'], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

function expectOneLine(stderr: string, ...parts: string[]): void {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  for (const part of parts) expect(stderr).toContain(part);
  expect(stderr).not.toContain('MNIST data'); // the data was never looked at
}

describe('--save is checked before training starts', () => {
  it('a missing parent directory', async () => {
    const path = join(tmp, 'no', 'such', 'dir', 'm.safetensors');
    const r = await trainWithSave(path);
    expect(r.code).toBe(2);
    expectOneLine(
      r.stderr,
      `--save ${path}`,
      `the directory ${join(tmp, 'no', 'such', 'dir')} does not exist`,
    );
    expect(r.stdout).toBe('');
  });

  it('a parent that is a file', async () => {
    const file = join(tmp, 'plain-file');
    await writeFile(file, 'x');
    const path = join(file, 'm.safetensors');
    const r = await trainWithSave(path);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, `--save ${path}`, `${file} is not a directory`);
  });

  it('a target that is a directory', async () => {
    const path = join(tmp, 'a-directory');
    await mkdir(path);
    const r = await trainWithSave(path);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, `--save ${path}`, 'it is a directory');
  });

  it('a directory that cannot be written (nothing is left behind by the probe)', async () => {
    // Root may write anywhere chmod allows nothing; sysfs refuses new files even to root.
    let dir = '/sys';
    if (process.platform !== 'linux' || process.getuid?.() !== 0) {
      dir = join(tmp, 'locked');
      await mkdir(dir);
      await chmod(dir, 0o555);
    }
    const path = join(dir, 'm.safetensors');
    const r = await trainWithSave(path);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, `--save ${path}`, `cannot create files in ${dir}`);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a writable path passes the check and leaves no probe file behind', async () => {
    const dir = join(tmp, 'ok');
    await mkdir(dir);
    const r = await trainWithSave(join(dir, 'm.safetensors'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read the MNIST data'); // got past the check, to the data
    expect(await readdir(dir)).toEqual([]);
  });
});
