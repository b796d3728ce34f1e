/**
 * A gzip stream that could not be decoded, or that inflates past its expected size (PyTorch: Python's
 * `gzip.BadGzipFile`).
 */
export class GzipError extends Error {
  /** The error's class name (PyTorch: Python's `type(e).__name__`). */
  override name = 'GzipError';
}
