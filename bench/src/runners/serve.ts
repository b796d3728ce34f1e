/**
 * The child side of the protocol for the Node runners: reads commands from stdin, times iterations,
 * answers on stdout. A runner supplies a {@link Library}; everything else (warm-up, the timing loop,
 * error replies) is here, once, so every JavaScript system is timed by the same code.
 */
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { type Command, encodeReply, type Reply, type SystemInfo } from '../protocol.js';
import type { WorkloadSpec } from '../workloads.js';

/** One workload, set up: `step` runs one iteration to completion (result on the host). */
export interface Session {
  /** Runs one iteration; returns the loss (training) or one output value (otherwise). */
  step(): Promise<number>;
  /** Frees the workload's tensors and model. */
  dispose(): void;
  /**
   * Called once after the warm-up, before the first timed iteration: an epoch workload starts its
   * timed pass over the data from the first batch here.
   */
  afterWarmup?(): void;
}

export interface Library {
  info: SystemInfo;
  setup(spec: WorkloadSpec): Promise<Session>;
}

function send(reply: Reply): void {
  process.stdout.write(encodeReply(reply));
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs iterations until at least `minIterations` ran and they took at least `minMs` in total, or
 * one took longer than `slowMs`; returns each iteration's seconds and the last iteration's value.
 */
export async function timeIterations(
  session: Session,
  minIterations: number,
  minMs: number,
  slowMs = Number.POSITIVE_INFINITY,
): Promise<{ times: number[]; check: number }> {
  const times: number[] = [];
  let total = 0;
  let check = Number.NaN;
  while (times.length < minIterations || total < minMs) {
    const start = performance.now();
    check = await session.step();
    const elapsed = performance.now() - start;
    times.push(elapsed / 1000);
    total += elapsed;
    if (elapsed > slowMs) break;
  }
  return { times, check };
}

async function handle(
  command: Command,
  library: Library,
  state: { session?: Session },
): Promise<Reply | 'exit'> {
  switch (command.cmd) {
    case 'setup': {
      state.session?.dispose();
      state.session = undefined;
      state.session = await library.setup(command.workload);
      const { times, check } = await timeIterations(
        state.session,
        command.warmup.iterations,
        command.warmup.ms,
        command.warmup.slowMs,
      );
      state.session.afterWarmup?.();
      return { type: 'ready', warmup: times, check: Number.isFinite(check) ? check : null };
    }
    case 'measure': {
      if (state.session === undefined) throw new Error('measure before setup');
      const { times, check } = await timeIterations(state.session, command.minIterations, command.minMs);
      return { type: 'measured', times, check: Number.isFinite(check) ? check : null };
    }
    case 'teardown':
      state.session?.dispose();
      state.session = undefined;
      return { type: 'done' };
    case 'exit':
      return 'exit';
  }
}

/** Loads the library (replying `hello`, or `error` and exiting), then serves commands until `exit`. */
export async function serve(load: () => Promise<Library>): Promise<void> {
  let library: Library;
  try {
    library = await load();
  } catch (e) {
    send({ type: 'error', message: message(e) });
    process.exit(1);
  }
  send({ type: 'hello', info: library.info });
  const state: { session?: Session } = {};
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === '') continue;
    let reply: Reply | 'exit';
    try {
      reply = await handle(JSON.parse(line) as Command, library, state);
    } catch (e) {
      reply = { type: 'error', message: message(e) };
    }
    if (reply === 'exit') break;
    send(reply);
  }
  state.session?.dispose();
  process.exit(0);
}
