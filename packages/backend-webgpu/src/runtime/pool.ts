/**
 * A pool of storage buffers by size class. Creating and destroying GPU buffers every step is slow and
 * fragments memory; a training loop allocates the same sizes over and over, so freed buffers wait
 * here for the next request of their class.
 *
 * The runtime only releases a buffer into the pool once the commands that use it were submitted: a
 * later `queue.writeBuffer` or submit is then ordered after them, so reuse can never race.
 */

/** Smallest buffer handed out: WebGPU cannot bind an empty buffer. */
const MIN_BYTES = 16;

/**
 * The size class of a request: powers of two and the midpoints between them (1.5 * 2^k) above 64 bytes, so a pooled
 * buffer wastes at most a third of its bytes. Always a multiple of 4 bytes.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_BYTES) return MIN_BYTES;
  const pow = 2 ** Math.ceil(Math.log2(bytes));
  // Small classes stay powers of two, so every class is a multiple of 16 bytes (one vec4).
  if (pow <= 64) return pow;
  const mid = (pow / 4) * 3;
  return bytes <= mid ? mid : pow;
}

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private pooledBytes = 0;
  /** Buffers created and not destroyed, pooled or in use. */
  liveBuffers = 0;
  /** Bytes of those buffers. */
  liveBytes = 0;

  constructor(
    private readonly device: GPUDevice,
    /** Pooled bytes above which released buffers are destroyed instead of kept. */
    private readonly maxPooledBytes: number,
    /** GPUBufferUsage flags of every pooled buffer. */
    private readonly usage: number,
  ) {}

  /** A buffer of at least `bytes` (its size class), from the pool when one is free. */
  acquire(bytes: number, label: string): { buffer: GPUBuffer; fresh: boolean } {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    const pooled = list?.pop();
    if (pooled !== undefined) {
      this.pooledBytes -= size;
      return { buffer: pooled, fresh: false };
    }
    const buffer = this.device.createBuffer({
      label,
      size,
      usage: this.usage,
    });
    this.liveBuffers++;
    this.liveBytes += size;
    return { buffer, fresh: true };
  }

  /** Takes back a buffer whose last use has been submitted. */
  release(buffer: GPUBuffer): void {
    const size = buffer.size;
    if (this.pooledBytes + size > this.maxPooledBytes) {
      this.destroy(buffer);
      return;
    }
    let list = this.free.get(size);
    if (list === undefined) {
      list = [];
      this.free.set(size, list);
    }
    list.push(buffer);
    this.pooledBytes += size;
  }

  /** Destroys every pooled buffer (memory pressure, or the backend shutting down). */
  drain(): void {
    for (const list of this.free.values()) for (const b of list) this.destroy(b);
    this.free.clear();
    this.pooledBytes = 0;
  }

  private destroy(buffer: GPUBuffer): void {
    this.liveBuffers--;
    this.liveBytes -= buffer.size;
    buffer.destroy();
  }
}
