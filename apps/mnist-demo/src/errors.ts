/**
 * Errors the user can fix (bad options, missing or corrupt data, a checkpoint that does not fit):
 * printed as one clear message, exit code 2, never a stack trace.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes of the CLI. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
