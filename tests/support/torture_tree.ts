/**
 * Crash torture, part one: a seeded PRNG (so a run is reproducible from its seed) and the source tree the torture
 * backs up: ~60 files of 1–100 KB in a few folders, mutated between backups (files rewritten, edited in place,
 * grown, added and deleted).
 * @module
 */
import { seededBytes } from "./seeded_bytes.ts";

/** mulberry32: a small, fast, seeded generator of floats in [0, 1). */
export class Prng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi] (both included). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Cannot pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A fresh 31-bit seed for seededBytes(). */
  seed(): number {
    return this.int(1, 0x7fffffff);
  }
}

const FOLDERS = ["docs", "docs/old", "media", "src/lib", "src/test"];
const MIN_FILES = 50;
const MAX_FILES = 72;

/** 1 KB to 100 KB, mostly small (so the tree stays ~2–3 MB and each cycle is quick). */
function fileSize(rng: Prng): number {
  const r = rng.next();
  return 1024 + Math.floor(r * r * 99 * 1024) + rng.int(0, 999);
}

function writeFile(root: string, rel: string, bytes: Uint8Array): void {
  const path = `${root}/${rel}`;
  Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  Deno.writeFileSync(path, bytes);
}

/** The source tree of a torture run: what is on disk under `root`, changed only through this class. */
export class SourceTree {
  readonly #root: string;
  readonly #files: string[] = [];
  #counter = 0;

  constructor(root: string) {
    this.#root = root;
  }

  /** Number of files. */
  get size(): number {
    return this.#files.length;
  }

  /** Writes the first tree: 60 files spread over the folders. */
  create(rng: Prng): void {
    for (let i = 0; i < 60; i++) this.#add(rng);
  }

  /**
   * Changes the tree as a user would between two backups: rewrites, in-place edits, appends, new files and
   * deletions (10–30% of the files touched). Returns a one-line description.
   */
  mutate(rng: Prng): string {
    const touched = Math.max(2, Math.floor(this.#files.length * (0.1 + rng.next() * 0.2)));
    let rewritten = 0, edited = 0, appended = 0, added = 0, deleted = 0;
    for (let i = 0; i < touched; i++) {
      const action = rng.next();
      if (action < 0.15 && this.#files.length < MAX_FILES) {
        this.#add(rng), added++;
      } else if (action < 0.3 && this.#files.length > MIN_FILES) {
        const index = rng.int(0, this.#files.length - 1);
        Deno.removeSync(`${this.#root}/${this.#files[index]!}`);
        this.#files.splice(index, 1), deleted++;
      } else {
        const rel = rng.pick(this.#files);
        const path = `${this.#root}/${rel}`;
        const old = Deno.readFileSync(path);
        if (action < 0.55) {
          Deno.writeFileSync(path, seededBytes(fileSize(rng), rng.seed())), rewritten++;
        } else if (action < 0.8 && old.length > 64) {
          // Same size, a few bytes changed somewhere: most blocks stay the same.
          const at = rng.int(0, old.length - 32);
          old.set(seededBytes(32, rng.seed()), at);
          Deno.writeFileSync(path, old), edited++;
        } else {
          const grown = new Uint8Array(old.length + rng.int(1, 40_000));
          grown.set(old);
          grown.set(seededBytes(grown.length - old.length, rng.seed()), old.length);
          Deno.writeFileSync(path, grown), appended++;
        }
      }
    }
    return `${rewritten} rewritten, ${edited} edited, ${appended} appended, ${added} added, ${deleted} deleted ` +
      `(${this.#files.length} files)`;
  }

  #add(rng: Prng): void {
    const rel = `${rng.pick(FOLDERS)}/file_${String(this.#counter++).padStart(4, "0")}.bin`;
    writeFile(this.#root, rel, seededBytes(fileSize(rng), rng.seed()));
    this.#files.push(rel);
  }
}
