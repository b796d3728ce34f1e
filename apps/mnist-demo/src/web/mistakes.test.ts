import { describe, expect, it } from 'vitest';
import { chooseView, MISTAKES_FROM_ACCURACY, misclassified } from './mistakes.js';

describe('misclassified', () => {
  it('lists the wrong predictions in order with their true and predicted class, at most max', () => {
    const labels = [7, 2, 1, 0, 4, 1, 4, 9];
    const predictions = [7, 3, 1, 6, 4, 1, 9, 8];
    expect(misclassified(labels, predictions, 10)).toEqual([
      { index: 1, label: 2, predicted: 3 },
      { index: 3, label: 0, predicted: 6 },
      { index: 6, label: 4, predicted: 9 },
      { index: 7, label: 9, predicted: 8 },
    ]);
    expect(misclassified(labels, predictions, 2).map((m) => m.index)).toEqual([1, 3]);
    // A chunk of the test set starting at image 500: indices are the test set's.
    expect(misclassified(Uint8Array.of(1, 2), [1, 5], 40, 500)).toEqual([
      { index: 501, label: 2, predicted: 5 },
    ]);
    expect(misclassified([1, 2], [1, 2], 40)).toEqual([]);
  });
});

describe('chooseView', () => {
  it('shows the first images until the accuracy reaches the threshold, then the mistakes', () => {
    expect(chooseView(null, null)).toBe('first');
    expect(chooseView(0.85, null)).toBe('first');
    expect(chooseView(MISTAKES_FROM_ACCURACY, null)).toBe('mistakes');
    expect(chooseView(0.98, null)).toBe('mistakes');
  });

  it("keeps the reader's choice", () => {
    expect(chooseView(0.98, 'first')).toBe('first');
    expect(chooseView(0.5, 'mistakes')).toBe('mistakes');
  });
});
