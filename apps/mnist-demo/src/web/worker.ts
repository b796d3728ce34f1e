/**
 * The training worker: loads MNIST from URLs, picks the device, and trains, evaluates and predicts with
 * the command line's own code (models.ts, train.ts, classify.ts, checkpoint-format.ts), so the page's
 * main thread stays free to draw.
 *
 * Every use of the model goes through one queue of jobs, because tensor scopes must not interleave:
 * while training runs, queued jobs (a drawing to classify, a download) run between two steps, in the
 * training loop's `onStep`; otherwise they run in turn as they come.
 */
import '@typetorch/backend-cpu';
import '@typetorch/autograd';
import { FASHION_MNIST_CLASSES, MNIST } from '@typetorch/data';
import { manualSeed, type Tensor } from '@typetorch/tensor';
import { checkpointBytes, loadCheckpointBytes } from '../checkpoint-format.js';
import { classify, topK } from '../classify.js';
import { type DatasetName, limitDataset, mnistTransform } from '../inputs.js';
import { summarizeModel } from '../model-summary.js';
import { type Classifier, createModel, disposeModel, type ModelName } from '../models.js';
import type { Gray } from '../preprocess.js';
import { type BatchDataset, type EpochResult, evaluate, type StepInfo, train } from '../train.js';
import { chooseDevice } from './device.js';
import { scanMistakes } from './mistake-scan.js';
import type {
  DeviceRequest,
  Event,
  ModelDescription,
  Request,
  StepPoint,
  TrainConfig,
  TrainerState,
} from './protocol.js';

/** Test images shown with their predictions on the page. */
const GRID_SIZE = 40;
/** How often the page gets progress, and how often the grid is re-predicted while training. */
const PROGRESS_MS = 200;
const GRID_MS = 2500;
/** How long the CPU backend may compute before the worker reads its messages again. */
const YIELD_MS = 50;
const DIGITS = Array.from({ length: 10 }, (_, i) => String(i));

interface Held {
  model: Classifier;
  name: ModelName;
  dataset: DatasetName;
  normalize: boolean;
  description: ModelDescription;
}

interface Data {
  train: MNIST<Tensor, number>;
  test: MNIST<Tensor, number>;
  grid: Gray[];
}

/** Thrown from `onStep` to stop training when the page asks for a reset. */
class ResetRequested extends Error {}

const post = (event: Event, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(event, transfer);

let device: 'webgpu' | 'cpu' = 'cpu';
let data: Data | undefined;
let held: Held | undefined;
let state: TrainerState = 'loading';
let training = false;
let paused = false;
let resetRequested = false;

const jobs: (() => Promise<void>)[] = [];
let pumping = false;
let wake: (() => void) | undefined;

function setState(next: TrainerState): void {
  state = next;
  post({ type: 'state', state, model: held?.description ?? null });
  post({ type: 'summary', summary: held === undefined ? null : summarizeModel(held.model) });
}

function fail(err: unknown): void {
  post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}

/** Queues a job that uses the model; it runs between two training steps, or now when idle. */
function submit(job: () => Promise<void>): void {
  jobs.push(job);
  if (training) wake?.();
  else void pump();
}

async function pump(): Promise<void> {
  if (pumping) return;
  pumping = true;
  try {
    await runJobs();
  } finally {
    pumping = false;
  }
}

async function runJobs(): Promise<void> {
  for (let job = jobs.shift(); job !== undefined; job = jobs.shift()) {
    try {
      await job();
    } catch (err) {
      fail(err);
    }
  }
}

/** A macrotask boundary, so that messages posted to the worker are delivered (setTimeout clamps to 4 ms). */
const channel = new MessageChannel();
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

function releaseModel(): void {
  if (held !== undefined) disposeModel(held.model);
  held = undefined;
}

async function predictGrid(): Promise<void> {
  if (held === undefined || data === undefined) return;
  const probs = await classify(held.model, data.grid, held.normalize, device);
  post({ type: 'grid', predictions: probs.map((p) => topK(p, 1)[0].index) });
}

/** Chooses the device and tells the page; a held model moves there. */
async function useDevice(request: DeviceRequest): Promise<void> {
  const { label, softwareAdapter, threads, ...choice } = await chooseDevice(request);
  if (held !== undefined && choice.device !== device) await moveHeld(choice.device);
  device = choice.device;
  post({ type: 'device', device, label, softwareAdapter, threads });
}

/**
 * Moves the held model through its checkpoint bytes: `Module.to` copies synchronously, and WebGPU
 * has no synchronous read, so a model cannot leave WebGPU that way.
 */
async function moveHeld(to: 'webgpu' | 'cpu'): Promise<void> {
  if (held === undefined) return;
  const meta = { model: held.name, dataset: held.dataset, normalize: held.normalize };
  const { model } = loadCheckpointBytes(
    await checkpointBytes(held.model, meta),
    undefined,
    held.description.source,
  );
  disposeModel(held.model);
  held = { ...held, model: model.to(to) };
}

async function init(dataUrl: string, deviceRequest: DeviceRequest): Promise<void> {
  await useDevice(deviceRequest);
  post({ type: 'status', text: `Loading MNIST from ${dataUrl}` });
  const transform = mnistTransform(true);
  const [trainSet, testSet] = await Promise.all([
    MNIST.load(dataUrl, { train: true, transform }),
    MNIST.load(dataUrl, { train: false, transform }),
  ]);
  const grid: Gray[] = [];
  const gridBytes = testSet.pixels.slice(0, GRID_SIZE * 784);
  for (let n = 0; n < GRID_SIZE; n++) {
    grid.push({ width: 28, height: 28, data: Float64Array.from(gridBytes.subarray(n * 784, (n + 1) * 784)) });
  }
  data = { train: trainSet, test: testSet, grid };
  post({
    type: 'data',
    trainSize: trainSet.length,
    testSize: testSet.length,
    grid: gridBytes,
    gridLabels: Array.from(testSet.labels.subarray(0, GRID_SIZE)),
  });
  post({ type: 'status', text: `Loaded ${trainSet.length} training and ${testSet.length} test images.` });
  setState('idle');
}

/**
 * Runs queued jobs, then waits while paused (`onPause` first sends the last step's numbers) and throws
 * `ResetRequested` on a reset; called between training steps.
 */
async function honourPauseAndReset(onPause: () => void, config: TrainConfig): Promise<void> {
  await runJobs();
  if (paused && !resetRequested) {
    // Paused from here on: the page learns it with the last step's numbers, and keeps the model.
    onPause();
    await postSnapshot(config);
    setState('paused');
    post({ type: 'status', text: 'Paused' });
  }
  while (paused && !resetRequested) {
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
    await runJobs();
  }
  if (resetRequested) throw new ResetRequested();
}

/** The epochs finished in the current run and the last test accuracy, for snapshots. */
let finished: { epoch: number; accuracy: number | null } = { epoch: 0, accuracy: null };

/** Sends the page the model being trained as checkpoint bytes, to keep in the browser (last-model.ts). */
async function postSnapshot(config: TrainConfig): Promise<void> {
  if (held === undefined) return;
  const info = { model: held.name, dataset: held.dataset, normalize: held.normalize };
  const bytes = await checkpointBytes(held.model, info);
  post({ type: 'snapshot', bytes, config, ...finished }, [bytes.buffer]);
}

/** Tells the page about a finished epoch: `step` steps so far, `elapsed` training seconds. */
function postEpochReport(r: EpochResult, epochs: number, step: number, elapsed: number): void {
  finished = { epoch: r.epoch, accuracy: r.test.accuracy };
  post({
    type: 'epoch',
    report: {
      epoch: r.epoch,
      epochs,
      step,
      trainLoss: r.trainLoss,
      trainAccuracy: r.trainAccuracy,
      testLoss: r.test.loss,
      testAccuracy: r.test.accuracy,
      confusion: r.test.confusion,
      samplesPerSecond: r.samplesPerSecond,
      elapsed,
    },
  });
}

async function runTraining(config: TrainConfig): Promise<void> {
  if (data === undefined) throw new Error('the data is not loaded yet');
  releaseModel();
  manualSeed(1);
  const model = createModel(config.model).to(device);
  held = {
    model,
    name: config.model,
    dataset: 'mnist',
    normalize: true,
    description: { name: config.model, source: 'trained here', classes: DIGITS },
  };
  const trainSet = limitDataset(data.train, config.limit) as BatchDataset;
  finished = { epoch: 0, accuracy: null };
  training = true;
  paused = false;
  resetRequested = false;
  setState('training');
  post({ type: 'status', text: `Training the ${config.model.toUpperCase()} on ${trainSet.length} images` });

  let step = 0;
  let points: StepPoint[] = [];
  let lastProgress = 0;
  let lastGrid = performance.now();
  let lastYield = performance.now();
  let doneSeconds = 0; // training seconds of the finished epochs
  let latest: StepInfo | undefined;
  const sendProgress = () => {
    if (latest === undefined) return;
    post({
      type: 'progress',
      points,
      epoch: latest.epoch,
      epochs: config.epochs,
      batch: latest.batch,
      batches: latest.batches,
      samplesPerSecond: latest.samples / Math.max(latest.seconds, 1e-9),
      elapsed: doneSeconds + latest.seconds,
    });
    points = [];
    lastProgress = performance.now();
  };
  /** Runs queued jobs, honours pause and reset; called between steps. */
  const between = async () => {
    if (performance.now() - lastYield > YIELD_MS) {
      await nextTask();
      lastYield = performance.now();
    }
    await honourPauseAndReset(sendProgress, config);
  };

  try {
    const result = await train(
      model,
      trainSet,
      data.test as BatchDataset,
      {
        epochs: config.epochs,
        batchSize: config.batchSize,
        testBatchSize: 1000,
        lr: config.lr,
        optimizer: 'adam',
        scheduler: 'cosine',
        seed: 1,
        device,
      },
      {
        onEpochStart: (epoch) => {
          post({ type: 'status', text: `Epoch ${epoch} of ${config.epochs}` });
        },
        onStep: async (info) => {
          step++;
          latest = info;
          points.push({ step, loss: info.loss, accuracy: info.accuracy });
          if (performance.now() - lastProgress > PROGRESS_MS || info.batch === info.batches) sendProgress();
          if (performance.now() - lastGrid > GRID_MS) {
            await predictGrid();
            lastGrid = performance.now();
          }
          if (info.batch === info.batches) {
            post({ type: 'status', text: `Epoch ${info.epoch}: evaluating on the test set` });
          }
          await between();
        },
        onEpochEnd: async (r) => {
          doneSeconds += r.seconds + r.test.seconds;
          latest = undefined;
          postEpochReport(r, config.epochs, step, doneSeconds);
          await postSnapshot(config);
          await predictGrid();
          lastGrid = performance.now();
          await between();
        },
      },
    );
    const last = result.epochs[result.epochs.length - 1];
    post({ type: 'done', testAccuracy: last.test.accuracy, seconds: result.seconds });
    post({
      type: 'status',
      text: `Done: ${(100 * last.test.accuracy).toFixed(2)}% test accuracy after ${result.steps} steps.`,
    });
  } catch (err) {
    if (!(err instanceof ResetRequested)) throw err;
  } finally {
    training = false;
    paused = false;
    if (resetRequested) {
      resetRequested = false;
      releaseModel();
      post({ type: 'status', text: 'Reset: the model is gone; start training or load a checkpoint.' });
    }
    setState('idle');
  }
}

async function loadModel(bytes: Uint8Array, fileName: string): Promise<void> {
  const { model, name, info } = loadCheckpointBytes(bytes, undefined, fileName);
  releaseModel();
  model.to(device);
  const dataset = info.dataset ?? 'mnist';
  const classes = dataset === 'fashion-mnist' ? FASHION_MNIST_CLASSES : DIGITS;
  held = {
    model,
    name,
    dataset,
    normalize: info.normalize,
    description: { name, source: fileName, classes },
  };
  setState('idle');
  post({ type: 'status', text: `Loaded ${fileName} (${name.toUpperCase()}); evaluating it on the test set` });
  await predictGrid();
  // The page loads MNIST; a Fashion-MNIST model is only used for the drawing pad.
  if (data !== undefined && dataset === 'mnist') {
    const result = await evaluate(model, data.test as BatchDataset, 1000, device);
    post({ type: 'evaluation', accuracy: result.accuracy, loss: result.loss, confusion: result.confusion });
    post({
      type: 'status',
      text: `Loaded ${fileName}: ${(100 * result.accuracy).toFixed(2)}% on the ${result.total} test images.`,
    });
  }
}

async function saveModel(): Promise<void> {
  if (held === undefined) throw new Error('there is no model to download: train one or load a checkpoint');
  const bytes = await checkpointBytes(held.model, {
    model: held.name,
    dataset: held.dataset,
    normalize: held.normalize,
  });
  post({ type: 'checkpoint', bytes, fileName: `mnist-${held.name}.safetensors` }, [bytes.buffer]);
}

self.onmessage = (e: MessageEvent<Request>) => {
  const request = e.data;
  switch (request.type) {
    case 'init':
      init(request.dataUrl, request.device).catch((err) => {
        fail(err);
        post({ type: 'status', text: 'The data could not be loaded.' });
      });
      return;
    case 'device':
      if (training) return fail(new Error('reset or finish training before changing the device'));
      submit(() => useDevice(request.device));
      return;
    case 'train':
      if (state !== 'idle') return fail(new Error(`cannot start training while ${state}`));
      state = 'training'; // at once, so that a second click is refused
      submit(() =>
        runTraining(request.config).catch((err) => {
          post({ type: 'status', text: 'Training stopped on an error.' });
          setState('idle');
          throw err;
        }),
      );
      return;
    case 'pause':
      // Takes effect between two steps (see `between`).
      if (training && !paused) {
        paused = true;
        post({ type: 'status', text: 'Pausing…' });
      }
      return;
    case 'resume':
      if (training && paused) {
        paused = false;
        setState('training');
        post({ type: 'status', text: 'Resumed' });
        wake?.();
      }
      return;
    case 'reset':
      if (training) {
        resetRequested = true;
        paused = false;
        wake?.();
      } else {
        submit(async () => {
          releaseModel();
          setState(state);
          post({ type: 'status', text: 'Reset: the model is gone; start training or load a checkpoint.' });
        });
      }
      return;
    case 'predict':
      submit(async () => {
        if (held === undefined) return;
        const [probs] = await classify(
          held.model,
          [{ width: 28, height: 28, data: request.pixels }],
          held.normalize,
          device,
        );
        post({ type: 'prediction', id: request.id, top: topK(probs, 3) });
      });
      return;
    case 'save':
      submit(saveModel);
      return;
    case 'mistakes':
      submit(async () => {
        // The page holds MNIST: a Fashion-MNIST model's mistakes there would mean nothing.
        if (held === undefined || data === undefined || held.dataset !== 'mnist') return;
        const scan = await scanMistakes(held.model, data.test, { normalize: held.normalize, device });
        post({ type: 'mistakes', ...scan }, [scan.pixels.buffer]);
      });
      return;
    case 'load':
      if (state === 'loading')
        return fail(new Error('wait for the data to load before loading a checkpoint'));
      if (training) return fail(new Error('reset or finish training before loading a checkpoint'));
      submit(() => loadModel(request.bytes, request.name));
      return;
  }
};
