/**
 * The workloads every system runs. A workload is plain data (sent as JSON to every child, Python
 * included); each runner implements the four kinds the same way:
 *
 * - `matmul`: C = A B with A [m, k], B [k, n] (random normal), then C[0, 0] read back to the host, which
 *   waits for the product. Every runner reads that one element, as PyTorch's `float(torch.mm(a, b)[0, 0])`
 *   does: copying all of C out would add the host allocator's page faults to the JavaScript rows alone
 *   (a fresh 4 MiB array costs about 12 ms on the benchmark VMs, a quarter of a 1024^3 product).
 * - `mlp-train`: one training step of the MNIST MLP 784-512-512-10 (ReLU) with Adam (lr 1e-3) and
 *   cross-entropy on a fixed random batch: forward, loss, backward, optimizer step, loss read back.
 * - `mlp-infer`: the same MLP's forward pass without gradients, logits read back.
 * - `cnn-train`: one training step of PyTorch's examples/mnist `Net` (conv 1->32 3x3, ReLU, conv 32->64
 *   3x3, ReLU, max pool 2, dropout 0.25, flatten, linear 9216->128, ReLU, dropout 0.5, linear 128->10)
 *   with Adam (lr 1e-3) and cross-entropy, loss read back.
 * - `mnist-example`: one batch of pytorch/examples mnist/main.py's training loop (the repository's
 *   examples/mnist port for typetorch, runners/torch_mnist_example.py for PyTorch): the real MNIST
 *   training set through the DataLoader with ToTensor and Normalize, the same Net ending in
 *   log_softmax, nll_loss, Adadelta (lr 1.0), the loss read every 10th batch as upstream prints it.
 * - `wasm-ceiling` (typetorch only): the ceiling micro-benchmark of backend-cpu's WebAssembly kernels,
 *   `flops` float32 operations of the matmul micro-kernel's 128-bit multiply-adds on operands in
 *   registers and L1 (`wasmSimdCeiling`), so the matmul rows read as a fraction of what the engine can issue.
 *
 * Data loading is part of `mnist-example` alone: in the others the batch is made once, so the
 * figures are the library's compute and bookkeeping alone.
 */

export type WorkloadSpec =
  | { kind: 'matmul'; m: number; k: number; n: number }
  | { kind: 'mlp-train'; batch: number }
  | { kind: 'mlp-infer'; batch: number }
  | { kind: 'cnn-train'; batch: number }
  | { kind: 'mnist-example'; batchSize: number }
  | { kind: 'wasm-ceiling'; flops: number };

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
  /**
   * A workload that walks through an epoch, one batch per iteration: the rounds time `batches`
   * iterations in all (fewer under `--quick`, see `Budget.epochBatches`), split evenly over the
   * rounds, instead of timing each round for `measure.minMs`.
   */
  epoch?: { batches: number };
}

/** pytorch/examples mnist/main.py's `--batch-size` default, and the size of MNIST's training set. */
export const MNIST_EXAMPLE_BATCH = 64;
export const MNIST_TRAIN_IMAGES = 60_000;

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
  {
    id: 'wasm-ceiling',
    title: 'WebAssembly SIMD ceiling (4x8 f32x4 micro-kernel in L1)',
    unit: 'GFLOP/s',
    work: 2,
    heavy: false,
    spec: { kind: 'wasm-ceiling', flops: 2e9 },
  },
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
  {
    id: 'mnist-example-epoch',
    title: 'MNIST example (pytorch/examples), training epoch, batch 64',
    unit: 'samples/s',
    // 938 batches: 937 of 64 and a last one of 32 (60,000 images); the rate counts 64 for each.
    work: MNIST_EXAMPLE_BATCH,
    heavy: false,
    spec: { kind: 'mnist-example', batchSize: MNIST_EXAMPLE_BATCH },
    epoch: { batches: Math.ceil(MNIST_TRAIN_IMAGES / MNIST_EXAMPLE_BATCH) },
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
