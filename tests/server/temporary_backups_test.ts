/**
 * TemporaryBackups on a fake clock and the real (in-memory) config store: negative ids, the store overlay (found
 * by id, never listed, names not reserved), metadata in memory, drop deleting the local database and the log rows
 * written under the id, the idle sweep sparing busy backups, start() emptying the folder and stop() dropping all.
 * @module
 */
import type { NewBackup } from "../../lib/server/config_store/model.ts";
import {
  IDLE_MS,
  TEMPORARY_FOLDER,
  TemporaryBackups,
  withTemporaryBackups,
} from "../../lib/server/temporary_backups.ts";
import { assert, assertEquals } from "../support/assert.ts";
import { FakeClock } from "../support/fake_clock.ts";
import { memoryStore } from "../support/fake_server_deps.ts";

const BACKUP: NewBackup = {
  name: "Direct restore",
  description: "",
  tags: [],
  targetUrl: "file:///mnt/backup",
  externalId: null,
  sources: [],
  settings: [{ filter: "", name: "passphrase", value: "x" }],
  filters: [],
};

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

function setup() {
  const dataFolder = Deno.makeTempDirSync({ prefix: "temporary_backups_test_" });
  const store = memoryStore({ dataFolder });
  const clock = new FakeClock();
  const busy = new Set<number>();
  const temporary = new TemporaryBackups({ dataFolder, clock, store, isBusy: (id) => busy.has(id) });
  return {
    dataFolder,
    store,
    clock,
    busy,
    temporary,
    overlaid: withTemporaryBackups(store, temporary),
    [Symbol.dispose]() {
      temporary.stop();
      store.close();
      Deno.removeSync(dataFolder, { recursive: true });
    },
  };
}

Deno.test("temporary backups get negative ids and are found through the overlaid store, never listed", () => {
  using t = setup();
  t.temporary.start();
  const stored = t.store.createBackup({ ...BACKUP, name: "Stored" });
  const first = t.temporary.create(BACKUP);
  const second = t.temporary.create({ ...BACKUP, name: "Stored" });
  assertEquals([first.id, second.id], [-1, -2]);
  assert(first.dbPath.startsWith(`${t.dataFolder}/${TEMPORARY_FOLDER}/`), first.dbPath);
  assert(first.dbPath !== second.dbPath);
  assertEquals(t.overlaid.getBackup(-1)?.name, "Direct restore");
  assertEquals(t.overlaid.getBackup(stored.id)?.name, "Stored");
  assertEquals(t.overlaid.listBackups().map((b) => b.id), [stored.id]);
  assertEquals(t.overlaid.findBackupByName("Direct restore"), undefined);

  t.overlaid.patchMetadata(-1, { LastErrorMessage: "boom", Other: "x" });
  t.overlaid.patchMetadata(-1, { Other: null });
  assertEquals(t.overlaid.getBackup(-1)?.metadata, { LastErrorMessage: "boom" });
  t.overlaid.patchMetadata(stored.id, { Kept: "yes" });
  assertEquals(t.store.getBackup(stored.id)?.metadata.Kept, "yes");
});

Deno.test("dropping a temporary backup deletes its database and log rows; a reused id starts clean", () => {
  using t = setup();
  t.temporary.start();
  const config = t.temporary.create(BACKUP);
  Deno.writeTextFileSync(config.dbPath, "db");
  Deno.writeTextFileSync(`${config.dbPath}-wal`, "wal");
  const row = { backupId: -1, operationId: 1, timestamp: 1, type: "Result", message: "{}", exception: null };
  t.overlaid.addBackupLog(row);
  assertEquals(t.overlaid.listBackupLog(-1, { pageSize: 10 }).length, 1);
  t.overlaid.deleteBackup(-1);
  assertEquals(t.overlaid.getBackup(-1), undefined);
  assert(!exists(config.dbPath) && !exists(`${config.dbPath}-wal`));
  assertEquals(t.overlaid.listBackupLog(-1, { pageSize: 10 }).length, 0);
  assertEquals(t.temporary.drop(-1), false);

  // A server that crashed left rows under the id the next run hands out first.
  t.store.addBackupLog({ ...row, backupId: -2 });
  t.temporary.create(BACKUP);
  assertEquals(t.store.listBackupLog(-2, { pageSize: 10 }).length, 0);
});

Deno.test("idle temporary backups are dropped by the sweep unless a task of theirs is queued or running", () => {
  using t = setup();
  t.temporary.start();
  const idle = t.temporary.create(BACKUP);
  const busy = t.temporary.create(BACKUP);
  const used = t.temporary.create(BACKUP);
  t.busy.add(busy.id);
  t.clock.advance(IDLE_MS - 60_000);
  t.overlaid.getBackup(used.id);
  t.clock.advance(30 * 60_000);
  assertEquals(t.temporary.list().map((b) => b.id).sort(), [busy.id, used.id].sort());
  t.busy.clear();
  t.clock.advance(IDLE_MS);
  assertEquals(t.temporary.list(), []);
  assertEquals(idle.id, -1);
});

Deno.test("start() empties the folder an earlier run left; stop() drops every temporary backup", () => {
  using t = setup();
  const leftover = `${t.dataFolder}/${TEMPORARY_FOLDER}/old.sqlite`;
  Deno.mkdirSync(`${t.dataFolder}/${TEMPORARY_FOLDER}`);
  Deno.writeTextFileSync(leftover, "old");
  t.temporary.start();
  assert(!exists(leftover));
  const config = t.temporary.create(BACKUP);
  Deno.writeTextFileSync(config.dbPath, "db");
  t.temporary.stop();
  assertEquals(t.temporary.list(), []);
  assert(!exists(config.dbPath));
});
