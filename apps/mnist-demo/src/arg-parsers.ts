/**
 * Parsers of option values for commander: each returns the value or throws InvalidArgumentError, which
 * commander prints as one line (`error: option '--epochs <n>' argument 'x' is invalid. ...`), exit 2.
 */
import { InvalidArgumentError } from 'commander';

export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
      throw new InvalidArgumentError(`${name} must be a positive integer.`);
    }
    return n;
  };
}

export function integer(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('Not an integer.');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('Must be a positive number.');
  }
  return n;
}

/** A file or directory path: any string but the empty one (which names no file). */
export function path(value: string): string {
  if (value === '') throw new InvalidArgumentError('An empty path names no file.');
  return value;
}

/** The variadic `<images...>` argument: non-empty paths, collected in order. */
export function paths(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), path(value)];
}
