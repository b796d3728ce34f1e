/**
 * The drawing pad: white ink on black, drawn with a mouse, pen or finger (pointer events), or with the
 * keyboard (arrow keys move the pen, Space lifts or lowers it, Escape or Delete clears). After every
 * change, `onChange` gets the picture as a grayscale image (or null when the pad is empty).
 */
import type { Gray } from '../preprocess.js';

/** Pad resolution in canvas pixels; the CSS size may differ (pointer positions are scaled). */
export const PAD_SIZE = 280;
const INK_WIDTH = 22;
/** Keyboard pen step, in canvas pixels (one MNIST pixel at this scale). */
const KEY_STEP = PAD_SIZE / 28;

export class DrawingPad {
  private readonly ctx: CanvasRenderingContext2D;
  private drawing = false;
  private last: { x: number; y: number } | null = null;
  private empty = true;
  private frame = 0;
  /** Keyboard pen position and whether it draws while moving. */
  private pen = { x: PAD_SIZE / 2, y: PAD_SIZE / 2, down: false, visible: false };
  private readonly ink: ImageData;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onChange: (image: Gray | null) => void,
  ) {
    canvas.width = PAD_SIZE;
    canvas.height = PAD_SIZE;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (ctx === null) throw new Error('the drawing pad needs a 2D canvas context');
    this.ctx = ctx;
    this.ink = ctx.createImageData(PAD_SIZE, PAD_SIZE);
    this.reset();
    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    canvas.addEventListener('pointerup', (e) => this.up(e));
    canvas.addEventListener('pointercancel', (e) => this.up(e));
    canvas.addEventListener('keydown', (e) => this.key(e));
    canvas.addEventListener('blur', () => {
      this.pen.visible = false;
      this.paintCursor();
    });
  }

  /** Clears the pad. */
  clear(): void {
    this.reset();
    this.onChange(null);
  }

  private reset(): void {
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
    this.ink.data.set(this.ctx.getImageData(0, 0, PAD_SIZE, PAD_SIZE).data);
    this.empty = true;
  }

  private point(e: PointerEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * PAD_SIZE) / r.width, y: ((e.clientY - r.top) * PAD_SIZE) / r.height };
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0) return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.drawing = true;
    this.last = this.point(e);
    this.stroke(this.last, this.last);
  }

  private move(e: PointerEvent): void {
    if (!this.drawing || this.last === null) return;
    e.preventDefault();
    // Coalesced events keep fast strokes smooth where the browser batches pointer moves.
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ev of events.length > 0 ? events : [e]) {
      const p = this.point(ev);
      this.stroke(this.last, p);
      this.last = p;
    }
  }

  private up(e: PointerEvent): void {
    if (!this.drawing) return;
    this.drawing = false;
    this.last = null;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
  }

  private key(e: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const pen = this.pen;
    if (e.key in moves) {
      const [dx, dy] = moves[e.key];
      const from = { x: pen.x, y: pen.y };
      pen.x = Math.min(PAD_SIZE, Math.max(0, pen.x + dx * KEY_STEP));
      pen.y = Math.min(PAD_SIZE, Math.max(0, pen.y + dy * KEY_STEP));
      if (pen.down) this.stroke(from, pen);
    } else if (e.key === ' ' || e.key === 'Enter') {
      pen.down = !pen.down;
      if (pen.down) this.stroke(pen, pen);
    } else if (e.key === 'Escape' || e.key === 'Delete' || e.key === 'Backspace') {
      pen.down = false;
      this.clear();
    } else {
      return;
    }
    e.preventDefault();
    pen.visible = true;
    this.paintCursor();
  }

  /** Draws a line of ink and schedules `onChange`. */
  private stroke(from: { x: number; y: number }, to: { x: number; y: number }): void {
    // Ink is kept in an ImageData of its own, so the keyboard cursor drawn over it is never read back.
    const ctx = this.ctx;
    ctx.putImageData(this.ink, 0, 0);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = INK_WIDTH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + (from.x === to.x && from.y === to.y ? 0.01 : 0), to.y);
    ctx.stroke();
    this.ink.data.set(ctx.getImageData(0, 0, PAD_SIZE, PAD_SIZE).data);
    this.empty = false;
    this.paintCursor();
    if (this.frame === 0) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.onChange(this.empty ? null : this.image());
      });
    }
  }

  private paintCursor(): void {
    this.ctx.putImageData(this.ink, 0, 0);
    if (!this.pen.visible) return;
    const { x, y, down } = this.pen;
    this.ctx.strokeStyle = down ? '#f59e0b' : '#22c55e';
    this.ctx.lineWidth = 2;
    this.ctx.beginPath();
    this.ctx.arc(x, y, INK_WIDTH / 2, 0, 2 * Math.PI);
    this.ctx.stroke();
  }

  /** The ink as a grayscale image (0 background, 255 ink). */
  private image(): Gray {
    const rgba = this.ink.data;
    const data = new Float64Array(PAD_SIZE * PAD_SIZE);
    for (let i = 0; i < data.length; i++) data[i] = rgba[4 * i];
    return { width: PAD_SIZE, height: PAD_SIZE, data };
  }
}
