/**
 * Image transforms (torchvision: `torchvision.transforms`, with `functional` as
 * `torchvision.transforms.functional`).
 *
 * @packageDocumentation
 */

export type {
  AffineOptions,
  Fill,
  ImageLike,
  Interpolation,
  PaddingMode,
  PadOptions,
  RotateOptions,
} from './functional.js';
export * as functional from './functional.js';
export { Resize, type ResizeOptions } from './resize.js';
export { applyTransform, Compose, Lambda, type Transform, type TransformLike } from './transform.js';
export {
  Normalize,
  RandomAffine,
  type RandomAffineOptions,
  RandomCrop,
  type RandomCropOptions,
  RandomHorizontalFlip,
  RandomRotation,
  type RandomRotationOptions,
  RandomVerticalFlip,
  ToTensor,
} from './transforms.js';
