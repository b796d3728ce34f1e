/**
 * A clear error for torchvision's constructor form `MNIST(root, train=True, download=False)`: typetorch's
 * constructor takes already decoded files, and reading or downloading them is asynchronous
 * (`await MNIST.load(root, options)`).
 */
import { type DatasetSpec, rawName } from './resources.js';

/** Throws unless `source` is decoded files (`{ images, labels }`), naming the files and the way to load them. */
export function checkSource(
  spec: DatasetSpec,
  source: unknown,
  options: { train?: boolean } | undefined,
): void {
  const s = source as { images?: { shape?: unknown }; labels?: { shape?: unknown } } | null;
  if (s !== null && typeof s === 'object' && s.images?.shape !== undefined && s.labels?.shape !== undefined)
    return;
  const train = options?.train ?? true;
  const split = train ? spec.train : spec.test;
  const files = [split.images.file, split.labels.file].map(rawName).join(' and ');
  const root = typeof source === 'string' ? `'${source}'` : 'root';
  const read = train ? '' : ', { train: false }';
  const fetch = train ? '{ download: true }' : '{ train: false, download: true }';
  const what = typeof source === 'string' ? `a root directory (${root})` : 'this argument';
  throw new TypeError(
    `${spec.name}: the constructor takes decoded files, not ${what}; the ${train ? 'train' : 'test'} split's ` +
      `files ${files} (or their .gz) are not loaded. Read them with \`await ${spec.name}.load(${root}${read})\`, ` +
      `or download them with \`await ${spec.name}.load(${root}, ${fetch})\` (torchvision: download=True).`,
  );
}
