/**
 * Which test images the prediction grid shows: the first ones, or, once the model is good, the ones it
 * gets wrong (more instructive than 40 right answers).
 */

/** From this test accuracy on, the grid switches to the mistakes on its own (unless the reader chose). */
export const MISTAKES_FROM_ACCURACY = 0.9;

/** The grid's two views. */
export type GridView = 'first' | 'mistakes';

/** One misclassified test image: its index in the test set, true and predicted class. */
export interface Mistake {
  index: number;
  label: number;
  predicted: number;
}

/** The first `max` images (in test-set order) whose prediction differs from the label. */
export function misclassified(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  max: number,
  offset = 0,
): Mistake[] {
  const out: Mistake[] = [];
  const n = Math.min(labels.length, predictions.length);
  for (let i = 0; i < n && out.length < max; i++) {
    if (labels[i] !== predictions[i])
      out.push({ index: offset + i, label: labels[i], predicted: predictions[i] });
  }
  return out;
}

/** The view to show: the reader's choice if any, else mistakes once the accuracy reaches the threshold. */
export function chooseView(accuracy: number | null, chosen: GridView | null): GridView {
  if (chosen !== null) return chosen;
  return accuracy !== null && accuracy >= MISTAKES_FROM_ACCURACY ? 'mistakes' : 'first';
}
