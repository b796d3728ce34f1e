/**
 * The figure of upstream's train.py, as SVG: matplotlib's `plt.figure(figsize=(30, 10))` with a title,
 * axis labels, ticks, and `plt.plot` lines (solid for the input span, dotted for the predicted future),
 * saved where upstream calls `plt.savefig('predict%d.pdf' % i)`. A small hand-written writer: no
 * plotting dependency.
 */
import { writeFile } from 'node:fs/promises';

/** One `plt.plot(xs, ys, color + style, linewidth=2.0)` call. */
export interface Line {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  color: string;
  dotted: boolean;
}

/** matplotlib's single-letter colors used by upstream. */
const COLORS: Record<string, string> = { r: 'red', g: 'green', b: 'blue' };

const W = 3000; // figsize 30 x 10 inches at 100 dpi, matplotlib's default
const H = 1000;
const M = { left: 150, right: 60, top: 160, bottom: 120 };

/** Round tick values over [lo, hi], about `n` of them (matplotlib's MaxNLocator, roughly). */
function ticks(lo: number, hi: number, n: number): number[] {
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

/** The SVG text of a figure with `title`, `xlabel`, `ylabel` and `lines`. */
export function figure(title: string, xlabel: string, ylabel: string, lines: readonly Line[]): string {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const { xs, ys } of lines) {
    for (let i = 0; i < xs.length; i++) {
      [x0, x1] = [Math.min(x0, xs[i]), Math.max(x1, xs[i])];
      if (Number.isFinite(ys[i])) [y0, y1] = [Math.min(y0, ys[i]), Math.max(y1, ys[i])];
    }
  }
  if (!(y1 > y0)) [y0, y1] = [y0 - 1, y0 + 1];
  // matplotlib's 5% margins
  const [dx, dy] = [(x1 - x0) * 0.05, (y1 - y0) * 0.05];
  [x0, x1, y0, y1] = [x0 - dx, x1 + dx, y0 - dy, y1 + dy];
  const px = (x: number) => (M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right)).toFixed(1);
  const py = (y: number) => (H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom)).toFixed(1);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  title.split('\n').forEach((t, i) => {
    out.push(
      `<text x="${W / 2}" y="${60 + i * 40}" font-size="30" text-anchor="middle">${escapeXml(t)}</text>`,
    );
  });
  out.push(
    `<text x="${W / 2}" y="${H - 25}" font-size="20" text-anchor="middle">${escapeXml(xlabel)}</text>`,
  );
  out.push(
    `<text x="40" y="${H / 2}" font-size="20" text-anchor="middle" transform="rotate(-90 40 ${H / 2})">${escapeXml(ylabel)}</text>`,
  );
  const [bx, by] = [M.left, M.top];
  out.push(
    `<rect x="${bx}" y="${by}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="black"/>`,
  );
  for (const t of ticks(x0, x1, 8)) {
    out.push(`<text x="${px(t)}" y="${H - M.bottom + 30}" font-size="20" text-anchor="middle">${t}</text>`);
  }
  for (const t of ticks(y0, y1, 8)) {
    out.push(
      `<text x="${M.left - 10}" y="${py(t)}" font-size="20" text-anchor="end" dominant-baseline="middle">${t}</text>`,
    );
  }
  for (const { xs, ys, color, dotted } of lines) {
    const points: string[] = [];
    for (let i = 0; i < xs.length; i++) if (Number.isFinite(ys[i])) points.push(`${px(xs[i])},${py(ys[i])}`);
    const dash = dotted ? ' stroke-dasharray="2,3"' : '';
    out.push(
      `<polyline fill="none" stroke="${COLORS[color] ?? color}" stroke-width="2"${dash} points="${points.join(' ')}"/>`,
    );
  }
  out.push('</svg>', '');
  return out.join('\n');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Writes a figure (upstream: `plt.savefig(path)`). */
export async function savefig(path: string, svg: string): Promise<void> {
  await writeFile(path, svg);
}
