/**
 * The storage-backend contract: seven methods over "dumb files" in one destination folder, plus the small helpers
 * that every caller needs (re-openable upload sources, reading a body into memory).
 *
 * Semantics every implementation must provide (checked by `tests/support/backend_suite.ts`):
 * - Names are plain file names (see {@link checkRemoteName}); there are no sub-folders.
 * - Read-after-write: once `put` resolves, `list` shows the file with its exact size and `get` returns its bytes.
 * - `put` replaces an existing file; where the destination allows it the replacement is atomic, so a reader sees the
 *   old or the new content and never a partial file under the final name (`properties.hasAtomicReplace`).
 * - Missing files are reported with `RemoteFileNotFoundError`, a missing destination folder with `FolderMissingError`;
 *   other failures are plain errors (transient, retried) or `PermanentBackendError` (not retried).
 * - An instance serves one operation and is cancelled through the `AbortSignal` given when it was opened.
 * @module
 */
import { PermanentBackendError } from "../core/errors.ts";
import { concat, freeBuffer } from "../core/bytes.ts";

/** One file in the destination folder. */
export interface RemoteEntry {
  readonly name: string;
  readonly size: number;
  readonly lastModified?: Date;
}

/**
 * The body of an upload. `open()` may be called several times (once per attempt), and each call must return a fresh
 * stream over the same `size` bytes.
 */
export interface UploadSource {
  readonly size: number;
  open(): ReadableStream<Uint8Array>;
  /** Set when the bytes are a local file: backends on the same machine may copy it with the kernel instead. */
  readonly localPath?: string;
}

/** What the layers above may assume about a backend. */
export interface BackendProperties {
  /** How many calls may usefully run at the same time. */
  readonly maxConnections: number;
  /** True when `put` over an existing name never exposes a partial file. */
  readonly hasAtomicReplace: boolean;
}

/** Space at the destination, in bytes. */
export interface Quota {
  readonly totalBytes: number;
  readonly freeBytes: number;
}

/** A storage destination: one folder of files. */
export interface Backend {
  readonly properties: BackendProperties;
  /**
   * Lists the files directly in the destination folder (not sub-folders, not the backend's own temporary files),
   * in no particular order. Each file is yielded exactly once. Throws `FolderMissingError` when the folder does not
   * exist.
   */
  list(): AsyncIterable<RemoteEntry>;
  /**
   * Stores `source` under `name`, replacing any existing file. Atomic where the destination allows it. May call
   * `source.open()` more than once only if it starts over; a source stream that errors fails the call and leaves no
   * file (old content stays) under `name` where the backend is atomic.
   */
  put(name: string, source: UploadSource): Promise<void>;
  /**
   * Opens `name` and hands its body to `consume`; resolves with what `consume` returns. The backend closes the body
   * afterwards even if `consume` did not read it to the end. `consume` may run again after a retry, so it must be
   * idempotent. Throws `RemoteFileNotFoundError` when the file does not exist.
   */
  get<T>(name: string, consume: (body: ReadableStream<Uint8Array>) => Promise<T>): Promise<T>;
  /** Removes `name`. Throws `RemoteFileNotFoundError` when the file does not exist. */
  delete(name: string): Promise<void>;
  /** Creates the destination folder (and its parents); called after list() threw FolderMissingError. Idempotent. */
  createFolder(): Promise<void>;
  /** Total and free space, or undefined where the destination cannot tell. */
  quota(): Promise<Quota | undefined>;
  /** Releases connections and handles. The instance is not used afterwards. */
  close(): Promise<void>;
  /**
   * Optional: the path of `name` on this machine's file system when the destination is a local folder and the file
   * exists, so readers may use it in place instead of downloading a copy; undefined otherwise (then use `get`).
   * Wrappers forward it only when reads go straight through them.
   */
  localPath?(name: string): string | undefined;
}

const CHUNK_SIZE = 1024 * 1024;
const FORBIDDEN_NAME_CHARS = /[/\\\0]/;

/**
 * Throws `PermanentBackendError` unless `name` is a plain file name: not empty, not "." or "..", and free of path
 * separators and NUL. Remote names can come from remote files themselves (dindex volume lists), so every backend
 * checks them before touching storage.
 */
export function checkRemoteName(name: string): void {
  if (name === "" || name === "." || name === ".." || FORBIDDEN_NAME_CHARS.test(name)) {
    throw new PermanentBackendError(`Cannot use remote file name ${JSON.stringify(name)}: not a plain file name`);
  }
}

/**
 * An upload source over bytes held in memory. Each stream yields views of `bytes` in pieces of at most 1 MiB
 * (no copy), so consumers must not modify or transfer the chunks.
 */
export function uploadSourceFromBytes(bytes: Uint8Array): UploadSource {
  return {
    size: bytes.length,
    open() {
      let offset = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= bytes.length) {
            controller.close();
            return;
          }
          const end = Math.min(bytes.length, offset + CHUNK_SIZE);
          controller.enqueue(bytes.subarray(offset, end));
          offset = end;
        },
      });
    },
  };
}

/**
 * An upload source over a local file. The size is taken from `stat` when the source is created; the file is opened
 * anew on every `open()`.
 */
export function uploadSourceFromFile(path: string): UploadSource {
  const size = Deno.statSync(path).size;
  return { size, open: () => fileStream(path), localPath: path };
}

function fileStream(path: string): ReadableStream<Uint8Array> {
  let file: Deno.FsFile | undefined;
  const release = () => {
    const open = file;
    file = undefined;
    open?.close();
  };
  return new ReadableStream<Uint8Array>({
    async start() {
      file = await Deno.open(path, { read: true });
    },
    async pull(controller) {
      if (!file) return;
      try {
        const buffer = new Uint8Array(CHUNK_SIZE);
        const count = await file.read(buffer);
        if (count === null) {
          release();
          controller.close();
          return;
        }
        controller.enqueue(count === buffer.length ? buffer : buffer.slice(0, count));
      } catch (error) {
        release();
        throw error;
      }
    },
    cancel() {
      release();
    },
  });
}

/**
 * Reads a whole stream into one array. With `into`, a byte stream (as the file backend gives) is read straight
 * into that buffer with a BYOB reader, so a caller downloading many files of similar size reuses one buffer:
 * no chunk copies and no fresh pages to fault in (measured on a restore: page faults were 12% of its CPU). The
 * result is then a view over `into`'s memory, or over a larger buffer when the data did not fit. With only a
 * `sizeHint`, a buffer of that size is made and read into the same way. Either way the caller owns the result's
 * buffer (it may free it); without either, the result may share memory with the backend's chunks.
 */
export async function readAll(
  body: ReadableStream<Uint8Array>,
  sizeHint?: number,
  into?: ArrayBuffer,
): Promise<Uint8Array> {
  // With a known size, bytes are read straight into one buffer of that size where the stream allows it: no
  // chunk buffers are left for the collector.
  const sized = sizeHint !== undefined && sizeHint > 0;
  const own = sized && (into === undefined || into.byteLength === 0) ? new ArrayBuffer(sizeHint) : undefined;
  const target = own ?? into;
  if (target !== undefined && target.byteLength > 0) {
    let reader: ReadableStreamBYOBReader | undefined;
    try {
      reader = body.getReader({ mode: "byob" });
    } catch {
      reader = undefined; // not a byte stream: read it the ordinary way
    }
    if (reader) return await readInto(reader, target);
  }
  if (sized) {
    // One buffer of the expected size instead of chunks plus a concatenated copy: halves the peak memory.
    let out = new Uint8Array(own ?? new ArrayBuffer(sizeHint));
    let at = 0;
    for await (const part of body) {
      if (at + part.length > out.length) {
        const grown = new Uint8Array(Math.max(out.length * 2, at + part.length));
        grown.set(out.subarray(0, at));
        freeBuffer(out.buffer);
        out = grown;
      }
      out.set(part, at);
      at += part.length;
    }
    return at === out.length ? out : out.subarray(0, at);
  }
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return parts.length === 1 ? parts[0]! : concat(parts);
}

const BYOB_READ = 8 * 1024 * 1024;
const PROBE_READ = 64 * 1024;

async function readInto(reader: ReadableStreamBYOBReader, into: ArrayBuffer): Promise<Uint8Array> {
  let buffer = into;
  let at = 0;
  try {
    for (;;) {
      if (at === buffer.byteLength) {
        // Full: the data may have ended exactly here (the usual case, with an exact size hint), or be larger than
        // the buffer. A small read tells which before a larger buffer is made.
        const probe = await reader.read(new Uint8Array(PROBE_READ));
        const extra = probe.value?.byteLength ?? 0;
        if (extra === 0 && probe.done) break;
        const grown = new ArrayBuffer(Math.max(buffer.byteLength * 2, at + extra + 1024 * 1024));
        new Uint8Array(grown).set(new Uint8Array(buffer, 0, at));
        new Uint8Array(grown).set(probe.value!, at);
        freeBuffer(buffer);
        buffer = grown;
        at += extra;
        if (probe.done) break;
        continue;
      }
      const { value, done } = await reader.read(
        new Uint8Array(buffer, at, Math.min(BYOB_READ, buffer.byteLength - at)),
      );
      if (value) {
        buffer = value.buffer as ArrayBuffer;
        at += value.byteLength;
      }
      if (done) break;
    }
  } finally {
    reader.releaseLock();
  }
  return new Uint8Array(buffer, 0, at);
}

/**
 * Downloads a remote file into the local file `path` (created with mode 0600, or emptied first on a retry) without
 * holding it in memory; resolves with its size.
 */
export function getToFile(backend: Backend, name: string, path: string): Promise<number> {
  return backend.get(name, async (body) => {
    const file = await Deno.open(path, { write: true, create: true, truncate: true, mode: 0o600 });
    try {
      let size = 0;
      for await (const part of body) {
        let at = 0;
        while (at < part.length) at += await file.write(part.subarray(at));
        size += part.length;
      }
      return size;
    } finally {
      file.close();
    }
  });
}

/** Downloads a whole remote file into memory (into `into`'s memory where the backend allows, see {@link readAll}). */
export function getBytes(
  backend: Backend,
  name: string,
  sizeHint?: number,
  into?: ArrayBuffer,
): Promise<Uint8Array> {
  return backend.get(name, (body) => readAll(body, sizeHint, into));
}
