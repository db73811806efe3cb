/**
 * Real backups to a memory backend with a clock the test sets, for the purge engine tests: 1 KiB blocks and
 * 16 KiB dblocks so a few files spread over several volumes. No encryption, so tests can open volumes directly.
 * @module
 */
import { MemoryBackend } from "../../../lib/backends/memory/memory_backend.ts";
import { listFilesets } from "../../../lib/database/filesets.ts";
import type { OperationContext, VolumeSettings } from "../../../lib/operations/context.ts";
import { backup } from "../../../lib/operations/backup/backup.ts";
import { listFiles } from "../../../lib/operations/list/list_files.ts";
import { restore } from "../../../lib/operations/restore/restore.ts";
import { testBackup } from "../../../lib/operations/verify/test_backup.ts";
import { decodeFilelist, type DlistEntry } from "../../../lib/volumes/dlist.ts";
import { openVolume } from "../../../lib/volumes/volume_reader.ts";
import { assertEquals } from "../../support/assert.ts";
import { readTree, seededBytes, testContext, testSettings, writeTree } from "../../support/engine.ts";

export interface PurgeFixture {
  readonly dir: string;
  readonly src: string;
  readonly backend: MemoryBackend;
  readonly context: OperationContext & { close(): void };
  readonly settings: VolumeSettings;
  /** Backs up `src` with the clock at `seconds` (Unix). */
  backupAt(seconds: number): Promise<void>;
  /** Version → stored path → size, for every version (0 = newest). */
  listing(): Map<string, number>[];
  /** Fileset timestamps, newest first. */
  timestamps(): number[];
  /** Remote names of one type, sorted. */
  remote(type: "dblock" | "dindex" | "dlist"): string[];
  /** The filelist.json entries of a remote dlist. */
  dlistEntries(name: string): Promise<DlistEntry[]>;
  /** Runs `test all` in-process and returns its error lines. */
  testAll(): Promise<readonly string[]>;
  /** Restores a version into a fresh folder and returns readTree() of the restored source folder. */
  restoreVersion(version: number): Promise<Map<string, string>>;
}

/** Runs `fn` with a fresh fixture; everything is removed afterwards. */
export async function withPurgeFixture(fn: (fixture: PurgeFixture) => Promise<void>): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "purge-test-" });
  const src = `${dir}/src`;
  Deno.mkdirSync(src);
  const backend = new MemoryBackend();
  let clock = new Date(0);
  const context = { ...testContext(backend, `${dir}/db.sqlite`), now: () => clock };
  const settings = testSettings(dir, { passphrase: undefined, dblockSize: 16 * 1024, compressors: 1 });
  let restores = 0;
  const fixture: PurgeFixture = {
    dir,
    src,
    backend,
    context,
    settings,
    async backupAt(seconds) {
      clock = new Date(seconds * 1000);
      await backup(context, { sources: [src], settings });
    },
    listing() {
      return listFiles(context.db, { selector: { all: true }, match: () => true }).map((v) =>
        new Map(v.entries.map((e) => [e.path, e.size]))
      );
    },
    timestamps: () => listFilesets(context.db).map((f) => f.timestamp),
    remote: (type) => [...backend.files.keys()].filter((n) => n.includes(`.${type}.`)).sort(),
    async dlistEntries(name) {
      const volume = await openVolume(name, backend.files.get(name)!, { passphrase: undefined });
      return decodeFilelist(volume.zip.read("filelist.json"), name);
    },
    async testAll() {
      const result = await testBackup(context, { prefix: settings.prefix, passphrase: undefined, samples: "all" });
      return result.errors;
    },
    async restoreVersion(version) {
      const target = `${dir}/restore-${restores++}`;
      const result = await restore(context, {
        selector: { versions: [version] },
        match: () => true,
        restorePath: target,
        overwrite: false,
        restorePermissions: false,
        skipMetadata: false,
        passphrase: undefined,
        downloads: 1,
      });
      assertEquals(result.errors, []);
      return readTree(target);
    },
  };
  try {
    await fn(fixture);
  } finally {
    context.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

/**
 * Version 1 at 1000 s: f0-f5 (3 000 to 38 000 bytes, so single blocks, several blocks and several blocklists),
 * tiny.txt, empty.txt, sub/s.bin. Version 0 at 2000 s: f2 gone, f1 changed, n.bin new.
 */
export async function buildVersions(f: PurgeFixture): Promise<void> {
  const tree: Record<string, string | Uint8Array> = {
    "tiny.txt": "tiny",
    "empty.txt": "",
    "sub/s.bin": seededBytes(5000, 200),
  };
  for (let i = 0; i < 6; i++) tree[`f${i}.bin`] = seededBytes(3000 + i * 7000, 100 + i);
  writeTree(f.src, tree);
  await f.backupAt(1000);
  Deno.removeSync(`${f.src}/f2.bin`);
  writeTree(f.src, { "f1.bin": seededBytes(12_000, 300), "n.bin": seededBytes(9000, 301) });
  await f.backupAt(2000);
}
