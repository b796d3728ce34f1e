/**
 * The page: controls, charts, the prediction grid, the confusion matrix and the drawing pad. Training,
 * evaluation and prediction run in the worker (worker.ts); this thread only draws, so the page stays
 * responsive while the model trains.
 */
import type { ModelName } from '../models.js';
import { type Gray, mnistify } from '../preprocess.js';
import { TrainingCharts } from './charts.js';
import { readConfig } from './config.js';
import { renderConfusion } from './confusion.js';
import { slowRunWarning } from './device-policy.js';
import { setupDeviceToggle } from './device-toggle.js';
import { renderError } from './error-view.js';
import { EtaView } from './eta-view.js';
import { clock, percent, rate } from './format.js';
import { DrawingPad } from './pad.js';
import { setupPresets } from './preset-picker.js';
import type { Event, ModelDescription, Ranked, Request, TrainConfig, TrainerState } from './protocol.js';
import { ResultsView } from './results-view.js';
import { setupSafekeeping } from './safekeeping.js';

function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el as T;
}

const ui = {
  device: $('device'),
  deviceChoice: $<HTMLSelectElement>('device-choice'),
  preset: $<HTMLSelectElement>('preset'),
  warning: $('warning'),
  form: $<HTMLFormElement>('train-form'),
  model: $<HTMLSelectElement>('model'),
  epochs: $<HTMLInputElement>('epochs'),
  batchSize: $<HTMLInputElement>('batch-size'),
  lr: $<HTMLInputElement>('lr'),
  limit: $<HTMLInputElement>('limit'),
  start: $<HTMLButtonElement>('start'),
  pause: $<HTMLButtonElement>('pause'),
  resume: $<HTMLButtonElement>('resume'),
  reset: $<HTMLButtonElement>('reset'),
  progress: $<HTMLProgressElement>('progress'),
  epoch: $('stat-epoch'),
  step: $('stat-step'),
  rate: $('stat-rate'),
  elapsed: $('stat-elapsed'),
  accuracy: $('stat-accuracy'),
  status: $('status'),
  error: $('error'),
  pad: $<HTMLCanvasElement>('pad'),
  preview: $<HTMLCanvasElement>('preview'),
  clear: $<HTMLButtonElement>('clear'),
  top3: $<HTMLOListElement>('top3'),
  confusion: $<HTMLTableElement>('confusion'),
  modelInfo: $('model-info'),
  download: $<HTMLButtonElement>('download'),
  load: $<HTMLInputElement>('load'),
};

const config = readConfig(window.location, import.meta.env.VITE_MNIST_URL);
if (config.limit !== undefined) ui.limit.value = String(config.limit);

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
const send = (request: Request, transfer: Transferable[] = []) => worker.postMessage(request, transfer);

const charts = new TrainingCharts($('loss-chart'), $('accuracy-chart'), (loss, accuracy) => {
  $('loss-summary').textContent = loss;
  $('accuracy-summary').textContent = accuracy;
});
const results = new ResultsView(
  {
    grid: $('grid'),
    gridSummary: $('grid-summary'),
    gridViews: Array.from(document.querySelectorAll<HTMLInputElement>('input[name="grid-view"]')),
    perClass: $<HTMLTableElement>('per-class'),
    modelSummary: $<HTMLTableElement>('model-summary'),
  },
  worker,
  send,
);
// Asks before work is discarded, keeps the last model in the browser, offers the pretrained one.
const keep = setupSafekeeping(send, (message) => showError(message));
const eta = new EtaView($('stat-eta-epoch'), $('stat-eta-run'));

let state: TrainerState = 'loading';
let model: ModelDescription | null = null;
let trainSize = 60000;
let testSize = 10000;
let device: { device: 'webgpu' | 'cpu'; softwareAdapter: boolean } = {
  device: 'cpu',
  softwareAdapter: false,
};

/** Warns before Start when the chosen run would take hours on this device. */
function updateWarning(): void {
  const warning = slowRunWarning(ui.model.value, device.device, device.softwareAdapter);
  ui.warning.hidden = warning === null;
  ui.warning.textContent = warning ?? '';
}

/** Shows `message` in plain words, the original under "Details" (error-view.ts); null hides it. */
function showError(message: string | null): void {
  renderError(ui.error, message);
}

function updateControls(): void {
  const ready = state !== 'loading';
  const busy = state === 'training' || state === 'paused';
  ui.start.disabled = !ready || busy;
  ui.pause.disabled = state !== 'training';
  ui.resume.disabled = state !== 'paused';
  ui.reset.disabled = !ready || (!busy && model === null);
  ui.download.disabled = model === null;
  ui.load.disabled = !ready || busy;
  for (const input of [ui.preset, ui.model, ui.epochs, ui.batchSize, ui.lr, ui.limit]) input.disabled = busy;
  ui.deviceChoice.disabled = !ready || busy;
  ui.modelInfo.textContent =
    model === null
      ? 'No model yet: train one or load a checkpoint.'
      : `Model: ${model.name.toUpperCase()}, ${model.source === 'trained here' ? 'trained on this page' : `loaded from ${model.source}`}.`;
}

// --- Drawing pad: MNIST-style preprocessing here, prediction in the worker -------------------------
let lastDrawing: Float64Array | null = null;
let predictionId = 0;
let inFlight = false;
let stale = false;

function requestPrediction(): void {
  if (lastDrawing === null || model === null) return;
  if (inFlight) {
    stale = true;
    return;
  }
  inFlight = true;
  stale = false;
  ui.top3.setAttribute('aria-busy', 'true');
  send({ type: 'predict', id: ++predictionId, pixels: lastDrawing });
}

function showPreview(image: Gray | null): void {
  const ctx = ui.preview.getContext('2d');
  if (ctx === null) return;
  const img = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = image === null ? 0 : Math.round(image.data[i]);
    img.data.set([v, v, v, 255], 4 * i);
  }
  ctx.putImageData(img, 0, 0);
}

function showTop3(top: readonly Ranked[] | null, note?: string): void {
  ui.top3.replaceChildren();
  if (top === null) {
    const li = document.createElement('li');
    li.className = 'note';
    li.textContent = note ?? '';
    ui.top3.append(li);
    return;
  }
  const classes = model?.classes ?? [];
  for (const t of top) {
    const li = document.createElement('li');
    const digit = document.createElement('span');
    digit.className = 'digit';
    digit.textContent = classes[t.index] ?? String(t.index);
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${Math.max(1, 100 * t.probability)}%`;
    bar.setAttribute('aria-hidden', 'true');
    const p = document.createElement('span');
    p.textContent = percent(t.probability);
    li.append(digit, bar, p);
    li.setAttribute('aria-label', `${digit.textContent}: ${percent(t.probability)}`);
    ui.top3.append(li);
  }
}

const pad = new DrawingPad(ui.pad, (image) => {
  if (image === null) {
    lastDrawing = null;
    showPreview(null);
    showTop3(null, 'Draw a digit on the pad.');
    return;
  }
  const input = mnistify(image);
  showPreview(input);
  lastDrawing = input.data;
  if (model === null) showTop3(null, keep.padWithoutModel(state));
  else requestPrediction();
});
ui.clear.addEventListener('click', () => pad.clear());
showTop3(null, 'Draw a digit on the pad.');

// --- Controls ------------------------------------------------------------------------------------
ui.form.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!ui.form.reportValidity() || !(await keep.guard.confirmDiscard('Starting a new run'))) return;
  const limit = Number(ui.limit.value);
  const trainConfig: TrainConfig = {
    model: ui.model.value as ModelName,
    epochs: Number(ui.epochs.value),
    batchSize: Number(ui.batchSize.value),
    lr: Number(ui.lr.value),
    limit: limit < trainSize ? limit : undefined,
  };
  showError(null);
  charts.clear();
  results.clear();
  renderConfusion(ui.confusion, [], 'Filled in after each epoch (rows: true class, columns: predicted).');
  for (const el of [ui.epoch, ui.step, ui.rate, ui.elapsed, ui.accuracy]) el.textContent = '–';
  ui.progress.value = 0;
  eta.start(trainConfig.limit ?? trainSize, trainConfig.batchSize, testSize);
  send({ type: 'train', config: trainConfig });
});
ui.pause.addEventListener('click', () => send({ type: 'pause' }));
ui.resume.addEventListener('click', () => send({ type: 'resume' }));
ui.reset.addEventListener('click', async () => {
  if (!(await keep.guard.confirmDiscard('Reset'))) return;
  keep.guard.showResetting();
  send({ type: 'reset' });
});
ui.download.addEventListener('click', () => send({ type: 'save' }));
ui.load.addEventListener('change', async () => {
  const file = ui.load.files?.[0];
  if (file === undefined || !(await keep.guard.confirmDiscard('Loading a checkpoint'))) {
    ui.load.value = '';
    return;
  }
  showError(null);
  const bytes = new Uint8Array(await file.arrayBuffer());
  send({ type: 'load', bytes, name: file.name }, [bytes.buffer]);
  ui.load.value = '';
});

function download(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// --- Worker events -------------------------------------------------------------------------------
worker.addEventListener('message', (e: MessageEvent<Event>) => {
  const event = e.data;
  switch (event.type) {
    case 'device':
      ui.device.textContent = event.label;
      ui.device.className = `device ${event.device}`;
      ui.device.dataset.threads = String(event.threads);
      device = event;
      updateWarning();
      return;
    case 'status':
      ui.status.textContent = event.text;
      return;
    case 'state': {
      const hadModel = model !== null;
      state = event.state;
      model = event.model;
      updateControls();
      keep.update(state, model);
      if (state === 'idle') eta.stop();
      if (model === null) {
        if (lastDrawing !== null) showTop3(null, 'Train a model or load a checkpoint to see predictions.');
      } else if (!hadModel) {
        requestPrediction();
      }
      return;
    }
    case 'data':
      trainSize = event.trainSize;
      testSize = event.testSize;
      ui.limit.max = String(event.trainSize);
      if (Number(ui.limit.value) > event.trainSize) ui.limit.value = String(event.trainSize);
      return;
    case 'progress':
      charts.addSteps(event.points);
      ui.epoch.textContent = `${event.epoch} / ${event.epochs}`;
      ui.step.textContent = `${event.batch} / ${event.batches}`;
      ui.rate.textContent = rate(event.samplesPerSecond);
      ui.elapsed.textContent = clock(event.elapsed);
      ui.progress.value = (event.epoch - 1 + event.batch / event.batches) / event.epochs;
      eta.progress(event);
      return;
    case 'epoch': {
      const r = event.report;
      charts.addEpoch(r);
      eta.epochEnd(r.epoch, r.elapsed);
      ui.accuracy.textContent = percent(r.testAccuracy, 2);
      ui.rate.textContent = rate(r.samplesPerSecond);
      ui.elapsed.textContent = clock(r.elapsed);
      renderConfusion(
        ui.confusion,
        r.confusion,
        `After epoch ${r.epoch} of ${r.epochs}: ${percent(r.testAccuracy, 2)} of the test set right (rows: true class, columns: predicted).`,
      );
      requestPrediction();
      return;
    }
    case 'evaluation':
      ui.accuracy.textContent = percent(event.accuracy, 2);
      renderConfusion(
        ui.confusion,
        event.confusion,
        `Loaded model: ${percent(event.accuracy, 2)} of the test set right (rows: true class, columns: predicted).`,
      );
      return;
    case 'grid':
      requestPrediction(); // the model has changed since the drawing was last classified
      return;
    case 'prediction':
      inFlight = false;
      if (lastDrawing !== null && model !== null) showTop3(event.top);
      if (stale) requestPrediction();
      else ui.top3.setAttribute('aria-busy', 'false');
      return;
    case 'checkpoint':
      download(event.bytes, event.fileName);
      return;
    case 'snapshot':
      void keep.lastModel.keep(event);
      return;
    case 'done':
      ui.progress.value = 1;
      eta.done();
      ui.accuracy.textContent = percent(event.testAccuracy, 2);
      return;
    case 'error':
      inFlight = false;
      ui.top3.setAttribute('aria-busy', 'false');
      showError(event.message);
      return;
  }
});
worker.addEventListener('error', (e) => showError(`the training worker failed: ${e.message}`));

// Quick is the first run a newcomer gets, unless the URL chose a number of training images.
setupPresets(ui, config.limit === undefined ? 'quick' : undefined, () => trainSize, updateWarning);
setupDeviceToggle(ui.deviceChoice, config.device, (choice) => send({ type: 'device', device: choice }));
updateControls();
send({ type: 'init', dataUrl: config.dataUrl, device: config.device });
