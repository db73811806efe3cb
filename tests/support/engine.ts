/**
 * Test helpers for running engine operations against a real SQLite database and any backend.
 * @module
 */
import type { Backend } from "../../lib/backends/backend.ts";
import { LogWriter, nullLogger } from "../../lib/core/log.ts";
import { openDatabase } from "../../lib/database/connection.ts";
import type { OperationContext, VolumeSettings } from "../../lib/operations/context.ts";
import { nullProgress } from "../../lib/operations/progress.ts";
import type { RestoreInput } from "../../lib/operations/restore/restore_items.ts";
import { seededBytes } from "./seeded_bytes.ts";

export function testSettings(tempDir: string, overrides: Partial<VolumeSettings> = {}): VolumeSettings {
  return {
    prefix: "duplicati",
    passphrase: "test-passphrase",
    blocksize: 1024,
    blockHash: "SHA256",
    fileHash: "SHA256",
    dblockSize: 64 * 1024,
    codec: { method: "Deflate", level: 6 },
    tempDir,
    uploadConcurrency: 2,
    compressors: 2,
    useWorkers: false,
    ...overrides,
  };
}

export function testContext(backend: Backend, dbPath: string): OperationContext & { close(): void } {
  const db = openDatabase(dbPath);
  return {
    backend,
    db,
    log: new LogWriter(nullLogger),
    progress: nullProgress,
    signal: new AbortController().signal,
    now: () => new Date(),
    close: () => db.close(),
  };
}

/** Writes a tree: path → content (string or bytes); paths ending in "/" are folders. */
export function writeTree(root: string, tree: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(tree)) {
    const path = `${root}/${rel}`;
    if (rel.endsWith("/")) {
      Deno.mkdirSync(path, { recursive: true });
      continue;
    }
    Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    if (typeof content === "string") Deno.writeTextFileSync(path, content);
    else Deno.writeFileSync(path, content);
  }
}

export { seededBytes };

/**
 * Relative path → content of every file under root: folders end with "/" and map to "", symlinks to "-> target",
 * files to `content(bytes)` (hex of small files by default).
 */
export function readTree(root: string, content: (bytes: Uint8Array) => string = hex): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, rel: string) => {
    for (const entry of [...Deno.readDirSync(dir)].sort((a, b) => a.name < b.name ? -1 : 1)) {
      const path = `${dir}/${entry.name}`;
      const key = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymlink) out.set(key, `-> ${Deno.readLinkSync(path)}`);
      else if (entry.isDirectory) {
        out.set(key + "/", "");
        walk(path, key);
      } else out.set(key, content(Deno.readFileSync(path)));
    }
  };
  walk(root, "");
  return out;
}

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s.length > 200 ? `${bytes.length}:${simpleHash(bytes)}` : s;
}

function simpleHash(bytes: Uint8Array): string {
  let h = 2166136261;
  for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h.toString(16);
}

/** Restore input for every entry of the newest version into `out`, without overwriting, metadata included. */
export function restoreEverythingInput(
  out: string,
  passphrase: string | undefined,
  extra: Partial<RestoreInput> = {},
): RestoreInput {
  return {
    selector: {},
    match: () => true,
    restorePath: out,
    overwrite: false,
    restorePermissions: false,
    skipMetadata: false,
    passphrase,
    downloads: 1,
    ...extra,
  };
}
