/**
 * The messages between the page (main.ts) and the training worker (worker.ts). Everything that touches
 * tensors happens in the worker; the page only draws.
 */
import type { ModelSummary } from '../model-summary.js';
import type { ModelName } from '../models.js';
import type { Mistake } from './mistakes.js';

/** Which device the page asks for: `auto` is WebGPU on a hardware adapter, else the CPU (device-policy.ts). */
export type DeviceRequest = 'auto' | 'webgpu' | 'cpu';

export interface TrainConfig {
  model: ModelName;
  epochs: number;
  batchSize: number;
  lr: number;
  /** Train on the first `limit` training images (all when undefined). */
  limit?: number;
}

/** A top-k entry: class index and probability. */
export interface Ranked {
  index: number;
  probability: number;
}

export type Request =
  | { type: 'init'; dataUrl: string; device: DeviceRequest }
  /** The page's Device toggle: choose again (a held model moves to the new device). */
  | { type: 'device'; device: DeviceRequest }
  | { type: 'train'; config: TrainConfig }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'reset' }
  /** An MNIST-style 28x28 image (0..255, row-major) from the drawing pad. */
  | { type: 'predict'; id: number; pixels: Float64Array }
  | { type: 'save' }
  /** Find the test images the model gets wrong (answered by a `mistakes` event). */
  | { type: 'mistakes' }
  | { type: 'load'; bytes: Uint8Array; name: string };

export type TrainerState = 'loading' | 'idle' | 'training' | 'paused';

/** The model the worker holds, if any. */
export interface ModelDescription {
  name: ModelName;
  /** 'trained here' or the checkpoint's file name. */
  source: string;
  /** Class names of the dataset the model was trained on. */
  classes: readonly string[];
}

export interface StepPoint {
  /** 1-based optimizer step over the whole run. */
  step: number;
  loss: number;
  /** Running training accuracy over the epoch so far. */
  accuracy: number;
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  /** The step at which the epoch ended (x position on the charts). */
  step: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  /** confusion[label][prediction] over the test set. */
  confusion: number[][];
  samplesPerSecond: number;
  /** Seconds of training and evaluation so far (pauses excluded). */
  elapsed: number;
}

export type Event =
  /** The device in use; `label` is the badge; `threads` those of the CPU backend. */
  | { type: 'device'; device: 'webgpu' | 'cpu'; label: string; softwareAdapter: boolean; threads: number }
  | { type: 'state'; state: TrainerState; model: ModelDescription | null }
  /** The held model's layers and parameter counts (null without a model); sent with every state. */
  | { type: 'summary'; summary: ModelSummary | null }
  /** The first misclassified test images (`pixels`: N x 784 bytes), found in the first `scanned`. */
  | { type: 'mistakes'; mistakes: Mistake[]; pixels: Uint8Array; scanned: number }
  | { type: 'status'; text: string }
  /** The data is loaded; `grid` holds the test images shown with predictions (N x 784 bytes). */
  | { type: 'data'; trainSize: number; testSize: number; grid: Uint8Array; gridLabels: number[] }
  | {
      type: 'progress';
      points: StepPoint[];
      epoch: number;
      epochs: number;
      batch: number;
      batches: number;
      samplesPerSecond: number;
      /** Seconds of training so far (pauses excluded). */
      elapsed: number;
    }
  | { type: 'epoch'; report: EpochReport }
  /** Test-set evaluation of a loaded checkpoint. */
  | { type: 'evaluation'; accuracy: number; loss: number; confusion: number[][] }
  /** Predicted class of each grid image. */
  | { type: 'grid'; predictions: number[] }
  | { type: 'prediction'; id: number; top: Ranked[] }
  | { type: 'checkpoint'; bytes: Uint8Array; fileName: string }
  /**
   * The model being trained, for the page to keep in the browser (last-model.ts): after each epoch and at
   * a pause; `epoch` epochs finished, `accuracy` the last test accuracy (null before the first epoch ends).
   */
  | { type: 'snapshot'; bytes: Uint8Array; config: TrainConfig; epoch: number; accuracy: number | null }
  | { type: 'done'; testAccuracy: number; seconds: number }
  | { type: 'error'; message: string };
