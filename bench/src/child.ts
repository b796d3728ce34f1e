/**
 * The coordinator's handle on one system's child process: start it, send a command, await its reply.
 * Only one command is in flight per child, and the suite talks to one child at a time; a child that
 * has replied may still be computing for a while (spinning BLAS threads), which settle.ts waits out.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type Command, decodeReply, type Reply, type SystemInfo } from './protocol.js';
import type { Launch } from './systems.js';

/** A command gets this long to answer (one CNN training step of TF.js's CPU backend takes minutes). */
const REPLY_TIMEOUT_MS = 30 * 60_000;

export class SystemProcess {
  private pending: { resolve(r: Reply): void; reject(e: Error): void } | undefined;
  private exited: Error | undefined;
  private readonly stderrTail: string[] = [];

  private constructor(
    readonly id: string,
    private readonly child: ChildProcess,
  ) {
    const tag = `[${id}] `;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let reply: Reply | undefined;
      try {
        reply = decodeReply(line);
      } catch (e) {
        this.fail(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      if (reply === undefined) {
        process.stderr.write(`${tag}${line}\n`);
        return;
      }
      const pending = this.pending;
      this.pending = undefined;
      if (pending === undefined) this.fail(new Error(`${id}: unexpected reply ${line}`));
      else pending.resolve(reply);
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > 20) this.stderrTail.shift();
      process.stderr.write(`${tag}${line}\n`);
    });
    child.on('error', (e) => this.fail(new Error(`${id}: could not start: ${e.message}`)));
    // A write to a child that has just died fails with EPIPE; the 'exit' handler reports the death.
    child.stdin!.on('error', () => {});
    child.on('exit', (code, signal) => {
      this.fail(new Error(`${id}: exited (${signal ?? `code ${code}`})${this.tail()}`));
    });
  }

  /** The child's process id (for its CPU time, see settle.ts); undefined if it never started. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private tail(): string {
    return this.stderrTail.length === 0 ? '' : `; last output:\n  ${this.stderrTail.slice(-5).join('\n  ')}`;
  }

  private fail(error: Error): void {
    this.exited ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }

  /** Starts the child and waits for its `hello`; throws with the child's own message if it fails. */
  static async start(id: string, launch: Launch): Promise<{ process: SystemProcess; info: SystemInfo }> {
    const child = spawn(launch.command, launch.args, { env: launch.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const proc = new SystemProcess(id, child);
    const hello = await proc.next();
    if (hello.type === 'hello') return { process: proc, info: hello.info };
    await proc.close();
    throw new Error(hello.type === 'error' ? hello.message : `expected hello, got ${hello.type}`);
  }

  private next(): Promise<Reply> {
    if (this.exited !== undefined) return Promise.reject(this.exited);
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new Error(`${this.id}: no reply within ${REPLY_TIMEOUT_MS / 1000} s`)),
        REPLY_TIMEOUT_MS,
      );
      this.pending = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  /** Sends a command and returns the reply; an `error` reply becomes a thrown Error. */
  async request(command: Command): Promise<Reply> {
    if (this.exited !== undefined) throw this.exited;
    const reply = this.next();
    this.child.stdin!.write(`${JSON.stringify(command)}\n`);
    const r = await reply;
    if (r.type === 'error') throw new Error(r.message);
    return r;
  }

  /** Asks the child to exit and waits for it (killing it if it does not go within 5 s). */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end(`${JSON.stringify({ cmd: 'exit' } satisfies Command)}\n`);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
}
