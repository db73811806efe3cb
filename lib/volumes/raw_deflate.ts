/**
 * Raw deflate and inflate on one reusable native zlib stream each, writing into caller-owned buffers.
 *
 * `deflateRawSync`/`inflateRawSync` build a whole stream object, a fresh zlib state (about 256 KiB for deflate)
 * and fresh output buffers on every call, and the native state is freed only when the garbage collector gets to
 * it. Backups and restores make one call per block, tens of thousands of times, so that per-call cost showed up
 * as CPU (about 20 µs a call) and as hundreds of MiB of resident memory waiting for collection. Here each
 * isolate keeps one stream per level and resets it between blocks.
 *
 * The reuse goes through `node:zlib`'s stream handle (`writeSync(flush, in, inOff, inLen, out, outOff, outLen)`,
 * `reset()`, the write-state pair), the same low-level API Node's own zlib.js drives. When the runtime does not
 * expose it, every call falls back to the one-shot functions, which give the same bytes.
 * @module
 */
import zlib from "node:zlib";

interface NativeHandle {
  writeSync(
    flush: number,
    input: Uint8Array,
    inOffset: number,
    inLength: number,
    output: Uint8Array,
    outOffset: number,
    outLength: number,
  ): void;
  reset(): void;
  close(): void;
  onerror: (message: string, errno: number) => void;
}

/** One native stream: after an error it cannot be reset, so it is replaced. */
class NativeStream {
  error: string | undefined;
  readonly #handle: NativeHandle;
  /** [output bytes left, input bytes left] after the last write. */
  readonly #state: Uint32Array;

  private constructor(handle: NativeHandle, state: Uint32Array) {
    this.#handle = handle;
    this.#state = state;
    handle.onerror = (message) => this.error = message;
  }

  static create(kind: "deflate" | "inflate", level: number): NativeStream | undefined {
    try {
      const stream = kind === "deflate" ? zlib.createDeflateRaw({ level }) : zlib.createInflateRaw();
      const internals = stream as unknown as { _handle?: Partial<NativeHandle>; _writeState?: unknown };
      const handle = internals._handle;
      const state = internals._writeState;
      if (
        !handle || typeof handle.writeSync !== "function" || typeof handle.reset !== "function" ||
        !(state instanceof Uint32Array) || state.length < 2
      ) return undefined;
      return new NativeStream(handle as NativeHandle, state);
    } catch {
      return undefined;
    }
  }

  /** One Z_FINISH pass of `input` into `output`; returns bytes produced and input bytes left over. */
  finish(input: Uint8Array, output: Uint8Array): { produced: number; inputLeft: number } {
    this.error = undefined;
    this.#handle.writeSync(zlib.constants.Z_FINISH, input, 0, input.length, output, 0, output.length);
    return { produced: output.length - this.#state[0]!, inputLeft: this.#state[1]! };
  }

  reset(): void {
    this.#handle.reset();
  }

  close(): void {
    try {
      this.#handle.close();
    } catch {
      // already closed
    }
  }
}

/** Deflates blocks at one level, reusing its zlib state and output buffer. Not for concurrent use. */
export class RawDeflater {
  #stream: NativeStream | undefined | null = null;
  #out = new Uint8Array(0);

  /** `native: false` forces the one-shot path (what runs where the stream handle is not exposed). */
  constructor(readonly level: number, options: { native?: boolean } = {}) {
    if (options.native === false) this.#stream = undefined;
  }

  /**
   * The raw deflate stream of `data` when it is at most `limit` bytes long, else undefined (the caller stores
   * the data instead). The returned bytes live in a buffer the next call overwrites: copy them to keep them.
   */
  deflate(data: Uint8Array, limit: number = data.length): Uint8Array | undefined {
    if (limit <= 0) return undefined;
    if (this.#stream === null) this.#stream = NativeStream.create("deflate", this.level);
    const stream = this.#stream;
    if (stream === undefined) {
      const out = zlib.deflateRawSync(data, { level: this.level });
      return out.length <= limit ? new Uint8Array(out.buffer, out.byteOffset, out.length) : undefined;
    }
    // One spare byte tells "fits exactly" from "was cut off at the limit".
    if (this.#out.length < limit + 1) this.#out = new Uint8Array(limit + 1);
    const out = this.#out.subarray(0, limit + 1);
    try {
      const { produced, inputLeft } = stream.finish(data, out);
      if (stream.error !== undefined) throw new Error(`deflate failed: ${stream.error}`);
      return inputLeft === 0 && produced <= limit ? out.subarray(0, produced) : undefined;
    } catch (error) {
      this.#replace();
      throw error;
    } finally {
      if (this.#stream === stream) stream.reset();
    }
  }

  #replace(): void {
    this.#stream?.close();
    this.#stream = null;
  }
}

/** Inflates raw deflate streams into caller buffers, reusing one zlib state. Not for concurrent use. */
export class RawInflater {
  #stream: NativeStream | undefined | null = null;
  readonly #spare = new Uint8Array(64);

  /** `native: false` forces the one-shot path (what runs where the stream handle is not exposed). */
  constructor(options: { native?: boolean } = {}) {
    if (options.native === false) this.#stream = undefined;
  }

  /**
   * Inflates `data`, which must decode to exactly `out.length` bytes, into `out`. Throws when the stream is
   * damaged, ends early or has more output than that.
   */
  inflateInto(data: Uint8Array, out: Uint8Array): void {
    if (this.#stream === null) this.#stream = NativeStream.create("inflate", 0);
    const stream = this.#stream;
    if (stream === undefined) {
      const decoded = zlib.inflateRawSync(data, { chunkSize: Math.max(64, out.length + 64) });
      if (decoded.length !== out.length) throw new Error(`inflated to ${decoded.length} bytes, expected ${out.length}`);
      out.set(decoded);
      return;
    }
    try {
      const { produced, inputLeft } = stream.finish(data, out);
      if (stream.error !== undefined) throw new Error(stream.error);
      if (produced !== out.length) throw new Error(`inflated to ${produced} bytes, expected ${out.length}`);
      // `out` is full; the stream must also end here. A second pass with spare room either finds the end (nothing
      // more, no error) or reports damage that the first pass stopped short of, or output beyond the size.
      const rest = stream.finish(data.subarray(data.length - inputLeft), this.#spare);
      if (stream.error !== undefined) throw new Error(stream.error);
      if (rest.produced > 0) throw new Error(`inflates to more than the expected ${out.length} bytes`);
    } catch (error) {
      this.#stream?.close();
      this.#stream = null;
      throw error;
    } finally {
      if (this.#stream === stream) stream.reset();
    }
  }
}

const deflaters = new Map<number, RawDeflater>();
let inflater: RawInflater | undefined;

/** This isolate's deflater for `level`. */
export function sharedDeflater(level: number): RawDeflater {
  let deflater = deflaters.get(level);
  if (!deflater) deflaters.set(level, deflater = new RawDeflater(level));
  return deflater;
}

/** This isolate's inflater. */
export function sharedInflater(): RawInflater {
  return inflater ??= new RawInflater();
}
