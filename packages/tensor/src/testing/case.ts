/** One conformance case: a named check that runs against a device. */
export interface ConformanceCase {
  /** A family, e.g. 'elementwise', 'views', 'pytorch:reduce'. */
  readonly group: string;
  readonly name: string;
  /** Runs the check on `device`; throws on failure. */
  run(device: string): Promise<void> | void;
}

/** Builds a group of cases. */
export function group(
  name: string,
  cases: Record<string, (device: string) => Promise<void> | void>,
): ConformanceCase[] {
  return Object.entries(cases).map(([caseName, run]) => ({ group: name, name: caseName, run }));
}
