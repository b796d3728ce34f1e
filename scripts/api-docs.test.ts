import { Comment, CommentTag } from 'typedoc';
import { describe, expect, it } from 'vitest';
import { checkApiDocs, formatReport, judge } from './api-docs-check.ts';

// Issue 19: every item of the API reference has a doc comment with a PyTorch cross-reference, and TypeDoc
// converts every package without a warning (no public type left unexported, no unresolved {@link}).
// The rule is spelled out in api-docs-check.ts; `pnpm docs:check [package...]` prints the same list.
describe('API reference', () => {
  it('documents every export with a PyTorch cross-reference, and TypeDoc warns of nothing', async () => {
    const report = await checkApiDocs();
    // The whole report on failure: every missing item, grouped by package, with file:line.
    expect(report.problems.length + report.warnings.length, formatReport(report)).toBe(0);
  }, 900_000);
});

describe('the documentation rule', () => {
  const text = (t: string) => new Comment([{ kind: 'text', text: t }]);

  it('wants a comment with a summary', () => {
    expect(judge([])).toBe('no doc comment');
    expect(judge([undefined, undefined])).toBe('no doc comment');
    expect(judge([new Comment([], [new CommentTag('@see', [{ kind: 'text', text: 'torch.add' }])])])).toBe(
      'no doc comment',
    );
  });

  it('wants "PyTorch", "torchvision" or a torch. name in the summary or a block tag', () => {
    expect(judge([text('Adds two tensors.')])).toBe('no PyTorch cross-reference');
    expect(judge([text('Uses torch less.')])).toBe('no PyTorch cross-reference');
    expect(judge([text('Adds (PyTorch: `add`).')])).toBeUndefined();
    expect(judge([text('Has no counterpart (PyTorch has none: no scopes there).')])).toBeUndefined();
    expect(judge([text('Crops at random (torchvision: `RandomCrop`).')])).toBeUndefined();
    expect(judge([text('As `torch.nn.functional.relu`.')])).toBeUndefined();
    const withTag = new Comment(
      [{ kind: 'text', text: 'Adds.' }],
      [new CommentTag('@see', [{ kind: 'code', text: '`torch.add`' }])],
    );
    expect(judge([withTag])).toBeUndefined();
  });

  it('takes the comment of any signature (an overload, a getter)', () => {
    expect(judge([undefined, text('The shape (PyTorch: `Tensor.shape`).')])).toBeUndefined();
  });
});
