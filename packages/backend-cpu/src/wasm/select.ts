/**
 * Which build of the kernels runs here. The package embeds the shared-memory builds only, plain SIMD
 * and relaxed SIMD (`scripts/build-wasm.ts`); the plain-memory variant of each is the same module with
 * its memory import marked unshared (the build checks that the compiled plain-memory module differs
 * in nothing else), which halves the embedded bytes. Feature detection is `WebAssembly.validate` on
 * the candidate bytes themselves: an engine without relaxed SIMD (Node 20 without
 * `--experimental-wasm-relaxed-simd`) rejects the relaxed build and gets the plain one, an engine
 * without 128-bit SIMD rejects both and keeps the TypeScript kernels.
 */

/** A build of the kernels this engine accepts. */
export interface KernelChoice {
  bytes: Uint8Array<ArrayBuffer>;
  /** Imports a shared memory (threads possible). */
  shared: boolean;
  /** Built with relaxed SIMD (`f32x4.relaxed_madd`: fused multiply-adds where the CPU has them). */
  relaxed: boolean;
}

/** What {@link chooseKernels} may pick from. */
export interface KernelCandidates {
  /** The shared-memory builds, base64: plain SIMD and relaxed SIMD. */
  threads: string;
  threadsRelaxed: string;
  /** Shared memory and workers are allowed here. */
  canShare: boolean;
  /** Relaxed SIMD is switched on (`TYPETORCH_CPU_RELAXED_SIMD`, `setRelaxedSimdEnabled`). */
  relaxedWanted: boolean;
  /** `WebAssembly.validate`, injectable for tests. */
  validate: (bytes: Uint8Array<ArrayBuffer>) => boolean;
}

/** Decodes base64 (atob exists in Node >= 16 and every browser). */
export function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function readLeb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, at];
  }
}

/**
 * A copy of `bytes` whose memory import is not shared (limits flag 0x03 -> 0x01: same initial and
 * maximum pages). The kernels' first (and only) import is `env.memory`; anything else is an error,
 * which the tests would catch.
 */
export function unsharedVariant(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const out = bytes.slice();
  let at = 8; // magic and version
  while (at < out.length) {
    const id = out[at];
    const [size, body] = readLeb(out, at + 1);
    if (id === 2) {
      // The first import: its module and field names, then its kind (2: memory) and limits flags.
      const [count, first] = readLeb(out, body);
      let p = first;
      for (let name = 0; name < 2; name++) {
        const [length, text] = readLeb(out, p);
        p = text + length;
      }
      if (count === 0 || out[p] !== 2 || (out[p + 1] & 2) === 0) {
        throw new Error('unsharedVariant(): the kernels import no shared memory first');
      }
      out[p + 1] &= ~2;
      return out;
    }
    at = body + size;
  }
  throw new Error('unsharedVariant(): the kernels have no import section');
}

/**
 * The build to run: relaxed before plain (when wanted), shared memory before plain memory (when
 * allowed), the first one the engine validates; null when it validates none (no 128-bit SIMD).
 */
export function chooseKernels(c: KernelCandidates): KernelChoice | null {
  const builds = c.relaxedWanted
    ? [
        { base64: c.threadsRelaxed, relaxed: true },
        { base64: c.threads, relaxed: false },
      ]
    : [{ base64: c.threads, relaxed: false }];
  for (const shared of c.canShare ? [true, false] : [false]) {
    for (const build of builds) {
      const sharedBytes = decodeBase64(build.base64);
      const bytes = shared ? sharedBytes : unsharedVariant(sharedBytes);
      if (c.validate(bytes)) return { bytes, shared, relaxed: build.relaxed };
    }
  }
  return null;
}
