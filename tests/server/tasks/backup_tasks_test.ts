/**
 * BackupTasks against real files, a local folder destination and the real SQLite configuration store: backup and
 * restore, the Result log row, metadata, notifications, warnings, fatal errors and stopping a running backup.
 * @module
 */
import { assert, assertEquals, assertStringIncludes } from "../../support/assert.ts";
import { treeDigests } from "../../support/cli_workspace.ts";
import { seededBytes, writeTree } from "../../support/engine.ts";
import { withTaskWorkspace } from "../../support/task_harness.ts";
import { STOPPED_NOTE } from "../../../lib/server/tasks/cli_task.ts";
import type { BackupConfig, NewBackup } from "../../../lib/server/config_store/model.ts";
import type { ProgressEvent } from "../../../lib/operations/progress.ts";
import { createBackupTasks } from "../../../lib/server/tasks/backup_tasks.ts";
import { ProgressTracker } from "../../../lib/server/tasks/progress_state.ts";
import { FakeClock } from "../../support/fake_clock.ts";

const RESULT_KEYS = [
  "BeginTime",
  "Duration",
  "EndTime",
  "Errors",
  "ExitCode",
  "MainOperation",
  "Messages",
  "ParsedResult",
  "Warnings",
];

function editable(backup: BackupConfig): NewBackup {
  const { id: _id, metadata: _metadata, ...rest } = backup;
  return rest;
}

/** Duplicati's yyyyMMddTHHmmssZ of the single dlist at the destination. */
function dlistTimes(names: readonly string[]): string[] {
  return names.map((n) => /-(\d{8}T\d{6}Z)\.dlist\./.exec(n)?.[1]).filter((t): t is string => t !== undefined);
}

Deno.test("backup task stores a version that the restore task restores byte for byte elsewhere", async () => {
  await withTaskWorkspace(async (ws) => {
    writeTree(ws.src, {
      "notes.txt": "first notes\n",
      "deep/er/data.bin": seededBytes(70_000, 5),
      "deep/empty.bin": "",
      "other/名前.txt": "unicode",
    });
    const backup = ws.createBackup();
    assertEquals(await ws.run(ws.tasks.backup(backup.id)), { exitCode: 0 });
    assertEquals(dlistTimes(ws.remoteNames()).length, 1);
    assert(ws.remoteNames().every((n) => n.endsWith(".aes")), "the stored passphrase encrypts the volumes");
    const result = ws.lastResult(backup.id);
    assertEquals(Object.keys(result).sort(), RESULT_KEYS);
    assertEquals(result.MainOperation, "Backup");
    assertEquals(result.ParsedResult, "Success");
    assertEquals(result.ExitCode, 0);
    assertEquals(result.Warnings, []);
    assertEquals(result.Errors, []);
    assert(result.Messages.includes("Backup completed successfully!"), result.Messages.join("\n"));
    assert(result.Messages.includes("  Files added: 4"), result.Messages.join("\n"));
    assert(Date.parse(result.BeginTime) <= Date.parse(result.EndTime));
    assert(/^\d\d:\d\d:\d\d\.\d{7}$/.test(result.Duration), result.Duration);

    const restore = ws.tasks.restore(backup.id, {
      paths: [],
      restorePath: ws.restore,
      overwrite: false,
      permissions: false,
      skipMetadata: false,
    });
    assertEquals(restore.operation, "Restore");
    assertEquals(await ws.run(restore), { exitCode: 0 });
    assertEquals(treeDigests(ws.restore), treeDigests(ws.src));
    const restored = ws.lastResult(backup.id);
    assertEquals(restored.MainOperation, "Restore");
    assertEquals(restored.ParsedResult, "Success");
    assertStringIncludes(restored.Messages.join("\n"), `Restored 4 (`);
    const metadata = ws.store.getBackup(backup.id)!.metadata;
    assert(/^\d{8}T\d{6}Z$/.test(metadata["LastRestoreFinished"] ?? ""), JSON.stringify(metadata));

    // One file of one older version, to a third folder, with a passphrase given with the request.
    Deno.writeTextFileSync(`${ws.src}/notes.txt`, "second notes, longer\n");
    assertEquals(await ws.run(ws.tasks.backup(backup.id)), { exitCode: 0 });
    const single = `${ws.root}/single`;
    const request = {
      paths: [`${ws.src}/notes.txt`],
      version: 1,
      restorePath: single,
      overwrite: true,
      permissions: false,
      skipMetadata: true,
      passphrase: "correct horse battery",
    };
    assertEquals(await ws.run(ws.tasks.restore(backup.id, request)), { exitCode: 0 });
    assertEquals(Deno.readTextFileSync(`${single}/notes.txt`), "first notes\n");
    assertEquals([...Deno.readDirSync(single)].map((e) => e.name), ["notes.txt"]);
  });
});

Deno.test("backup task records source and destination statistics; BackupListCount goes 1 then 2", async () => {
  await withTaskWorkspace(async (ws) => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 23; i++) files[`f${i}/file${i}.bin`] = seededBytes(1000 + i * 517, i + 1);
    writeTree(ws.src, files);
    const bytes = Object.values(files).reduce((sum, b) => sum + b.length, 0);
    const backup = ws.createBackup();
    await ws.run(ws.tasks.backup(backup.id));
    let metadata = ws.store.getBackup(backup.id)!.metadata;
    assertEquals(metadata["SourceFilesCount"], "23");
    assertEquals(metadata["SourceFilesSize"], String(bytes));
    assertEquals(metadata["BackupListCount"], "1");
    const remote = ws.remoteNames();
    assertEquals(metadata["TargetFilesCount"], String(remote.length));
    const remoteBytes = remote.reduce((sum, n) => sum + Deno.statSync(`${ws.dest}/${n}`).size, 0);
    assertEquals(metadata["TargetFilesSize"], String(remoteBytes));
    assertEquals(metadata["LastBackupDate"], dlistTimes(remote)[0]);
    assert(/^\d{8}T\d{6}Z$/.test(metadata["LastBackupStarted"] ?? ""), JSON.stringify(metadata));
    assert(/^\d{8}T\d{6}Z$/.test(metadata["LastBackupFinished"] ?? ""), JSON.stringify(metadata));
    assert(/^\d\d:\d\d:\d\d\.\d{7}$/.test(metadata["LastBackupDuration"] ?? ""), JSON.stringify(metadata));
    assertEquals(metadata["LastErrorDate"], undefined);

    // An unchanged tree: exit 1 (no changes) is a success and makes no version.
    assertEquals(await ws.run(ws.tasks.backup(backup.id)), { exitCode: 1 });
    assertEquals(ws.lastResult(backup.id).ParsedResult, "Success");
    assertEquals(ws.store.getBackup(backup.id)!.metadata["BackupListCount"], "1");

    Deno.writeFileSync(`${ws.src}/f3/file3.bin`, seededBytes(4000, 99));
    Deno.writeTextFileSync(`${ws.src}/added.txt`, "one more");
    await ws.run(ws.tasks.backup(backup.id));
    metadata = ws.store.getBackup(backup.id)!.metadata;
    assertEquals(metadata["SourceFilesCount"], "24");
    assertEquals(metadata["SourceFilesSize"], String(bytes - (1000 + 3 * 517) + 4000 + 8));
    assertEquals(metadata["BackupListCount"], "2");
    assertEquals(metadata["TargetFilesCount"], String(ws.remoteNames().length));
    assertEquals(metadata["LastBackupDate"], dlistTimes(ws.remoteNames()).sort().at(-1));
  });
});

Deno.test("secrets of the configuration never reach the recorded output", async () => {
  await withTaskWorkspace(async (ws) => {
    writeTree(ws.src, { "a.txt": "a" });
    const urlSecret = "UrlSecret-9f8e7d6c";
    const optionSecret = "OptionSecret-1a2b3c4d";
    const backup = ws.createBackup({
      targetUrl: `${ws.destUrl}?auth-password=${urlSecret}`,
      settings: [
        { filter: "", name: "passphrase", value: "correct horse battery" },
        { filter: "", name: "auth-password", value: optionSecret },
        { filter: "", name: "--debug-output", value: "true" },
      ],
    });
    assertEquals((await ws.run(ws.tasks.backup(backup.id))).exitCode, 0);
    // The unknown option is passed through: the CLI warns and goes on.
    const result = ws.lastResult(backup.id);
    assertEquals(result.ParsedResult, "Success");
    assert(result.Warnings.some((w) => w.includes("--auth-password")), JSON.stringify(result.Warnings));
    // A failing run prints more: a wrong passphrase on a second run.
    const wrong = { ...editable(ws.store.getBackup(backup.id)!) };
    ws.store.updateBackup(backup.id, {
      ...wrong,
      settings: wrong.settings.map((s) => s.name === "passphrase" ? { ...s, value: "Wrong-Passphrase-77" } : s),
    });
    assertEquals((await ws.run(ws.tasks.backup(backup.id))).exitCode, 100);
    const logged = ws.store.listBackupLog(backup.id, { pageSize: 50 }).map((r) => r.message + (r.exception ?? ""));
    const notices = ws.store.listNotifications().map((n) => n.message + n.exception);
    const metadata = JSON.stringify(ws.store.getBackup(backup.id)!.metadata);
    for (const secret of ["correct horse battery", "Wrong-Passphrase-77", urlSecret, optionSecret]) {
      for (const text of [...logged, ...notices, metadata]) assert(!text.includes(secret), `"${secret}" in ${text}`);
    }
  });
});

Deno.test("an unreadable source entry makes the backup end with warnings and a warning notification", async () => {
  await withTaskWorkspace(async (ws) => {
    writeTree(ws.src, { "ok.txt": "fine", "locked.txt": "secret content" });
    Deno.chmodSync(`${ws.src}/locked.txt`, 0o000);
    // root reads any file whatever its mode, so there a named pipe stands in for the unreadable entry.
    const runAsRoot = Deno.uid() === 0;
    const skipped = runAsRoot ? `${ws.src}/pipe` : `${ws.src}/locked.txt`;
    if (runAsRoot) await new Deno.Command("mkfifo", { args: [skipped] }).output();
    const backup = ws.createBackup();
    assertEquals(await ws.run(ws.tasks.backup(backup.id)), { exitCode: 2 });
    const result = ws.lastResult(backup.id);
    assertEquals(result.ParsedResult, "Warning");
    assertEquals(result.ExitCode, 2);
    assertEquals(result.Errors, []);
    assertEquals(result.Warnings.length, 1, JSON.stringify(result.Warnings));
    assertStringIncludes(result.Warnings[0]!, skipped);
    // The warning was also printed, so it is among the messages.
    assert(result.Messages.some((m) => m.includes(skipped)), JSON.stringify(result.Messages));
    const notes = ws.store.listNotifications();
    assertEquals(notes.length, 1);
    assertEquals(notes[0]!.type, "Warning");
    assertEquals(notes[0]!.action, "backup:show-log");
    assertEquals(notes[0]!.backupId, backup.id);
    assertEquals(notes[0]!.title, "Warning while running Documents");
    assertStringIncludes(notes[0]!.message, skipped);
    // The version was made anyway, and a clean run clears the backup's notifications.
    assertEquals(ws.store.getBackup(backup.id)!.metadata["BackupListCount"], "1");
    Deno.removeSync(skipped);
    Deno.chmodSync(`${ws.src}/locked.txt`, 0o644);
    Deno.writeTextFileSync(`${ws.src}/ok.txt`, "changed");
    assertEquals(await ws.run(ws.tasks.backup(backup.id)), { exitCode: 0 });
    assertEquals(ws.store.listNotifications(), []);
  });
});

Deno.test("a wrong passphrase on the second run is Fatal (exit 100) with the error recorded", async () => {
  await withTaskWorkspace(async (ws) => {
    writeTree(ws.src, { "a.txt": "alpha", "b.txt": "beta" });
    const backup = ws.createBackup();
    assertEquals(await ws.run(ws.tasks.backup(backup.id)), { exitCode: 0 });
    const before = ws.store.getBackup(backup.id)!.metadata;
    const config = editable(ws.store.getBackup(backup.id)!);
    ws.store.updateBackup(backup.id, {
      ...config,
      settings: config.settings.map((s) => s.name === "passphrase" ? { ...s, value: "not the passphrase" } : s),
    });
    Deno.writeTextFileSync(`${ws.src}/a.txt`, "changed");
    const outcome = await ws.run(ws.tasks.backup(backup.id));
    assertEquals(outcome.exitCode, 100);
    assert(outcome.errorMessage !== undefined && /passphrase/i.test(outcome.errorMessage), outcome.errorMessage);
    const result = ws.lastResult(backup.id);
    assertEquals(result.ParsedResult, "Fatal");
    assertEquals(result.ExitCode, 100);
    assertEquals(result.Errors[0], outcome.errorMessage);
    assert(!result.Errors.some((e) => e.startsWith("ErrorID:")), JSON.stringify(result.Errors));
    const metadata = ws.store.getBackup(backup.id)!.metadata;
    assertEquals(metadata["LastErrorMessage"], outcome.errorMessage);
    assert(/^\d{8}T\d{6}Z$/.test(metadata["LastErrorDate"] ?? ""), JSON.stringify(metadata));
    // A failed run leaves the statistics of the last good one.
    assertEquals(metadata["LastBackupFinished"], before["LastBackupFinished"]);
    assertEquals(metadata["BackupListCount"], "1");
    const notes = ws.store.listNotifications();
    assertEquals(notes.map((n) => [n.type, n.title, n.message, n.action, n.backupId]), [
      ["Error", "Error while running Documents", outcome.errorMessage, "backup:show-log", backup.id],
    ]);
    assertEquals(dlistTimes(ws.remoteNames()).length, 1, "nothing was added at the destination");
  });
});

Deno.test("stopping a backup of a larger tree ends it within 5 s as exit 50 (Warning); the next run completes", async () => {
  await withTaskWorkspace(async (ws) => {
    const tree: Record<string, Uint8Array> = {};
    for (let i = 0; i < 400; i++) tree[`dir${i % 20}/file${i}.bin`] = seededBytes(100_000, i + 7);
    writeTree(ws.src, tree);
    const backup = ws.createBackup({
      settings: [
        { filter: "", name: "passphrase", value: "correct horse battery" },
        { filter: "", name: "--blocksize", value: "64kb" },
        { filter: "", name: "dblock-size", value: "1mb" },
      ],
    });
    let stoppedAt = 0;
    let files = 0;
    const outcome = await ws.run(ws.tasks.backup(backup.id), {
      onProgress: (event, stop) => {
        // Stop in the middle: files are being read and volumes uploaded.
        if (event.type === "file") files++;
        if (stoppedAt === 0 && files === 100) {
          stoppedAt = performance.now();
          stop();
        }
      },
    });
    const elapsed = performance.now() - stoppedAt;
    assert(stoppedAt > 0, "the backup reported progress");
    assert(elapsed < 5000, `the backup took ${elapsed} ms to stop`);
    assertEquals(outcome, { exitCode: 50 });
    const result = ws.lastResult(backup.id);
    assertEquals(result.ParsedResult, "Warning");
    assertEquals(result.ExitCode, 50);
    assertEquals(result.Errors, []);
    assert(result.Warnings.includes(STOPPED_NOTE), JSON.stringify(result.Warnings));
    const metadata = ws.store.getBackup(backup.id)!.metadata;
    assertEquals(metadata["LastBackupFinished"], undefined, "a stopped run is not a finished backup");
    assertEquals(metadata["LastErrorDate"], undefined);
    assertEquals(ws.store.listNotifications(), []);

    const next = await ws.run(ws.tasks.backup(backup.id));
    assertEquals(next.exitCode, 0, JSON.stringify(ws.lastResult(backup.id)));
    assertEquals(ws.store.getBackup(backup.id)!.metadata["SourceFilesCount"], "400");
    assertEquals(ws.lastResult(backup.id).ParsedResult, "Success");
  });
});

Deno.test("a server backup counts its sources: progress reaches the counted totals and OverallProgress 1", async () => {
  await withTaskWorkspace(async (ws) => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 12; i++) files[`d${i % 3}/file${i}.bin`] = seededBytes(2000 + i * 311, i + 7);
    writeTree(ws.src, files);
    const bytes = Object.values(files).reduce((sum, b) => sum + b.length, 0);
    const backup = ws.createBackup();
    const clock = new FakeClock();
    const tracker = new ProgressTracker({ taskId: 1, backupId: String(backup.id), clock, phase: "Backup_Begin" });
    const counted: ProgressEvent[] = [];
    const phases: string[] = [];
    let seenTotals = false;
    const outcome = await ws.run(ws.tasks.backup(backup.id), {
      onProgress: (event) => {
        if (event.type === "counted") counted.push(event);
        if (event.type === "phase") phases.push(event.phase);
        tracker.apply(event);
        const state = tracker.state();
        if (state.TotalFileCount === 12 && !state.StillCounting) seenTotals = true;
      },
    });
    assertEquals(outcome, { exitCode: 0 });
    assertEquals(counted.at(-1), { type: "counted", files: 12, bytes, done: true });
    assert(seenTotals, "the tracker saw the finished count");
    assert(phases.includes("Backup_Complete"), phases.join(", "));
    const state = tracker.state();
    // The backup's own verification of the destination comes last.
    assertEquals([state.Phase, state.OverallProgress], [phases.at(-1), 1]);
    assert(state.Phase.endsWith("_Complete"), state.Phase);
    assertEquals([state.TotalFileCount, state.TotalFileSize, state.StillCounting], [12, bytes, false]);
    assertEquals([state.ProcessedFileCount, state.ProcessedFileSize], [12, bytes]);
  });
});

Deno.test("the server's --tempdir reaches the backup command; a backup's own --tempdir wins", async () => {
  await withTaskWorkspace(async (ws) => {
    writeTree(ws.src, { "a.txt": "some text to store" });
    const missing = `${ws.root}/no-such-temp-folder`;
    const tasks = createBackupTasks({ store: ws.store, dataFolder: ws.data, executableDir: ws.root, tempDir: missing });
    const backup = ws.createBackup();
    const failed = await ws.run(tasks.backup(backup.id));
    assertEquals(failed.exitCode, 100);
    assertStringIncludes(failed.errorMessage ?? "", missing);
    const own = `${ws.root}/own-temp`;
    Deno.mkdirSync(own);
    const config = ws.store.getBackup(backup.id)!;
    ws.store.updateBackup(backup.id, {
      ...editable(config),
      settings: [...config.settings, { filter: "", name: "--tempdir", value: own }],
    });
    assertEquals(await ws.run(tasks.backup(backup.id)), { exitCode: 0 });
  });
});
