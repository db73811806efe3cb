/**
 * One restored file on disk: written into `<target>.dup-restore` at block offsets, verified against the stored
 * hash, then renamed into place, so an interrupted or failed restore never leaves a half-written file under the
 * real name and an existing file is only replaced by verified content. A partial file left by a killed restore is
 * truncated and rewritten by the next one.
 * @module
 */
import { createHash } from "node:crypto";
import { dirname } from "node:path";

export const PARTIAL_SUFFIX = ".dup-restore";

/** Open write handles, bounded so huge restores do not run out of descriptors. */
export class HandleCache {
  readonly #open = new Map<string, Deno.FsFile>();
  readonly #folders = new Set<string>();
  readonly #pending = new Map<string, number>();
  readonly #creating = new Map<string, Promise<void>>();
  readonly #folderPromises = new Map<string, Promise<void>>();
  constructor(private readonly limit = 64) {}

  /**
   * Creates announced files ahead of use, `concurrency` at a time on the runtime's I/O threads, in `order` (the
   * order the restore will write them). File creation is slow on some file systems (ext4: ~0.4 ms each); done
   * this way it overlaps with decrypting and decompressing instead of stalling them.
   */
  prepare(order: readonly string[], concurrency = 16): void {
    const queue = order.filter((path) => this.#pending.has(path) && !this.#creating.has(path));
    const settle = new Map<string, { resolve: () => void; reject: (e: unknown) => void }>();
    for (const path of queue) {
      const promise = new Promise<void>((resolve, reject) => settle.set(path, { resolve, reject }));
      promise.catch(() => {});
      this.#creating.set(path, promise);
    }
    let next = 0;
    const run = async () => {
      while (next < queue.length) {
        const path = queue[next++]!;
        const size = this.#pending.get(path)!;
        try {
          await this.#createAsync(path, size);
          this.#pending.delete(path);
          settle.get(path)!.resolve();
        } catch (error) {
          settle.get(path)!.reject(error);
        }
      }
    };
    for (let i = 0; i < Math.min(concurrency, queue.length); i++) void run();
  }

  async #createAsync(path: string, size: number): Promise<void> {
    const folder = dirname(path);
    let made = this.#folderPromises.get(folder);
    if (!made) this.#folderPromises.set(folder, made = Deno.mkdir(folder, { recursive: true }));
    await made;
    const file = await Deno.open(path, { write: true, create: true, truncate: true });
    try {
      if (size > 0) await file.truncate(size);
    } finally {
      file.close();
    }
  }

  /** Writes at `offset`; the first write to a path announced with {@link expect} creates the file. */
  async write(path: string, offset: number, data: Uint8Array): Promise<void> {
    const creating = this.#creating.get(path);
    if (creating) {
      this.#creating.delete(path);
      await creating;
    }
    let file = this.#open.get(path);
    if (file) this.#open.delete(path);
    else {
      if (this.#open.size >= this.limit) this.#closeOldest();
      const size = this.#pending.get(path);
      if (size !== undefined) {
        this.#pending.delete(path);
        file = this.#createFile(path, size);
      } else file = Deno.openSync(path, { write: true });
    }
    this.#open.set(path, file);
    file.seekSync(offset, Deno.SeekMode.Start);
    let at = 0;
    while (at < data.length) at += file.writeSync(data.subarray(at));
  }

  /**
   * Announces a file of `size` bytes at `path`; it is created (or truncated) by its first write, so a restore of
   * many files opens each one once. Empty files are created at once.
   */
  expect(path: string, size: number): void {
    if (size === 0) this.#createFile(path, 0).close();
    else this.#pending.set(path, size);
  }

  /** True when the path was announced but never created. */
  unwritten(path: string): boolean {
    return this.#pending.has(path) && !this.#creating.has(path);
  }

  /** Waits for files still being created (so a failed restore can remove them). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#creating.values()]);
    this.#creating.clear();
  }

  #createFile(path: string, size: number): Deno.FsFile {
    const folder = dirname(path);
    if (!this.#folders.has(folder)) {
      Deno.mkdirSync(folder, { recursive: true });
      this.#folders.add(folder);
    }
    const file = Deno.openSync(path, { write: true, create: true, truncate: true });
    if (size > 0) file.truncateSync(size);
    return file;
  }

  closeAll(): void {
    for (const file of this.#open.values()) file.close();
    this.#open.clear();
  }

  #closeOldest(): void {
    const [path, file] = this.#open.entries().next().value!;
    this.#open.delete(path);
    file.close();
  }
}

/** Base64 SHA-256 and length of a file on disk, read synchronously in 1 MiB pieces. */
export function hashFile(path: string): { hash: string; size: number } {
  const file = Deno.openSync(path, { read: true });
  try {
    const hasher = createHash("sha256");
    const buffer = new Uint8Array(1024 * 1024);
    let size = 0;
    for (;;) {
      const n = file.readSync(buffer);
      if (n === null || n === 0) break;
      hasher.update(buffer.subarray(0, n));
      size += n;
    }
    return { hash: hasher.digest("base64"), size };
  } finally {
    file.close();
  }
}

/** A free name beside `target` for a restored copy when the original must not be overwritten. */
export function alternativeName(target: string, time: Date): string {
  const slash = target.lastIndexOf("/");
  const dot = target.lastIndexOf(".");
  const stem = dot > slash + 1 ? target.slice(0, dot) : target;
  const ext = dot > slash + 1 ? target.slice(dot) : "";
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${time.getFullYear()}-${p(time.getMonth() + 1)}-${p(time.getDate())}_${p(time.getHours())}-` +
    `${p(time.getMinutes())}-${p(time.getSeconds())}`;
  for (let n = 0;; n++) {
    const candidate = `${stem}.${stamp}${n === 0 ? "" : `-${n}`}${ext}`;
    if (!exists(candidate)) return candidate;
  }
}

export function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
