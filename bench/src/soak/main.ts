/**
 * `pnpm soak`: runs the PyTorch-style loops of `loops.ts` long, each in a process of its own, without
 * and with `scope()`, and prints how their resident memory evolves (default: 20,000 steps; the MNIST
 * example one epoch). A measurement, not a test; `soak.test.ts` runs the same loops at CI size.
 *
 *   pnpm soak [--loops mlp-sync,mlp-async] [--steps 20000] [--device cpu|webgpu] [--no-scoped]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { isLoopName, LOOPS, type LoopName } from './loops.js';
import { judge, type SoakVerdict, verdictTable } from './report.js';
import { type Checkpoint, soak } from './run.js';

/** One epoch of pytorch/examples' MNIST at batch 64. */
const MNIST_EPOCH = 938;

const program = new Command('soak')
  .description('Runs training loops without scope() for many steps and reports their memory.')
  .option(
    '--loops <names>',
    `comma-separated: ${Object.keys(LOOPS).join(', ')}`,
    'readme,mlp-sync,mlp-async,tutorial,mnist',
  )
  .option('--steps <n>', 'steps per loop (the mnist loop: one epoch unless given)', '20000')
  .option('--device <device>', 'cpu or webgpu', 'cpu')
  .option('--every <n>', 'measure every n steps', '500')
  .option('--no-scoped', 'skip the reference runs with scope()')
  .option('--out <file>', 'JSON results, relative to the repo root', 'bench/results/soak-latest.json');
program.parse(process.argv.slice(2)[0] === '--' ? process.argv.slice(3) : process.argv.slice(2), {
  from: 'user',
});
const opts = program.opts<{
  loops: string;
  steps: string;
  device: string;
  every: string;
  scoped: boolean;
  out: string;
}>();
const stepsGiven = program.getOptionValueSource('steps') === 'cli';

const names = opts.loops.split(',').map((s) => s.trim());
for (const n of names) if (!isLoopName(n)) throw new Error(`soak: unknown loop '${n}'`);
const results: {
  name: string;
  steps: number;
  plain: Checkpoint[];
  scoped?: Checkpoint[];
  verdict: SoakVerdict;
}[] = [];
console.log(`soak on ${opts.device}, ${new Date().toISOString()}, node ${process.version}`);
for (const loop of names as LoopName[]) {
  const steps = loop === 'mnist' && !stepsGiven ? MNIST_EPOCH : Number(opts.steps);
  const every = Math.min(Number(opts.every), Math.max(1, Math.floor(steps / 20)));
  // After the warm-up: the MLP target measures from step 1,000; a loop that makes little
  // garbage (the README's) takes longer to fill the device memory limit.
  const fromStep = loop === 'readme' ? Math.floor(steps / 2) : Math.min(1000, Math.floor(steps / 3));
  const toStep = loop === 'mnist' ? steps - 1 : steps;
  const run = (scoped: boolean) =>
    soak({
      loop,
      steps,
      scoped,
      every,
      device: opts.device,
      onCheckpoint: (c) =>
        console.log(
          `  ${loop}${scoped ? ' (scope)' : ''} step ${c.step}: rss ${c.rssMiB.toFixed(0)} MiB, device ${(c.memory.deviceBytes / 2 ** 20).toFixed(0)} MiB, ${c.msPerStep.toFixed(2)} ms/step`,
        ),
    });
  const plain = await run(false);
  const scoped = opts.scoped ? await run(true) : undefined;
  const verdict = judge(plain, scoped, fromStep, toStep);
  results.push({ name: loop, steps, plain, ...(scoped === undefined ? {} : { scoped }), verdict });
}
console.log();
console.log(verdictTable(results.map(({ name, verdict }) => ({ name, verdict }))));
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../..', opts.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), device: opts.device, results }, null, 2)}\n`,
);
console.log(`\nresults: ${opts.out}`);
