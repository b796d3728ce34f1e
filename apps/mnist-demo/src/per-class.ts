/**
 * Per-class accuracy from a confusion matrix (no Node imports: the command line's table and the web
 * page's bars both use it).
 */

/** One class's share of its test images classified right. */
export interface ClassAccuracy {
  correct: number;
  total: number;
  /** correct / total, 0 for a class with no test images. */
  accuracy: number;
}

/** Per-class counts and accuracy; `confusion[true][predicted]`. */
export function perClassStats(confusion: readonly (readonly number[])[]): ClassAccuracy[] {
  return confusion.map((row, label) => {
    const total = row.reduce((a, b) => a + b, 0);
    const correct = row[label] ?? 0;
    return { correct, total, accuracy: total > 0 ? correct / total : 0 };
  });
}
