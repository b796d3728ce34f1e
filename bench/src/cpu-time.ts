/**
 * The CPU time a child process has used so far, all its threads together, read from Linux's /proc.
 * The suite uses it to see whether an idle child is still computing (OpenBLAS's worker threads spin
 * for a while after each call, OpenMP's threads too, Node's GC threads may finish a collection) while
 * another child is being timed: see settle.ts.
 *
 * Each thread's `/proc/<pid>/task/<tid>/schedstat` gives its run time in nanoseconds; where that file
 * is missing, `/proc/<pid>/stat` gives the process's user and system time in clock ticks (1/100 s on
 * Linux), which is coarse but still shows a spinning thread. Elsewhere (macOS, Windows) there is no
 * reading, and the suite does without (it says so).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

/** The run time in /proc/<pid>/task/<tid>/schedstat (its first field, nanoseconds). */
export function parseSchedstat(text: string): number {
  const field = text.trim().split(/\s+/)[0];
  if (!/^\d+$/.test(field)) throw new Error(`schedstat: unexpected ${JSON.stringify(text)}`);
  return Number(field);
}

/**
 * utime + stime of /proc/<pid>/stat, in nanoseconds. The command name (field 2) is in parentheses
 * and may hold spaces, so the fields are counted from the last `)`: utime and stime are fields 14
 * and 15 of the line, the 12th and 13th after the name.
 */
export function parseStatCpuNs(text: string): number {
  const rest = text
    .slice(text.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/);
  const ticks = Number(rest[11]) + Number(rest[12]);
  if (!Number.isFinite(ticks)) throw new Error(`stat: unexpected ${JSON.stringify(text)}`);
  return (ticks * 1e9) / CLOCK_TICKS_PER_SECOND;
}

/** The CPU time (ns) process `pid` has used, over its live threads; undefined if /proc cannot say. */
export function processCpuNs(pid: number): number | undefined {
  try {
    let total = 0;
    let read = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += parseSchedstat(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8'));
        read++;
      } catch {
        // The thread ended between the listing and the read: its time is gone with it.
      }
    }
    if (read === 0) throw new Error('no schedstat');
    return total;
  } catch {
    try {
      return parseStatCpuNs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return undefined;
    }
  }
}
