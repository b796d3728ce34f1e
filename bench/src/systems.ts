/**
 * The systems the suite compares, by id, and how to start each one's child process.
 *
 * | id                  | what                                                                   |
 * | ------------------- | ---------------------------------------------------------------------- |
 * | `typetorch`         | `@typetorch/backend-cpu` as configured by default                      |
 * | `typetorch-tN`      | the same after `setNumThreads(N)` (only once the backend has that API)   |
 * | `typetorch-relaxed-tN` | the same with the relaxed-SIMD build of its kernels (fused multiply-adds; Node 20 gets `--experimental-wasm-relaxed-simd`) |
 * | `tfjs-cpu`          | `@tensorflow/tfjs-backend-cpu` (plain JavaScript, one thread)           |
 * | `tfjs-wasm`         | `@tensorflow/tfjs-backend-wasm`, SIMD binary, one thread                |
 * | `tfjs-wasm-tN`      | `@tensorflow/tfjs-backend-wasm`, SIMD+threads binary, N threads         |
 * | `torch-tN`          | PyTorch (Debian's python3-torch) on OpenBLAS, N threads                |
 */

export type Family = 'typetorch' | 'tfjs' | 'torch';

export interface SystemSpec {
  id: string;
  family: Family;
  /** Threads asked for; undefined means the library's default. */
  threads?: number;
  /** For `tfjs`: which backend. */
  backend?: 'cpu' | 'wasm';
  /**
   * For `typetorch`: true runs the relaxed-SIMD build of the kernels, false (`typetorch-tN`) the plain
   * build, whatever the engine offers; undefined (`typetorch`) the backend's default.
   */
  relaxed?: boolean;
}

/** Where OpenBLAS's pthread build lives on Debian (libopenblas0-pthread). */
export const OPENBLAS_DIR = '/usr/lib/x86_64-linux-gnu/openblas-pthread';

/** Debian's Python, the one python3-torch installs into. */
export const PYTHON = '/usr/bin/python3';

const GRAMMAR =
  'typetorch, typetorch-tN, typetorch-relaxed-tN, tfjs-cpu, tfjs-wasm, tfjs-wasm-tN, torch-tN (N = threads, e.g. torch-t2)';

/** Parses a system id (see the table above); throws naming the valid ids. */
export function parseSystemId(id: string): SystemSpec {
  const threaded = /^(typetorch|typetorch-relaxed|tfjs-wasm|torch)-t([1-9]\d*)$/.exec(id);
  if (threaded !== null) {
    const threads = Number(threaded[2]);
    if (threaded[1] === 'typetorch') return { id, family: 'typetorch', threads, relaxed: false };
    if (threaded[1] === 'typetorch-relaxed') return { id, family: 'typetorch', threads, relaxed: true };
    if (threaded[1] === 'torch') return { id, family: 'torch', threads };
    return { id, family: 'tfjs', backend: 'wasm', threads };
  }
  switch (id) {
    case 'typetorch':
      return { id, family: 'typetorch' };
    case 'tfjs-cpu':
      return { id, family: 'tfjs', backend: 'cpu' };
    case 'tfjs-wasm':
      return { id, family: 'tfjs', backend: 'wasm' };
    default:
      throw new Error(`unknown system "${id}"; systems: ${GRAMMAR}`);
  }
}

/**
 * The default line-up. typetorch comes first (the reference of the ratio column): one and two
 * threads once the backend can set its thread count, its default configuration until then.
 */
export function defaultSystemIds(typetorchHasThreads: boolean): string[] {
  const typetorch = typetorchHasThreads ? ['typetorch-t1', 'typetorch-t2'] : ['typetorch'];
  return [...typetorch, 'tfjs-cpu', 'tfjs-wasm', 'tfjs-wasm-t2', 'torch-t1', 'torch-t2'];
}

/** The system the ratio column divides by: the first typetorch system, if any. */
export function referenceSystem(specs: readonly SystemSpec[]): SystemSpec | undefined {
  return specs.find((s) => s.family === 'typetorch');
}

function threadsText(n: number): string {
  return `${n} thread${n === 1 ? '' : 's'}`;
}

/** A row label for the table, e.g. "TF.js wasm (SIMD+threads, 2 threads)". */
export function systemLabel(spec: SystemSpec, openblas: boolean): string {
  const t = spec.threads;
  switch (spec.family) {
    case 'typetorch':
      if (t === undefined) return 'typetorch backend-cpu';
      return `typetorch backend-cpu (${spec.relaxed ? 'relaxed SIMD, ' : ''}${threadsText(t)})`;
    case 'tfjs':
      if (spec.backend === 'cpu') return 'TF.js cpu';
      return t === undefined ? 'TF.js wasm (SIMD)' : `TF.js wasm (SIMD+threads, ${threadsText(t)})`;
    case 'torch':
      return `PyTorch (${openblas ? 'OpenBLAS' : 'default BLAS'}, ${threadsText(t ?? 1)})`;
  }
}

/**
 * The environment of a PyTorch child: OpenBLAS's pthread build first on the library path when it is
 * installed (Debian's torch otherwise loads whatever libblas.so.3 the alternatives point at, possibly
 * the reference BLAS), the thread count in OPENBLAS_NUM_THREADS (Debian's torch does not pass
 * set_num_threads on to OpenBLAS) and OMP_NUM_THREADS (its OpenMP kernels, convolutions included),
 * and without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which pin OpenBLAS to slower kernels on this CPU.
 */
export function torchEnv(
  base: Readonly<Record<string, string | undefined>>,
  threads: number,
  openblasDir: string | undefined,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  env.OPENBLAS_NUM_THREADS = String(threads);
  env.OMP_NUM_THREADS = String(threads);
  if (openblasDir !== undefined) {
    env.LD_LIBRARY_PATH = base.LD_LIBRARY_PATH ? `${openblasDir}:${base.LD_LIBRARY_PATH}` : openblasDir;
  }
  return env;
}

/** How to start a child: the command, its arguments and its environment. */
export interface Launch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface LaunchContext {
  /** The Node binary (process.execPath). */
  node: string;
  /** URL of tsx's ESM loader, so Node children run the TypeScript runners. */
  tsxLoader: string;
  /** Absolute path of bench/src/runners. */
  runnersDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** OPENBLAS_DIR when it exists. */
  openblasDir: string | undefined;
}

export function launchFor(spec: SystemSpec, ctx: LaunchContext): Launch {
  const threadArgs = spec.threads === undefined ? [] : ['--threads', String(spec.threads)];
  const plainEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.env)) if (v !== undefined) plainEnv[k] = v;
  const nodeArgs = (runner: string) => [
    '--import',
    ctx.tsxLoader,
    '--conditions=@typetorch/source',
    `${ctx.runnersDir}/${runner}`,
  ];
  switch (spec.family) {
    case 'typetorch':
      return typetorchLaunch(spec, ctx, [...nodeArgs('typetorch.ts'), ...threadArgs], plainEnv);
    case 'tfjs':
      return {
        command: ctx.node,
        args: [...nodeArgs('tfjs.ts'), '--backend', spec.backend ?? 'cpu', ...threadArgs],
        env: plainEnv,
      };
    case 'torch':
      return {
        command: PYTHON,
        args: [`${ctx.runnersDir}/torch_runner.py`, ...threadArgs],
        env: torchEnv(ctx.env, spec.threads ?? 1, ctx.openblasDir),
      };
  }
}

/**
 * A typetorch child: `TYPETORCH_CPU_RELAXED_SIMD` pins the build of its kernels (0: plain SIMD, 1:
 * relaxed, which the runner checks it got), and Node 20, whose V8 ships relaxed SIMD behind a flag,
 * gets `--experimental-wasm-relaxed-simd` for the relaxed systems.
 */
function typetorchLaunch(
  spec: SystemSpec,
  ctx: LaunchContext,
  args: string[],
  env: Record<string, string>,
): Launch {
  if (spec.relaxed === undefined) return { command: ctx.node, args, env };
  const flag =
    spec.relaxed && relaxedSimdNeedsFlag(process.versions.node) ? ['--experimental-wasm-relaxed-simd'] : [];
  return {
    command: ctx.node,
    args: [...flag, ...args],
    env: { ...env, TYPETORCH_CPU_RELAXED_SIMD: spec.relaxed ? '1' : '0' },
  };
}

/** Whether this Node version's V8 has relaxed SIMD behind `--experimental-wasm-relaxed-simd` (Node 20 and older). */
export function relaxedSimdNeedsFlag(nodeVersion: string): boolean {
  return Number(nodeVersion.split('.')[0]) < 21;
}
