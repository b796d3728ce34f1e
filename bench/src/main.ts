/**
 * `pnpm bench`: typetorch against TensorFlow.js (cpu and wasm backends) and PyTorch on the same
 * machine, in one run. Each system runs in a child process of its own (TF.js backends register
 * globals, PyTorch is Python); this process only coordinates, one child at a time, in interleaved
 * rounds (schedule.ts). It prints a table of median rates, their range over the rounds and each
 * system's ratio to typetorch, and writes everything to a JSON file. A benchmark, not a test: CI
 * never runs it.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { SystemProcess } from './child.js';
import { createProgram, type Options, parseOptions } from './cli.js';
import { CpuGuard } from './guard.js';
import { interferenceNotes } from './interference.js';
import { describeMachine } from './machine.js';
import { type Report, resultsTable, type SystemEntry, tableNotes, type WorkloadResult } from './results.js';
import { findSetNumThreads } from './runners/threads.js';
import { budgetFor } from './schedule.js';
import { SETTLE } from './settle.js';
import { runWorkload } from './suite.js';
import {
  defaultSystemIds,
  type LaunchContext,
  launchFor,
  OPENBLAS_DIR,
  PYTHON,
  parseSystemId,
  referenceSystem,
  systemLabel,
} from './systems.js';
import { selectWorkloads, WORKLOADS } from './workloads.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');

/** Whether typetorch's CPU backend can set its thread count yet (it is gaining setNumThreads). */
async function typetorchHasThreads(): Promise<boolean> {
  const [cpu, tensor] = await Promise.all([import('@typetorch/backend-cpu'), import('@typetorch/tensor')]);
  return findSetNumThreads([cpu, cpu.cpuBackend, tensor]) !== undefined;
}

function printList(): void {
  console.log('workloads:');
  for (const w of WORKLOADS) console.log(`  ${w.id.padEnd(20)} ${w.title} (${w.unit})`);
  console.log('systems:');
  console.log('  typetorch, typetorch-tN (N threads, once backend-cpu has setNumThreads)');
  console.log('  tfjs-cpu, tfjs-wasm (SIMD), tfjs-wasm-tN (SIMD+threads, N threads)');
  console.log(`  torch-tN (PyTorch via ${PYTHON}, OpenBLAS, N threads)`);
}

async function run(options: Options): Promise<void> {
  const started = performance.now();
  const date = new Date().toISOString();
  const budget = budgetFor(options.quick, options.rounds, options.fullEpoch);
  const workloads = selectWorkloads(options.only);
  const ids = options.systems ?? defaultSystemIds(await typetorchHasThreads());
  const specs = ids.map(parseSystemId);
  const reference = referenceSystem(specs)?.id;
  const openblasDir = existsSync(OPENBLAS_DIR) ? OPENBLAS_DIR : undefined;
  // The mnist-example workload reads the real MNIST files: the shared copy beside the repository,
  // unless TYPETORCH_MNIST_DIR names others.
  const mnistDir = resolve(repoRoot, '../shared/datasets/mnist');
  const ctx: LaunchContext = {
    node: process.execPath,
    tsxLoader: import.meta.resolve('tsx'),
    runnersDir: resolve(here, 'runners'),
    env:
      process.env.TYPETORCH_MNIST_DIR || !existsSync(mnistDir)
        ? process.env
        : { ...process.env, TYPETORCH_MNIST_DIR: mnistDir },
    openblasDir,
  };
  const machine = describeMachine();
  console.log(`typetorch benchmark suite, ${date}`);
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}`);
  console.log(`node ${machine.node}; load average ${machine.loadAverage}`);
  console.log(
    `${options.quick ? '--quick: ' : ''}${budget.rounds} rounds per workload, each system timed once per round for at least ${budget.measure.minMs} ms`,
  );
  if (openblasDir === undefined)
    console.log(`note: ${OPENBLAS_DIR} is missing: PyTorch runs on its default BLAS`);

  const entries: SystemEntry[] = [];
  const running: SystemProcess[] = [];
  for (const spec of specs) {
    const entry: SystemEntry = { id: spec.id, label: systemLabel(spec, openblasDir !== undefined) };
    entries.push(entry);
    try {
      const { process: proc, info } = await SystemProcess.start(spec.id, launchFor(spec, ctx));
      entry.info = info;
      running.push(proc);
      const details = [info.library, ...info.notes].join('; ');
      console.log(`  ${spec.id.padEnd(14)} ${entry.label}: ${details}`);
    } catch (e) {
      entry.error = e instanceof Error ? e.message : String(e);
      console.log(`  ${spec.id.padEnd(14)} not run: ${entry.error}`);
    }
  }
  if (running.length === 0) throw new Error('no system could be started');
  console.log('');

  const guard = new CpuGuard(
    running.map((p) => p.pid),
    options.settle,
  );
  console.log(
    !guard.available
      ? 'note: no CPU times from /proc: cannot check that the children are idle before each round'
      : options.settle
        ? `each round is timed once every child is idle (no CPU used for ${SETTLE.quietMs} ms; settle.ts)`
        : '--no-settle: rounds are timed at once, whatever the other children are still computing',
  );
  const results: WorkloadResult[] = [];
  try {
    for (const w of workloads)
      results.push(await runWorkload(w, running, budget, reference, console.log, guard));
  } finally {
    await Promise.all(running.map((p) => p.close()));
  }

  const report: Report = {
    date,
    machine,
    options: { ...options, budget },
    reference,
    systems: entries,
    workloads: results,
    seconds: (performance.now() - started) / 1000,
  };
  console.log('');
  console.log(resultsTable(report));
  console.log('');
  console.log(
    'median and min-max over the rounds of each system (rate of all the iterations of a round); ' +
      `vs typetorch = median / ${reference ?? '(no typetorch system)'}'s median (>1: faster than typetorch).`,
  );
  for (const note of [...tableNotes(report), ...interferenceNotes(report, SETTLE.maxMs)])
    console.log(`note: ${note}`);
  const out = resolve(repoRoot, options.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  const shown = out.startsWith(`${repoRoot}/`) ? relative(repoRoot, out) : out;
  console.log(`results: ${shown} (${report.seconds.toFixed(0)} s in all)`);
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2), createProgram());
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode; // commander printed help or the error
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  if (options.list) {
    printList();
    return 0;
  }
  await run(options);
  return 0;
}

process.exitCode = await main();
