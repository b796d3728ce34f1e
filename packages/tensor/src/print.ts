/**
 * PyTorch's tensor printing (torch/_tensor_str.py), reproduced on host data: the same choice of
 * integer/fixed/scientific mode, column widths, line wrapping at 80 columns and `...` summaries of
 * tensors with more than 1000 elements. int64 is the default integer dtype and is not printed as a dtype.
 */
import { type DType, isFloating, type TypedArray } from './dtype.js';
import { shared } from './global-state.js';
import { contiguousStrides, numelOf } from './shape.js';
import type { Tensor } from './tensor.js';

/** PyTorch: `torch.set_printoptions`. */
export interface PrintOptions {
  /** Digits after the decimal point of floating values; default 4 (PyTorch: `precision`). */
  precision: number;
  /** More elements than this are summarised with `...`; default 1000 (PyTorch: `threshold`). */
  threshold: number;
  /** Items kept at each end of a summarised dim; default 3 (PyTorch: `edgeitems`). */
  edgeitems: number;
  /** Characters per line before wrapping; default 80 (PyTorch: `linewidth`). */
  linewidth: number;
  /** Force scientific (true) or fixed (false) notation; null decides per tensor (PyTorch: `sci_mode`). */
  sciMode: boolean | null;
}

const defaults: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: null };
/** Process-wide, as PyTorch's: shared by every loaded copy of this package (global-state.ts). */
const opts: PrintOptions = shared('printOptions', () => ({ ...defaults }));

/** Sets print options; `setPrintOptions()` with no argument restores PyTorch's defaults. */
export function setPrintOptions(options?: Partial<PrintOptions>): void {
  Object.assign(opts, options === undefined ? defaults : options);
}

/** A host-side strided block of values: enough to slice the way _tensor_str does. */
interface Block {
  values: TypedArray;
  shape: number[];
  strides: number[];
  offset: number;
}

function rows(b: Block): number {
  return b.shape[0];
}

function row(b: Block, i: number): Block {
  return {
    values: b.values,
    shape: b.shape.slice(1),
    strides: b.strides.slice(1),
    offset: b.offset + i * b.strides[0],
  };
}

function at(b: Block, i: number): number {
  return b.values[b.offset + i * (b.strides[0] ?? 0)];
}

/** The values the formatter measures: all of them, or only the edges when summarising. */
function summarizedValues(b: Block, summarize: boolean, out: number[]): void {
  const e = opts.edgeitems;
  if (b.shape.length === 0) {
    out.push(b.values[b.offset]);
    return;
  }
  const n = rows(b);
  const idx =
    summarize && n > 2 * e
      ? [...Array(e).keys(), ...Array.from({ length: e }, (_, k) => n - e + k)]
      : [...Array(n).keys()];
  for (const i of idx) {
    if (b.shape.length === 1) out.push(at(b, i));
    else summarizedValues(row(b, i), summarize, out);
  }
}

/**
 * The exact decimal expansion of |v|, where `toFixed(100)` can give it: for |v| in [1e-14, 1e21) a
 * double's binary fraction has at most 100 decimal digits. Undefined elsewhere.
 */
function exactDecimal(v: number): string | undefined {
  const a = Math.abs(v);
  return a >= 1e-14 && a < 1e21 ? a.toFixed(100) : undefined;
}

/** Whether dropped digits are exactly one half (5 then zeros) and the last kept digit is even. */
function tieToEven(kept: string, dropped: string): boolean {
  return /^50*$/.test(dropped) && Number(kept[kept.length - 1]) % 2 === 0;
}

/**
 * `toFixed`, except that exact halves round to even as Python's `'{:.4f}'` does (toFixed rounds
 * them away from zero: 0.03125 -> '0.0313', Python '0.0312').
 */
function toFixedHalfEven(v: number, digits: number): string {
  const s = v.toFixed(digits);
  const exact = exactDecimal(v);
  if (exact === undefined) return s;
  const point = exact.indexOf('.');
  const kept = digits === 0 ? exact.slice(0, point) : exact.slice(0, point + 1 + digits);
  return tieToEven(kept, exact.slice(point + 1 + digits)) ? `${v < 0 ? '-' : ''}${kept}` : s;
}

/** `toExponential` with Python's half-to-even rounding of exact halves (1.03125 -> '1.0312e+00'). */
function toExponentialHalfEven(v: number, digits: number): string {
  const s = v.toExponential(digits);
  const exact = exactDecimal(v);
  if (exact === undefined) return s;
  const all = exact.replace('.', '');
  const first = all.search(/[1-9]/);
  const significant = all.slice(first);
  if (!tieToEven(significant.slice(0, digits + 1), significant.slice(digits + 1))) return s;
  const exponent = exact.indexOf('.') - first - 1;
  const mantissa = digits === 0 ? significant[0] : `${significant[0]}.${significant.slice(1, digits + 1)}`;
  return `${v < 0 ? '-' : ''}${mantissa}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
}

function pyExp(v: number, precision: number): string {
  // Python's `{:.4e}` writes at least two exponent digits: 1.0000e+00.
  const s = toExponentialHalfEven(v, precision);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function pyFixed(v: number, precision: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const s = toFixedHalfEven(v, precision);
  return Object.is(v, -0) || (v < 0 && /^-?0(\.0*)?$/.test(s)) ? (s.startsWith('-') ? s : `-${s}`) : s;
}

class Formatter {
  private intMode = true;
  private sciMode = false;
  private maxWidth = 1;

  constructor(
    private readonly dtype: DType,
    values: readonly number[],
  ) {
    if (!isFloating(dtype)) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, this.plain(v).length);
      return;
    }
    const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
    if (finite.length > 0) {
      const abs = finite.map(Math.abs);
      const lo = Math.min(...abs);
      const hi = Math.max(...abs);
      this.intMode = finite.every((v) => v === Math.ceil(v));
      const p = opts.precision;
      if (this.intMode) {
        if (hi / lo > 1000 || hi > 1e8) {
          this.sciMode = true;
          for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyExp(v, p).length);
        } else {
          for (const v of finite) this.maxWidth = Math.max(this.maxWidth, v.toFixed(0).length + 1);
        }
      } else if (hi / lo > 1000 || hi > 1e8 || lo < 1e-4) {
        this.sciMode = true;
        for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyExp(v, p).length);
      } else {
        for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, p).length);
      }
    }
    if (opts.sciMode !== null) this.sciMode = opts.sciMode;
  }

  private plain(v: number): string {
    return this.dtype === 'bool' ? (v !== 0 ? 'True' : 'False') : String(v);
  }

  get width(): number {
    return this.maxWidth;
  }

  format(v: number): string {
    let s: string;
    if (!isFloating(this.dtype)) s = this.plain(v);
    else if (!Number.isFinite(v)) s = Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
    else if (this.sciMode) s = pyExp(v, opts.precision);
    else if (this.intMode) s = `${pyFixed(v, 0)}.`;
    else s = pyFixed(v, opts.precision);
    return s.padStart(this.maxWidth, ' ');
  }
}

function vectorStr(b: Block, indent: number, summarize: boolean, f: Formatter): string {
  const elementLength = f.width + 2;
  const perLine = Math.max(1, Math.floor((opts.linewidth - indent) / elementLength));
  const n = rows(b);
  const e = opts.edgeitems;
  let data: string[];
  if (summarize && n > 2 * e) {
    data = [
      ...Array.from({ length: e }, (_, i) => f.format(at(b, i))),
      ' ...',
      ...Array.from({ length: e }, (_, i) => f.format(at(b, n - e + i))),
    ];
  } else {
    data = Array.from({ length: n }, (_, i) => f.format(at(b, i)));
  }
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
}

function blockStr(b: Block, indent: number, summarize: boolean, f: Formatter): string {
  const dim = b.shape.length;
  if (dim === 0) return f.format(b.values[b.offset]);
  if (dim === 1) return vectorStr(b, indent, summarize, f);
  const n = rows(b);
  const e = opts.edgeitems;
  const sub = (i: number) => blockStr(row(b, i), indent + 1, summarize, f);
  const slices =
    summarize && n > 2 * e
      ? [
          ...Array.from({ length: e }, (_, i) => sub(i)),
          '...',
          ...Array.from({ length: e }, (_, i) => sub(n - e + i)),
        ]
      : Array.from({ length: n }, (_, i) => sub(i));
  return `[${slices.join(`,${'\n'.repeat(dim - 1)}${' '.repeat(indent + 1)}`)}]`;
}

function addSuffixes(body: string, suffixes: string[], indent: number): string {
  const parts = [body];
  let lastLineLen = body.length - body.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > opts.linewidth) {
      parts.push(`,\n${' '.repeat(indent)}${suffix}`);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(`, ${suffix}`);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** Formats `t` (whose contiguous values are `values`) as PyTorch's `repr` does. */
export function formatTensor(t: Tensor, values: TypedArray): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const shape = [...t.shape];
  const suffixes: string[] = t.device !== 'cpu' ? [`device='${t.device}'`] : [];
  let body: string;
  if (numelOf(shape) === 0) {
    if (shape.length !== 1) suffixes.push(`size=(${shape.join(', ')})`);
    body = '[]';
  } else {
    const block: Block = { values, shape, strides: contiguousStrides(shape), offset: 0 };
    const summarize = numelOf(shape) > opts.threshold;
    const measured: number[] = [];
    summarizedValues(block, summarize, measured);
    body = blockStr(block, indent, summarize, new Formatter(t.dtype, measured));
  }
  // An empty tensor has no values to show its dtype, so PyTorch names every non-default one.
  const empty = numelOf(shape) === 0;
  const named = t.dtype === 'float64' || t.dtype === 'float16' || t.dtype === 'int32';
  if (named || (empty && t.dtype !== 'float32')) suffixes.push(`dtype=torch.${t.dtype}`);
  if (t.gradFn !== null) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}
