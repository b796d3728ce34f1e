/**
 * The size bounds of a download, from what is known about the file before it arrives. Browser-safe.
 */
import type { Resource } from '../datasets/resources.js';

/** Default of `FetchOptions.timeoutMs`: a URL that sends nothing for this long fails (PyTorch has none). */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
/** Default of `FetchOptions.deadlineMs`: a file not complete after this long fails (PyTorch has none). */
export const DEFAULT_DEADLINE_MS = 15 * 60_000;

/**
 * The most bytes a mirror may send for `resource`: its published size, or, since a recompressed copy
 * (Debian's) or an already decompressed one is accepted by its decompressed md5, the largest such a
 * copy can be (the raw size plus gzip's worst-case overhead for incompressible data: 5 bytes per
 * 16 KiB stored block, a header and a trailer). A response past it is aborted, never buffered (PyTorch has
 * none).
 */
export function maxDownloadBytes(resource: Resource): number {
  const storedOverhead = 5 * Math.ceil(resource.rawSize / 16384) + 1024;
  return Math.max(resource.size, resource.rawSize + storedOverhead);
}
