/** A gzip stream that could not be decoded, or that inflates past its expected size. */
export class GzipError extends Error {
  override name = 'GzipError';
}
