/**
 * Ctrl-C (SIGINT) or SIGTERM in the middle of `save` leaves no temporary file behind (issue 18: an
 * orphan `.NAME.RANDOM.tmp` stayed in 7 of 8 tries), and the signal still ends the process as it would
 * have without a save running. A real process saves in a loop; the signal lands at several points.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Saves 16 MB of tensors over and over; `ready` once the first save has begun. */
const SCRIPT = (handler: string) => `
import '@typetorch/backend-cpu';
import { join } from 'node:path';
import { save } from '@typetorch/nn/node';
import { randn } from '@typetorch/tensor';
${handler}
const dict = {};
for (let i = 0; i < 8; i++) dict['w' + i] = randn([512, 1024]);
const path = join(process.env.SAVE_DIR, 'model.safetensors');
for (let i = 0; ; i++) {
  const saving = save(dict, path);
  if (i === 0) console.log('ready');
  await saving;
}
`;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the saving loop, sends `signal` `delayMs` after it is ready, and waits for the exit. */
function interrupt(dir: string, signal: NodeJS.Signals, delayMs: number, handler = ''): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@typetorch/source', '--input-type=module', '-e', SCRIPT(handler)],
      { cwd: packageDir, env: { ...process.env, SAVE_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) setTimeout(() => child.kill(signal), delayMs);
    });
    child.on('error', reject);
    child.on('exit', (code, sig) => resolve({ code, signal: sig, stderr }));
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'typetorch-save-signal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const leftovers = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('a signal during save', () => {
  it('SIGINT at several points: no .tmp remains, and the process dies of SIGINT', async () => {
    for (const delayMs of [0, 10, 40, 120]) {
      const exit = await interrupt(dir, 'SIGINT', delayMs);
      expect(exit.stderr).toBe('');
      expect(exit.signal).toBe('SIGINT');
      expect(leftovers(), `SIGINT ${delayMs} ms into the saves`).toEqual([]);
    }
  }, 300_000);

  it('SIGTERM: no .tmp remains, and the process dies of SIGTERM', async () => {
    for (const delayMs of [5, 40]) {
      const exit = await interrupt(dir, 'SIGTERM', delayMs);
      expect(exit.signal).toBe('SIGTERM');
      expect(leftovers()).toEqual([]);
    }
  }, 300_000);

  it("the program's own SIGINT handler decides; its process.exit() still removes the file", async () => {
    const handler = "process.on('SIGINT', () => { console.error('bye'); process.exit(130); });";
    for (const delayMs of [5, 40]) {
      const exit = await interrupt(dir, 'SIGINT', delayMs, handler);
      expect(exit.stderr).toBe('bye\n');
      expect(exit.code).toBe(130);
      expect(leftovers()).toEqual([]);
    }
  }, 300_000);
});
