/**
 * A destination held in a `Map`, for tests and examples (restic's mem backend). Not registered under a URL scheme:
 * tests that go through `openBackend` build their own registry with {@link memoryBackendFactory}.
 * @module
 */
import { FolderMissingError, IntegrityError, RemoteFileNotFoundError } from "../../core/errors.ts";
import {
  type Backend,
  type BackendProperties,
  checkRemoteName,
  type Quota,
  readAll,
  type RemoteEntry,
  type UploadSource,
  uploadSourceFromBytes,
} from "../backend.ts";
import type { BackendFactory } from "../registry.ts";

/** Options of {@link MemoryBackend}. */
export interface MemoryBackendOptions {
  /** False to start with a missing destination folder (list fails until createFolder). Default true. */
  readonly folderExists?: boolean;
}

/**
 * A Backend over `files`. Writes are atomic (the map entry is replaced after the whole body arrived). The map may be
 * shared between instances, and tests may read or change it directly.
 */
export class MemoryBackend implements Backend {
  readonly properties: BackendProperties = { maxConnections: 4, hasAtomicReplace: true };
  readonly files: Map<string, Uint8Array>;
  #folderExists: boolean;

  constructor(files: Map<string, Uint8Array> = new Map(), options: MemoryBackendOptions = {}) {
    this.files = files;
    this.#folderExists = options.folderExists ?? true;
  }

  async *list(): AsyncIterable<RemoteEntry> {
    this.#requireFolder("list");
    const entries = [...this.files].map(([name, bytes]) => ({ name, size: bytes.length }));
    for (const entry of entries) {
      await Promise.resolve();
      yield entry;
    }
  }

  async put(name: string, source: UploadSource): Promise<void> {
    checkRemoteName(name);
    this.#requireFolder(`upload "${name}"`);
    const bytes = await readAll(source.open());
    if (bytes.length !== source.size) {
      throw new IntegrityError(
        `Cannot upload "${name}": the source gave ${bytes.length} bytes, expected ${source.size}`,
      );
    }
    this.files.set(name, bytes.slice());
  }

  async get<T>(name: string, consume: (body: ReadableStream<Uint8Array>) => Promise<T>): Promise<T> {
    checkRemoteName(name);
    const bytes = this.files.get(name);
    if (bytes === undefined || !this.#folderExists) throw new RemoteFileNotFoundError(name);
    const body = uploadSourceFromBytes(bytes.slice()).open();
    try {
      return await consume(body);
    } finally {
      await body.cancel().catch(() => {});
    }
  }

  delete(name: string): Promise<void> {
    checkRemoteName(name);
    if (!this.#folderExists || !this.files.delete(name)) return Promise.reject(new RemoteFileNotFoundError(name));
    return Promise.resolve();
  }

  createFolder(): Promise<void> {
    this.#folderExists = true;
    return Promise.resolve();
  }

  quota(): Promise<Quota | undefined> {
    return Promise.resolve(undefined);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  #requireFolder(action: string): void {
    if (!this.#folderExists) throw new FolderMissingError(`Cannot ${action}: the destination folder does not exist`);
  }
}

/**
 * A factory for scheme "memory" whose backends all share `files`; for tests that exercise `openBackend` or the
 * CLI in-process without touching the disk.
 */
export function memoryBackendFactory(files: Map<string, Uint8Array>): BackendFactory {
  return {
    scheme: "memory",
    displayName: "Memory (tests only)",
    description: "Keeps files in a map inside the process; everything is lost when the process ends.",
    options: [],
    open: () => Promise.resolve(new MemoryBackend(files)),
  };
}
