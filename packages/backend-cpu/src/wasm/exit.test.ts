// Worker threads must never keep a Node process alive: after a multi-threaded matmul, a script that
// has nothing left to do exits at once (the workers are unref'd and sleep in Atomics.wait).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

const SCRIPT = `
import { randn } from '@typetorch/tensor';
import { setNumThreads, wasmStatus } from '@typetorch/backend-cpu';
setNumThreads(2);
const a = randn([256, 512]);
const b = randn([512, 384]);
// Until the worker has really taken part (it starts asynchronously), so it is alive and waiting at exit.
for (let i = 0; i < 2000 && wasmStatus().workerChunks === 0; i++) a.matmul(b).dispose();
console.log(JSON.stringify(wasmStatus()));
`;

it('exits promptly after multi-threaded work (no hanging process)', () => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@typetorch/source', '--input-type=module', '-e', SCRIPT],
    // A hang is what this catches: spawnSync kills the child after the timeout and sets run.error.
    { cwd: packageDir, encoding: 'utf8', timeout: 240_000 },
  );
  expect(run.error).toBeUndefined();
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const status = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
  expect(status).toMatchObject({ enabled: true, shared: true, workers: 1 });
  expect(status.workerChunks).toBeGreaterThan(0);
});
