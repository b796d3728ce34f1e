/**
 * The line protocol between the coordinator and a system's child process (Node or Python).
 *
 * The coordinator writes one JSON command per line to the child's stdin; the child answers each
 * command with exactly one JSON reply on stdout, on a line that starts with {@link MARKER}. Lines
 * without the marker are the libraries' own chatter (banners, warnings): the coordinator passes them
 * on to stderr, so nothing a library prints can be mistaken for a reply. `torch_runner.py` speaks the
 * same protocol; keep the two in step.
 */
import type { WorkloadSpec } from './workloads.js';

/** Prefix of every reply line. */
export const MARKER = '@@typetorch-bench ';

/** What a child reports once it has loaded its library. */
export interface SystemInfo {
  /** Library and version, e.g. "@tensorflow/tfjs-core 4.22.0". */
  library: string;
  /** Worker threads the library computes with, when it says (1 for single-threaded). */
  threads?: number;
  /** Anything that qualifies the figures (BLAS in use, shims applied...). */
  notes: string[];
}

export type Command =
  /**
   * Build the workload's inputs (and model), then run warm-up iterations: `iterations` and `ms` as
   * in `measure`, but stop at once after an iteration slower than `slowMs`.
   */
  | { cmd: 'setup'; workload: WorkloadSpec; warmup: { iterations: number; ms: number; slowMs: number } }
  /** Time iterations of the current workload until both minimums are met. */
  | { cmd: 'measure'; minIterations: number; minMs: number }
  /** Free the current workload. */
  | { cmd: 'teardown' }
  | { cmd: 'exit' };

export type Reply =
  | { type: 'hello'; info: SystemInfo }
  | {
      type: 'ready';
      /** Seconds of each warm-up iteration: a system too slow for rounds is timed by these alone. */
      warmup: number[];
      check: number | null;
    }
  | {
      type: 'measured';
      /** Seconds of each timed iteration, in order. */
      times: number[];
      /**
       * A value computed by the last iteration (the loss for training, a checksum otherwise), so the
       * coordinator can flag a system whose numbers went NaN instead of timing garbage; null when it
       * was not finite (JSON has no NaN).
       */
      check: number | null;
    }
  | { type: 'done' }
  /** `message` starts with {@link UNSUPPORTED} when the library cannot run the workload at all. */
  | { type: 'error'; message: string };

/** Prefix of an error message that means "this library cannot do this workload" rather than a failure. */
export const UNSUPPORTED = 'unsupported: ';

/** One reply as a protocol line (with the trailing newline). */
export function encodeReply(reply: Reply): string {
  return `${MARKER}${JSON.stringify(reply)}\n`;
}

/** The reply a stdout line carries, or undefined for a line that is not a protocol line. */
export function decodeReply(line: string): Reply | undefined {
  if (!line.startsWith(MARKER)) return undefined;
  const value: unknown = JSON.parse(line.slice(MARKER.length));
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
    throw new Error(`bench protocol: malformed reply ${JSON.stringify(line)}`);
  }
  return value as Reply;
}
