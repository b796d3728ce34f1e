/**
 * The workloads every system runs. A workload is plain data (sent as JSON to every child, Python
 * included); each runner implements the four kinds the same way:
 *
 * - `matmul`: C = A B with A [m, k], B [k, n] (random normal), the result read back to the host.
 * - `mlp-train`: one training step of the MNIST MLP 784-512-512-10 (ReLU) with Adam (lr 1e-3) and
 *   cross-entropy on a fixed random batch: forward, loss, backward, optimizer step, loss read back.
 * - `mlp-infer`: the same MLP's forward pass without gradients, logits read back.
 * - `cnn-train`: one training step of PyTorch's examples/mnist `Net` (conv 1->32 3x3, ReLU, conv 32->64
 *   3x3, ReLU, max pool 2, dropout 0.25, flatten, linear 9216->128, ReLU, dropout 0.5, linear 128->10)
 *   with Adam (lr 1e-3) and cross-entropy, loss read back.
 *
 * Data loading is not part of any workload: the batch is made once, so the figures are the
 * library's compute and bookkeeping alone.
 */

export type WorkloadSpec =
  | { kind: 'matmul'; m: number; k: number; n: number }
  | { kind: 'mlp-train'; batch: number }
  | { kind: 'mlp-infer'; batch: number }
  | { kind: 'cnn-train'; batch: number };

export type Unit = 'GFLOP/s' | 'samples/s';

export interface Workload {
  /** Short id for `--only` and the JSON file. */
  id: string;
  /** What the table shows. */
  title: string;
  unit: Unit;
  /** What one iteration does, in the unit's numerator: GFLOP (GFLOP/s) or samples (samples/s). */
  work: number;
  /** Slow per iteration (seconds in plain JS): fewer warm-up iterations. */
  heavy: boolean;
  spec: WorkloadSpec;
}

/** Learning rate of every training workload (Adam). */
export const LEARNING_RATE = 1e-3;

function matmul(m: number, k: number, n: number, heavy: boolean): Workload {
  return {
    id: m === k && k === n ? `matmul-${m}` : `matmul-${m}x${k}x${n}`,
    title: `matmul ${m}x${k}x${n}`,
    unit: 'GFLOP/s',
    work: (2 * m * k * n) / 1e9,
    heavy,
    spec: { kind: 'matmul', m, k, n },
  };
}

function mlpTrain(batch: number): Workload {
  return {
    id: `mlp-train-${batch}`,
    title: `MLP train step, batch ${batch}`,
    unit: 'samples/s',
    work: batch,
    heavy: false,
    spec: { kind: 'mlp-train', batch },
  };
}

export const WORKLOADS: readonly Workload[] = [
  matmul(128, 784, 512, false),
  matmul(1024, 1024, 1024, true),
  mlpTrain(32),
  mlpTrain(128),
  mlpTrain(512),
  {
    id: 'mlp-infer-1024',
    title: 'MLP inference, batch 1024',
    unit: 'samples/s',
    work: 1024,
    heavy: false,
    spec: { kind: 'mlp-infer', batch: 1024 },
  },
  {
    id: 'cnn-train-64',
    title: 'CNN train step, batch 64',
    unit: 'samples/s',
    work: 64,
    heavy: true,
    spec: { kind: 'cnn-train', batch: 64 },
  },
];

/**
 * The workloads `--only` selects: each pattern picks the workloads whose id equals it or starts with
 * it followed by `-` (so `mlp-train` picks all three batch sizes, `matmul-1024` just that one).
 * Throws, listing the ids, when a pattern matches nothing.
 */
export function selectWorkloads(
  patterns: readonly string[] | undefined,
  all: readonly Workload[] = WORKLOADS,
): Workload[] {
  if (patterns === undefined || patterns.length === 0) return [...all];
  const matches = (w: Workload, p: string) => w.id === p || w.id.startsWith(`${p}-`);
  for (const p of patterns) {
    if (!all.some((w) => matches(w, p))) {
      throw new Error(`--only: no workload matches "${p}"; workloads: ${all.map((w) => w.id).join(', ')}`);
    }
  }
  return all.filter((w) => patterns.some((p) => matches(w, p)));
}
