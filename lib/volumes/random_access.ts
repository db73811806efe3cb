/**
 * Bytes that can be read at any position without holding them all: a volume file on disk, or (in tests) a buffer.
 * The codecs that read volumes in windows take this, so they stay free of file I/O.
 * @module
 */
import { freeBuffer } from "../core/bytes.ts";
import { IntegrityError } from "../core/errors.ts";

/** A fixed-size run of bytes, read synchronously at any position. */
export interface RandomAccessSource {
  readonly size: number;
  /** Fills all of `into` with the bytes starting at `position`; throws when the source ends first. */
  readAt(into: Uint8Array, position: number): void;
}

/** A source over bytes in memory (tests, small files). */
export function bytesSource(bytes: Uint8Array): RandomAccessSource {
  return {
    size: bytes.length,
    readAt(into, position) {
      if (position < 0 || position + into.length > bytes.length) {
        throw new IntegrityError(`Cannot read ${into.length} bytes at ${position}: the data has ${bytes.length}`);
      }
      into.set(bytes.subarray(position, position + into.length));
    },
  };
}

/** A byte buffer that grows to the largest size asked for and is reused; views of it are valid until the next `take`. */
export class GrowableBuffer {
  #bytes = new Uint8Array(0);

  /** A view of `length` bytes; earlier views may be overwritten. */
  take(length: number): Uint8Array {
    if (this.#bytes.length < length) {
      // Earlier views are invalid by now, so the old buffer is freed at once rather than at a collection.
      freeBuffer(this.#bytes.buffer);
      this.#bytes = new Uint8Array(Math.ceil(Math.max(length, this.#bytes.length * 1.25)));
    }
    return this.#bytes.subarray(0, length);
  }

  /** Frees the memory at once; views handed out are empty afterwards. */
  release(): void {
    freeBuffer(this.#bytes.buffer);
    this.#bytes = new Uint8Array(0);
  }
}
