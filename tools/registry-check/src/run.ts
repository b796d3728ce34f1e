/**
 * Runs a command and returns its output, failing with the command, its exit code and its output:
 * every step of the registry check is a child process (Verdaccio, pnpm, npm, node, tsc), and a failing
 * step must say which one and why in the test report.
 */
import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Accept a non-zero exit (the caller inspects the result), e.g. `npm ls` on a broken tree. */
  allowFailure?: boolean;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command args` in `cwd` and resolves when it exits; rejects on a non-zero exit unless allowed. */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { code: code ?? 1, stdout, stderr };
      if (result.code === 0 || options.allowFailure === true) resolve(result);
      else {
        const tail = `${stdout}\n${stderr}`.slice(-6000);
        reject(
          new Error(`\`${command} ${args.join(' ')}\` in ${options.cwd} exited ${result.code}:\n${tail}`),
        );
      }
    });
  });
}

/**
 * The environment for child processes: this process's, minus the `npm_*`/`pnpm_*` variables that
 * `pnpm test` sets (npm_config_user_agent, npm_package_*, a registry...), which would otherwise make
 * the children's npm behave as if run by the repo's pnpm, plus `extra`.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm|pnpm)_/i.test(key)) env[key] = value;
  }
  return { ...env, NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false', ...extra };
}
