/**
 * `torch.einsum` as a composition of rows (`diagonal`, `sum`, `permute`, `expand`, `reshape`,
 * `matmul`, `mul`): not a row of its own, so its gradient is the chain of theirs (checked by
 * gradcheck in @typetorch/autograd's formulas/math.test.ts). Operands are contracted left to right,
 * two at a time, each pair as one batched matmul.
 */
import { isFloating } from '../dtype.js';
import { Tensor } from '../tensor.js';
import { disposeTemps } from './internal.js';

/** A tensor with one distinct label per dim. Ellipsis dims are labelled `'.0'`, `'.1'`, ... */
interface Term {
  readonly t: Tensor;
  readonly labels: readonly string[];
}

const fail = (message: string) => new RangeError(`einsum(): ${message}`);

/** Parses one side's subscripts (a term or the output): labels, with `'...'` kept as one token. */
function parseTerm(text: string, at: number): string[] {
  const labels: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '.') {
      if (text.slice(i, i + 3) !== '...' || labels.includes('...')) {
        throw fail(`found '.' for operand at index ${at + i} that is not part of any ellipsis`);
      }
      labels.push('...');
      i += 2;
    } else if (/^[a-zA-Z]$/.test(ch)) labels.push(ch);
    else if (ch !== ' ') {
      throw fail(
        `invalid subscript given at index ${at + i} in the equation string, subscripts must be in [a-zA-Z]`,
      );
    }
  }
  return labels;
}

/** Replaces an operand's ellipsis by the labels of its (right-aligned) ellipsis dims. */
function expandEllipsis(labels: string[], ndim: number, i: number, ellipsisDims: number): string[] {
  const named = labels.filter((l) => l !== '...').length;
  if (!labels.includes('...')) {
    if (named !== ndim) {
      throw fail(
        `the number of subscripts in the equation (${named}) does not match the number of dimensions (${ndim}) for operand ${i} and no ellipsis was given`,
      );
    }
    return labels;
  }
  if (named > ndim) {
    throw fail(
      `the number of subscripts in the equation (${named}) is more than the number of dimensions (${ndim}) for operand ${i}`,
    );
  }
  const count = ndim - named;
  const ell = Array.from({ length: count }, (_, k) => `.${ellipsisDims - count + k}`);
  const at = labels.indexOf('...');
  return [...labels.slice(0, at), ...ell, ...labels.slice(at + 1)];
}

/** Takes the diagonal of every label an operand repeats (`'ii'`), so its labels are distinct. */
function distinct(term: Term, i: number, temps: Tensor[]): Term {
  let { t, labels } = term;
  for (;;) {
    const p = labels.findIndex((l, k) => labels.indexOf(l) !== k);
    if (p < 0) return { t, labels };
    const q = labels.indexOf(labels[p]);
    if (t.shape[p] !== t.shape[q]) {
      throw fail(
        `subscript ${labels[p]} is repeated for operand ${i} but the sizes don't match, ${t.shape[p]} != ${t.shape[q]}`,
      );
    }
    t = t.diagonal(0, q, p);
    temps.push(t);
    labels = [...labels.filter((_, k) => k !== p && k !== q), labels[p]];
  }
}

/** Sums out the labels `drop` accepts. */
function sumOut(term: Term, drop: (label: string) => boolean, temps: Tensor[]): Term {
  const dims = term.labels.flatMap((l, k) => (drop(l) ? [k] : []));
  if (dims.length === 0) return term;
  const t = term.t.sum(dims);
  temps.push(t);
  return { t, labels: term.labels.filter((_, k) => !dims.includes(k)) };
}

/** `term` permuted to `order` and broadcast to `sizes` (labels it lacks must not be in `order`). */
function arrange(term: Term, order: readonly string[], sizes: Map<string, number>, temps: Tensor[]): Tensor {
  const permuted = term.t.permute(order.map((l) => term.labels.indexOf(l)));
  const expanded = permuted.expand(order.map((l) => sizes.get(l)!));
  temps.push(permuted, expanded);
  return expanded;
}

/** Contracts two terms, keeping the labels of `keep` (the output's and later operands'). */
function contract(a0: Term, b0: Term, keep: ReadonlySet<string>, temps: Tensor[]): Term {
  const a = sumOut(a0, (l) => !b0.labels.includes(l) && !keep.has(l), temps);
  const b = sumOut(b0, (l) => !a.labels.includes(l) && !keep.has(l), temps);
  const shared = a.labels.filter((l) => b.labels.includes(l));
  const batch = shared.filter((l) => keep.has(l));
  const inner = shared.filter((l) => !keep.has(l));
  const aFree = a.labels.filter((l) => !b.labels.includes(l));
  const bFree = b.labels.filter((l) => !a.labels.includes(l));
  const sizes = new Map<string, number>();
  for (const term of [a, b]) {
    term.labels.forEach((l, k) => {
      sizes.set(l, Math.max(sizes.get(l) ?? 1, term.t.shape[k]));
    });
  }
  const size = (ls: readonly string[]) => ls.reduce((n, l) => n * sizes.get(l)!, 1);
  const labels = [...batch, ...aFree, ...bFree];
  const shape = labels.map((l) => sizes.get(l)!);
  if (!isFloating(a.t.dtype) || !isFloating(b.t.dtype)) {
    // Integer operands (no integer matmul): broadcast product, then sum over the inner labels.
    const all = [...labels, ...inner];
    const aligned = [a, b].map((term) => {
      const own = all.filter((l) => term.labels.includes(l));
      const x = term.t.permute(own.map((l) => term.labels.indexOf(l)));
      const r = x.reshape(
        all.map((l) => (term.labels.includes(l) ? term.t.shape[term.labels.indexOf(l)] : 1)),
      );
      temps.push(x, r);
      return r;
    });
    const product = aligned[0].mul(aligned[1]);
    if (inner.length === 0) return { t: product, labels };
    temps.push(product);
    return { t: product.sum(inner.map((_, k) => labels.length + k)), labels };
  }
  const x = arrange(a, [...batch, ...aFree, ...inner], sizes, temps).reshape([
    size(batch),
    size(aFree),
    size(inner),
  ]);
  const y = arrange(b, [...batch, ...inner, ...bFree], sizes, temps).reshape([
    size(batch),
    size(inner),
    size(bFree),
  ]);
  const product = x.matmul(y);
  temps.push(x, y, product);
  return { t: product.reshape(shape), labels };
}

/** Sizes of each label across operands: equal, or 1 (broadcast); PyTorch's error otherwise. */
function checkSizes(terms: readonly Term[]): void {
  const seen = new Map<string, number>();
  terms.forEach((term, i) => {
    term.labels.forEach((l, k) => {
      const size = term.t.shape[k];
      const prev = seen.get(l);
      if (prev !== undefined && prev !== size && prev !== 1 && size !== 1) {
        const name = l.startsWith('.') ? '...' : l;
        throw fail(
          `subscript ${name} has size ${size} for operand ${i} which does not broadcast with previously seen size ${prev}`,
        );
      }
      if (prev === undefined || prev === 1) seen.set(l, size);
    });
  });
}

/** The output labels: given after `->`, or (implicit) the ellipsis then the labels seen once, sorted. */
function outputLabels(
  rhs: string | undefined,
  at: number,
  terms: readonly Term[],
  ellipsisDims: number,
): string[] {
  const ell = Array.from({ length: ellipsisDims }, (_, k) => `.${k}`);
  const inputs = terms.flatMap((t) => t.labels);
  if (rhs === undefined) {
    const once = [...new Set(inputs)].filter(
      (l) => !l.startsWith('.') && inputs.indexOf(l) === inputs.lastIndexOf(l),
    );
    return [...ell, ...once.sort()];
  }
  const labels = parseTerm(rhs, at);
  labels.forEach((l, k) => {
    if (labels.indexOf(l) !== k) throw fail(`output subscript ${l} appears more than once in the output`);
    if (l !== '...' && !inputs.includes(l)) {
      throw fail(`output subscript ${l} does not appear in the equation for any input operand`);
    }
  });
  const at3 = labels.indexOf('...');
  return at3 < 0 ? labels : [...labels.slice(0, at3), ...ell, ...labels.slice(at3 + 1)];
}

/**
 * Sums products of operands' elements over the subscripts the equation contracts (PyTorch:
 * `torch.einsum(equation, *operands)`): `'ij,jk->ik'` (matmul), `'bij,bjk->bik'`, `'ii->i'`
 * (diagonal), `'ii'` (trace), `'ij->ji'`, `'i,i->'` (dot), `'i,j->ij'` (outer), `'...ij,...jk->...ik'`
 * (an ellipsis broadcasts). Without `->`, the output is the subscripts that appear once, sorted.
 * Operands may also be passed as one array.
 */
export function einsum(equation: string, ...operands: (Tensor | readonly Tensor[])[]): Tensor {
  const tensors = (operands.length === 1 && Array.isArray(operands[0]) ? operands[0] : operands) as Tensor[];
  const arrow = equation.indexOf('->');
  const lhs = arrow < 0 ? equation : equation.slice(0, arrow);
  const rhs = arrow < 0 ? undefined : equation.slice(arrow + 2);
  if (rhs?.includes('->'))
    throw fail(
      `invalid subscript given at index ${arrow + 2 + rhs.indexOf('->')} in the equation string, subscripts must be in [a-zA-Z]`,
    );
  const parts = lhs.split(',');
  if (parts.length > tensors.length)
    throw fail('fewer operands were provided than specified in the equation');
  if (parts.length < tensors.length) throw fail('more operands were provided than specified in the equation');
  for (const t of tensors)
    if (!(t instanceof Tensor)) throw new TypeError('einsum(): operands must be Tensors');
  let at = 0;
  const parsed = parts.map((p) => {
    const labels = parseTerm(p, at);
    at += p.length + 1;
    return labels;
  });
  const ellipsisDims = Math.max(
    0,
    ...parsed.map((l, i) => (l.includes('...') ? tensors[i].ndim - (l.length - 1) : 0)),
  );
  const temps: Tensor[] = [];
  try {
    const raw = parsed.map((l, i) => ({
      t: tensors[i],
      labels: expandEllipsis(l, tensors[i].ndim, i, ellipsisDims),
    }));
    const output = outputLabels(rhs, arrow + 2, raw, ellipsisDims);
    const terms = raw.map((term, i) => distinct(term, i, temps));
    checkSizes(terms);
    let acc = sumOut(
      terms[0],
      (l) => !output.includes(l) && !terms.slice(1).some((t) => t.labels.includes(l)),
      temps,
    );
    for (let i = 1; i < terms.length; i++) {
      const keep = new Set([...output, ...terms.slice(i + 1).flatMap((t) => t.labels)]);
      temps.push(acc.t);
      acc = contract(acc, terms[i], keep, temps);
    }
    // Ellipsis dims absent from every operand (they have fewer) are not in the result: drop them.
    const present = output.filter((l) => acc.labels.includes(l));
    const result = acc.t.permute(present.map((l) => acc.labels.indexOf(l)));
    temps.push(acc.t);
    return result;
  } finally {
    disposeTemps(temps, [...tensors]);
  }
}
