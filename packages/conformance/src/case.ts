/** One conformance case: a named check that runs against a device (PyTorch: a test of `torch.testing._internal.common_device_type`, instantiated per device). */
export interface ConformanceCase {
  /** A family, e.g. 'elementwise', 'views', 'pytorch:reduce'. */
  readonly group: string;
  /** The case's name within its group (PyTorch: a test method's name). */
  readonly name: string;
  /** Runs the check on `device`; throws on failure (PyTorch: the test body, given a `device`). */
  run(device: string): Promise<void> | void;
}

/** Builds a group of cases, one per entry of `cases` (PyTorch: a `TestCase` class of device tests). */
export function group(
  name: string,
  cases: Record<string, (device: string) => Promise<void> | void>,
): ConformanceCase[] {
  return Object.entries(cases).map(([caseName, run]) => ({ group: name, name: caseName, run }));
}
