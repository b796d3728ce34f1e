/**
 * safetensors checkpoints (https://github.com/huggingface/safetensors): browser-safe, no Node imports.
 * For files on disk in Node, see `@typetorch/nn/node`.
 */
export { type DeserializeOptions, deserialize } from './deserialize.js';
export { SAFETENSORS_DTYPES, type SafetensorsDType, SafetensorsError } from './dtypes.js';
export { parseHeader, type SafetensorsHeader, type SafetensorsTensorInfo } from './header.js';
export { type LoadBytesOptions, loadBytes, toBytes } from './module-io.js';
export { type SafetensorsMetadata, serialize } from './serialize.js';
