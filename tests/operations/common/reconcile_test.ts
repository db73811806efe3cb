/**
 * reconcileRemote() on a real file backend: unknown files are reported and left in place, missing dblocks and
 * unknown newer dlists stop strict callers, and an interrupted compact (crash before the switch transaction, or
 * after it but before the old volumes were deleted) is finished by the next reconcile with every version intact.
 * @module
 */
import type { Backend } from "../../../lib/backends/backend.ts";
import { FileBackend } from "../../../lib/backends/file/file_backend.ts";
import { RemoteInconsistencyError } from "../../../lib/core/errors.ts";
import { type LogEntry, LogWriter } from "../../../lib/core/log.ts";
import { listVolumes } from "../../../lib/database/remote_volumes.ts";
import { backup } from "../../../lib/operations/backup/backup.ts";
import { reconcileRemote, throwIfOutdated, throwIfUnsafe } from "../../../lib/operations/common/reconcile.ts";
import { compact } from "../../../lib/operations/compact/compact.ts";
import type { OperationContext, VolumeSettings } from "../../../lib/operations/context.ts";
import { deleteVersions } from "../../../lib/operations/delete/delete_versions.ts";
import { restore } from "../../../lib/operations/restore/restore.ts";
import { formatCompactTime } from "../../../lib/volumes/remote_name.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes, assertThrows } from "../../support/assert.ts";
import { readTree, seededBytes, testContext, testSettings, writeTree } from "../../support/engine.ts";
import { withFaults } from "../../support/fault_backend.ts";

const KB = 1024;

interface Fixture {
  readonly dir: string;
  readonly dest: string;
  readonly backend: FileBackend;
  readonly context: OperationContext & { close(): void };
  readonly settings: VolumeSettings;
  readonly warnings: string[];
  /** The source tree of each remaining version, newest first. */
  readonly trees: Map<string, string>[];
  /** The context with another backend (same database, log and clock). */
  on(backend: Backend): OperationContext;
  remoteNames(): string[];
}

/**
 * Three backups of a changing tree (1 KiB blocks, 16 KiB volumes), then the middle version deleted without
 * compacting, so the dblocks hold wasted space and the two remaining versions use data spread over many volumes.
 */
async function withHistory(fn: (f: Fixture) => Promise<void>): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "reconcile-test-" });
  const dest = `${dir}/dest`;
  Deno.mkdirSync(dest);
  const backend = new FileBackend(dest);
  const context = testContext(backend, `${dir}/db.sqlite`);
  const warnings: string[] = [];
  const log = new LogWriter({ log: (e: LogEntry) => e.level === "Warning" && warnings.push(e.message) });
  const ctx = { ...context, log };
  const settings = testSettings(`${dir}/tmp`, { blocksize: KB, dblockSize: 16 * KB, compressors: 1 });
  Deno.mkdirSync(settings.tempDir);
  const src = `${dir}/src`;
  const run = () => backup(ctx, { sources: [src], settings });
  try {
    writeTree(src, {
      "a.bin": seededBytes(20 * KB, 1),
      "b.bin": seededBytes(12 * KB + 5, 2),
      "c.txt": "first",
      "sub/d.bin": seededBytes(9 * KB, 3),
    });
    await run();
    const oldest = readTree(src);
    writeTree(src, { "b.bin": seededBytes(14 * KB, 22), "e.bin": seededBytes(10 * KB, 5) });
    await run();
    Deno.removeSync(`${src}/sub/d.bin`);
    writeTree(src, { "a.bin": seededBytes(20 * KB, 11), "c.txt": "third" });
    await run();
    const newest = readTree(src);
    const deleted = await deleteVersions(ctx, { settings, retention: { versions: [1], allowFullRemoval: false } });
    assertEquals(deleted.deleted.map((d) => d.version), [1]);
    await fn({
      dir,
      dest,
      backend,
      context: { ...ctx, close: context.close },
      settings,
      warnings,
      trees: [newest, oldest],
      on: (other) => ({ ...ctx, backend: other }),
      remoteNames: () => [...Deno.readDirSync(dest)].map((e) => e.name).sort(),
    });
  } finally {
    context.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

/** Restores every version into its own folder and compares it with the tree it was made from. */
async function assertVersionsRestore(f: Fixture, label: string): Promise<void> {
  for (const [version, tree] of f.trees.entries()) {
    const out = `${f.dir}/restore-${label}-${version}`;
    const result = await restore(f.context, {
      selector: { versions: [version] },
      match: () => true,
      restorePath: out,
      overwrite: false,
      restorePermissions: false,
      skipMetadata: false,
      passphrase: f.settings.passphrase,
      downloads: 2,
    });
    assertEquals(result.errors, [], `restore of version ${version} (${label})`);
    assertEquals(readTree(out), tree, `version ${version} restores byte-identical (${label})`);
  }
}

/** The database's view of the destination: names of the volumes it holds as present. */
function recordedNames(f: Fixture): string[] {
  return listVolumes(f.context.db, { states: ["Uploaded", "Verified"] }).map((v) => v.name).sort();
}

function putNames(calls: readonly string[], kind: "dblock" | "dindex"): string[] {
  return calls.filter((c) => c.startsWith("put ") && c.includes(`.${kind}.`)).map((c) => c.slice(4));
}

/** Thresholds that make compact rewrite every volume (so it writes several new ones). */
const REWRITE_ALL = { threshold: 0, smallFileSize: 1024 * 1024, smallFileMaxCount: 0 };

Deno.test("reconcileRemote() with nothing to do reports a clean destination", async () => {
  await withHistory(async (f) => {
    const before = f.remoteNames();
    const report = await reconcileRemote(f.context, { settings: f.settings, strict: true });
    assertEquals(report.recovery, { finished: 0, discarded: 0, rewritten: 0 });
    assertEquals(report.swept, { files: 0, bytes: 0 });
    assertEquals([report.missingBlockVolumes, report.unknown, report.newerDlists], [[], [], []]);
    assertEquals([...report.remote.keys()].sort(), before);
    assertEquals(f.remoteNames(), before);
    assertEquals(recordedNames(f), before);
    assertEquals(f.warnings, []);
  });
});

Deno.test("reconcileRemote() reports files with our prefix it does not know and never deletes them", async () => {
  await withHistory(async (f) => {
    const dblock = f.remoteNames().find((n) => n.includes(".dblock."))!;
    const copy = "duplicati-b0123456789abcdef0123456789abcdef.dblock.zip.aes";
    const stray = "duplicati-i00000000000000000000000000000000.dindex.zip.aes";
    const copied = Deno.readFileSync(`${f.dest}/${dblock}`);
    Deno.writeFileSync(`${f.dest}/${copy}`, copied);
    Deno.writeTextFileSync(`${f.dest}/${stray}`, "not even a zip");
    Deno.writeTextFileSync(`${f.dest}/other-file.txt`, "not ours");
    const before = f.remoteNames();
    const report = await reconcileRemote(f.context, { settings: f.settings, strict: true });
    assertEquals(report.unknown, [copy, stray]);
    assertEquals(report.newerDlists, []);
    assertEquals(f.remoteNames(), before);
    assertEquals(f.warnings, [
      `The remote file "${copy}" is not recorded in the local database; it is left in place`,
      `The remote file "${stray}" is not recorded in the local database; it is left in place`,
    ]);
    // Nor does a compact that rewrites everything, or a deletion.
    await compact(f.context, { ...REWRITE_ALL, settings: f.settings });
    await deleteVersions(f.context, { settings: f.settings, retention: { versions: [1], allowFullRemoval: false } });
    await compact(f.context, { ...REWRITE_ALL, settings: f.settings });
    const after = f.remoteNames();
    for (const name of [copy, stray, "other-file.txt"]) assert(after.includes(name), `${name} is still there`);
    assertEquals(Deno.readFileSync(`${f.dest}/${copy}`), copied);
  });
});

Deno.test("reconcileRemote() reports a missing dblock; strict callers stop before changing anything", async () => {
  await withHistory(async (f) => {
    const dblock = f.remoteNames().find((n) => n.includes(".dblock."))!;
    Deno.renameSync(`${f.dest}/${dblock}`, `${f.dir}/${dblock}`);
    const before = f.remoteNames();
    const error = await assertRejects(
      () => reconcileRemote(f.context, { settings: f.settings, strict: true }),
      RemoteInconsistencyError,
    );
    assertStringIncludes(
      error.message,
      `1 remote volume(s) are missing or have the wrong size at the destination ("${dblock}")`,
    );
    assertStringIncludes(error.message, `Run "list-broken-files"`);
    assertStringIncludes(error.message, `"purge-broken-files"`);
    const report = await reconcileRemote(f.context, { settings: f.settings });
    assertEquals(report.missingBlockVolumes.map((v) => v.name), [dblock]);
    assertThrows(() => throwIfUnsafe(report), RemoteInconsistencyError);
    throwIfOutdated(report); // not outdated: no throw
    assertEquals(f.remoteNames(), before, "nothing deleted or written");
    assertEquals(recordedNames(f).includes(dblock), true, "the database still records it");
    // A dblock of the wrong size counts as missing too.
    Deno.writeFileSync(`${f.dest}/${dblock}`, Deno.readFileSync(`${f.dir}/${dblock}`).slice(1));
    const truncated = await reconcileRemote(f.context, { settings: f.settings });
    assertEquals(truncated.missingBlockVolumes.map((v) => v.name), [dblock]);
    Deno.renameSync(`${f.dir}/${dblock}`, `${f.dest}/${dblock}`);
    const healed = await reconcileRemote(f.context, { settings: f.settings, strict: true });
    assertEquals(healed.missingBlockVolumes, []);
  });
});

Deno.test("reconcileRemote() reports a dlist newer than the database knows; throwIfOutdated names repair", async () => {
  await withHistory(async (f) => {
    const dlist = f.remoteNames().find((n) => n.includes(".dlist."))!;
    const future = `duplicati-${formatCompactTime(new Date(Date.now() + 86_400_000))}.dlist.zip.aes`;
    const old = `duplicati-${formatCompactTime(new Date(Date.UTC(2001, 0, 1)))}.dlist.zip.aes`;
    Deno.copyFileSync(`${f.dest}/${dlist}`, `${f.dest}/${future}`);
    Deno.copyFileSync(`${f.dest}/${dlist}`, `${f.dest}/${old}`);
    const before = f.remoteNames();
    const report = await reconcileRemote(f.context, { settings: f.settings });
    assertEquals(report.newerDlists, [future]);
    assertEquals(report.unknown, [old, future].sort());
    // Only the older unknown dlist is warned about as left in place; the newer one is the error.
    assertEquals(f.warnings, [`The remote file "${old}" is not recorded in the local database; it is left in place`]);
    const error = assertThrows(() => throwIfOutdated(report), RemoteInconsistencyError);
    assertStringIncludes(error.message, `The destination holds 1 version(s) newer than this local database knows`);
    assertStringIncludes(error.message, `Run "repair"`);
    await assertRejects(
      () => reconcileRemote(f.context, { settings: f.settings, strict: true }),
      RemoteInconsistencyError,
    );
    assertEquals(f.remoteNames(), before);
  });
});

for (const variant of ["never arrived", "arrived but the reply was lost"] as const) {
  Deno.test(`an interrupted compact (2nd new dindex ${variant}) is undone by the next reconcile`, async () => {
    await withHistory(async (f) => {
      const before = f.remoteNames();
      const oldBlocks = before.filter((n) => n.includes(".dblock."));
      const faulty = withFaults(f.backend, [{
        method: "put",
        name: /\.dindex\./,
        on: 2,
        fault: { kind: variant === "never arrived" ? "throw" : "throwAfter", error: new Error("connection reset") },
      }]);
      await assertRejects(
        () => compact(f.on(faulty), { ...REWRITE_ALL, settings: f.settings }),
        Error,
        "connection reset",
      );
      const newBlocks = putNames(faulty.calls, "dblock");
      const newIndexes = putNames(faulty.calls, "dindex");
      assertEquals([newBlocks.length, newIndexes.length], [2, 2], faulty.calls.join("\n"));
      const [switched, orphan] = newBlocks as [string, string];
      const orphanIndex = newIndexes[1]!;
      const remoteAfterCrash = f.remoteNames();
      assert(remoteAfterCrash.includes(orphan), "the orphan dblock was uploaded");
      assertEquals(remoteAfterCrash.includes(orphanIndex), variant !== "never arrived");
      // Nothing was deleted by the crashed run; the database does not point at the orphan.
      for (const name of before) assert(remoteAfterCrash.includes(name), `${name} survived the crash`);
      const blocksOfOrphan = f.context.db.prepare(
        "SELECT COUNT(*) AS n FROM block b JOIN remote_volume v ON v.id = b.volume_id WHERE v.name = ?",
      ).get(orphan)!;
      assertEquals(Number(blocksOfOrphan.n), 0);
      await assertVersionsRestore(f, "after crash");

      const report = await reconcileRemote(f.context, { settings: f.settings, strict: true });
      assert(report.recovery.discarded >= 1, JSON.stringify(report.recovery));
      const after = f.remoteNames();
      assertEquals(after.includes(orphan), false, "the orphan dblock is deleted");
      assertEquals(after.includes(orphanIndex), false, "its dindex is deleted");
      assert(after.includes(switched), "the volume that was switched to stays");
      // The files it deleted are neither reported as unknown nor warned about as left in place.
      assertEquals(report.unknown, []);
      assertEquals(f.warnings, []);
      assertEquals([...report.remote.keys()].filter((n) => !after.includes(n)), []);
      assertEquals(recordedNames(f), after, "database and destination agree");
      assertEquals(listVolumes(f.context.db, { states: ["Temporary", "Uploading", "Deleting"] }), []);
      // Old volumes drained by the first switch were deleted; the others still hold their blocks.
      const oldLeft = oldBlocks.filter((n) => after.includes(n));
      assert(oldLeft.length < oldBlocks.length, "the drained old volumes went");
      await assertVersionsRestore(f, "after reconcile");

      // The next compact finishes the job.
      const done = await compact(f.context, { ...REWRITE_ALL, settings: f.settings });
      assert(done.rewrittenVolumes >= 1);
      assertEquals(f.remoteNames().filter((n) => oldBlocks.includes(n)), []);
      assertEquals(recordedNames(f), f.remoteNames());
      await assertVersionsRestore(f, "after compact");
    });
  });
}

Deno.test("a compact interrupted after its switch, before deleting the old volumes, is swept by the next reconcile", async () => {
  await withHistory(async (f) => {
    const before = f.remoteNames();
    const oldBlocks = before.filter((n) => n.includes(".dblock."));
    const oldIndexes = before.filter((n) => n.includes(".dindex."));
    const faulty = withFaults(f.backend, [{
      method: "delete",
      fault: { kind: "throw", error: new Error("gone away") },
    }]);
    await assertRejects(() => compact(f.on(faulty), { ...REWRITE_ALL, settings: f.settings }), Error, "gone away");
    const deleting = listVolumes(f.context.db, { states: ["Deleting"] }).map((v) => v.name).sort();
    assertEquals(deleting, [...oldBlocks, ...oldIndexes].sort(), "every old volume is marked for deletion");
    const newNames = [...putNames(faulty.calls, "dblock"), ...putNames(faulty.calls, "dindex")];
    assertEquals(f.remoteNames(), [...before, ...newNames].sort(), "nothing deleted yet");
    await assertVersionsRestore(f, "before the sweep");

    const report = await reconcileRemote(f.context, { settings: f.settings, strict: true });
    assertEquals(report.swept.files, deleting.length);
    const after = f.remoteNames();
    assertEquals(after.filter((n) => deleting.includes(n)), []);
    assertEquals(after, [...before.filter((n) => n.includes(".dlist.")), ...newNames].sort());
    assertEquals(recordedNames(f), after);
    assertEquals(report.unknown, []);
    assertEquals(f.warnings, []);
    await assertVersionsRestore(f, "after the sweep");
  });
});

Deno.test("reconcileRemote() with dryRun neither sweeps nor recovers", async () => {
  await withHistory(async (f) => {
    const faulty = withFaults(f.backend, [{ method: "delete", fault: { kind: "throw", error: new Error("no") } }]);
    await assertRejects(() => compact(f.on(faulty), { ...REWRITE_ALL, settings: f.settings }));
    const before = f.remoteNames();
    const deleting = listVolumes(f.context.db, { states: ["Deleting"] }).length;
    assert(deleting > 0);
    const report = await reconcileRemote(f.context, { settings: f.settings, dryRun: true });
    assertEquals(report.swept, { files: 0, bytes: 0 });
    assertEquals(f.remoteNames(), before);
    assertEquals(listVolumes(f.context.db, { states: ["Deleting"] }).length, deleting);
  });
});
