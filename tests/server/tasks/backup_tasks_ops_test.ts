/**
 * BackupTasks beyond backup and restore: the exported command line run through runCli against the same database,
 * verify, compact, repair, vacuum, deleting versions, and deleting a backup with its remote files.
 * @module
 */
import { assert, assertEquals, assertStringIncludes } from "../../support/assert.ts";
import { seededBytes, writeTree } from "../../support/engine.ts";
import { withTaskWorkspace } from "../../support/task_harness.ts";
import { runCli } from "../../../lib/cli/run_cli.ts";
import { createTaskIo } from "../../../lib/server/tasks/task_io.ts";

/** Splits a command with a real POSIX shell: the program name is replaced by printf, which prints each argument. */
async function shellWords(command: string): Promise<string[]> {
  const prefix = "duplicati-cli ";
  assert(command.startsWith(prefix), command);
  const script = `printf '%s\\0' ${command.slice(prefix.length)}`;
  const output = await new Deno.Command("sh", { args: ["-c", script], stdout: "piped" }).output();
  assert(output.success, "sh ran the command");
  const words = new TextDecoder().decode(output.stdout).split("\0");
  words.pop();
  return words;
}

/** Runs our CLI in-process, the way a user runs the exported command in a terminal without a passphrase prompt. */
async function runExported(argv: readonly string[], env: { cwd: string; passphrase?: string }) {
  const controller = new AbortController();
  const taskIo = createTaskIo({
    control: { signal: controller.signal, progress: () => {} },
    dataFolder: env.cwd,
    executableDir: env.cwd,
    processEnv: env.passphrase === undefined ? {} : { PASSPHRASE: env.passphrase },
  });
  // taskEnvironment() drops PASSPHRASE for server runs; a user's shell may set it, so put it back here.
  const io = env.passphrase === undefined ? taskIo.io : { ...taskIo.io, env: { PASSPHRASE: env.passphrase } };
  const code = await runCli(argv, io);
  return { code, out: taskIo.out, err: taskIo.err };
}

Deno.test("the exported command line runs through the CLI against the same database and sees the same version", async () => {
  await withTaskWorkspace(async (ws) => {
    writeTree(ws.src, { "keep.txt": "keep", "skip.tmp": "skip", "sub/$odd 'name\".txt": "odd" });
    const backup = ws.createBackup({
      filters: [
        { order: 1, include: false, expression: "*.tmp" },
        // Quotes, $ and ! must reach the CLI unchanged through the shell.
        { order: 2, include: false, expression: `*/it's "$HOME"!*` },
      ],
    });
    assertEquals(await ws.run(ws.tasks.backup(backup.id)), { exitCode: 0 });
    const config = ws.store.getBackup(backup.id)!;
    const globals = ws.store.getGlobalOptions();

    const exported = ws.tasks.commandLine(config, { exportPasswords: true, globalOptions: globals });
    assertEquals(exported.backend, ws.destUrl);
    assertEquals(exported.arguments, [ws.destUrl, ws.src]);
    assert(exported.options.includes(`--dbpath=${config.dbPath}`), JSON.stringify(exported.options));
    assert(exported.options.includes("--exclude=*.tmp"), JSON.stringify(exported.options));
    const words = await shellWords(exported.command);
    assertEquals(words, ["backup", ...exported.arguments, ...exported.options]);
    // Nothing changed since the server's run: the CLI finds the same database and stores nothing (exit 1).
    const again = await runExported(words, { cwd: ws.root });
    assertEquals(again.code, 1, [...again.out, ...again.err].join("\n"));
    assertStringIncludes(again.out.join("\n"), "No changes were found");

    // Any other command on the same database: list the versions.
    const list = ws.tasks.commandLine(config, { command: "list", exportPasswords: false, globalOptions: globals });
    assert(!list.command.includes("correct horse battery"), "no passphrase without exportPasswords");
    assert(!list.options.some((o) => o.startsWith("--exclude")), "filters belong to backup only");
    const listed = await runExported(await shellWords(list.command), {
      cwd: ws.root,
      passphrase: "correct horse battery",
    });
    assertEquals(listed.code, 0, [...listed.out, ...listed.err].join("\n"));
    const versions = listed.out.filter((l) => /^\d+\t: /.test(l));
    assertEquals(versions.length, 1, listed.out.join("\n"));
    assertEquals(ws.store.getBackup(backup.id)!.metadata["BackupListCount"], "1");
  });
});

Deno.test("verify, compact, repair, vacuum and delete-versions tasks run and log their results", async () => {
  await withTaskWorkspace(async (ws) => {
    writeTree(ws.src, { "big.bin": seededBytes(150_000, 3), "small.txt": "v1" });
    const backup = ws.createBackup({
      settings: [
        { filter: "", name: "passphrase", value: "correct horse battery" },
        { filter: "", name: "--blocksize", value: "1kb" },
        { filter: "", name: "dblock-size", value: "64kb" },
        // Retention configured for backups must not widen a delete by version number.
        { filter: "", name: "keep-versions", value: "1" },
      ],
    });
    await ws.run(ws.tasks.backup(backup.id));
    Deno.writeFileSync(`${ws.src}/big.bin`, seededBytes(150_000, 4));
    Deno.writeTextFileSync(`${ws.src}/small.txt`, "v2");
    // Without the retention setting for this run the second backup keeps both versions.
    const config = ws.store.getBackup(backup.id)!;
    const { id: _id, metadata: _m, ...editable } = config;
    ws.store.updateBackup(backup.id, {
      ...editable,
      settings: config.settings.filter((s) => s.name !== "keep-versions"),
    });
    await ws.run(ws.tasks.backup(backup.id));
    Deno.writeTextFileSync(`${ws.src}/small.txt`, "v3");
    await ws.run(ws.tasks.backup(backup.id));
    assertEquals(ws.store.getBackup(backup.id)!.metadata["BackupListCount"], "3");
    ws.store.updateBackup(backup.id, { ...editable });

    const verify = ws.tasks.verify(backup.id);
    assertEquals(verify.operation, "Verify");
    assertEquals(verify.backupId, String(backup.id));
    assertEquals(await ws.run(verify), { exitCode: 0 });
    assertEquals(ws.lastResult(backup.id).MainOperation, "Test");
    assertEquals(ws.lastResult(backup.id).ParsedResult, "Success");
    assertStringIncludes(ws.lastResult(backup.id).Messages.join("\n"), "found no errors");

    const remove = ws.tasks.deleteVersions(backup.id, [1]);
    assertEquals(remove.operation, "Delete");
    assertEquals(await ws.run(remove), { exitCode: 0 });
    assertEquals(ws.lastResult(backup.id).MainOperation, "Delete");
    assertEquals(ws.store.getBackup(backup.id)!.metadata["BackupListCount"], "2", "only version 1 went");
    assertEquals(ws.remoteNames().filter((n) => n.includes(".dlist.")).length, 2);

    for (
      const [task, operation] of [[ws.tasks.compact(backup.id), "Compact"], [ws.tasks.repair(backup.id), "Repair"], [
        ws.tasks.vacuum(backup.id),
        "Vacuum",
      ]] as const
    ) {
      assertEquals(task.operation, operation);
      assertEquals(await ws.run(task), { exitCode: 0 }, operation);
      const result = ws.lastResult(backup.id);
      assertEquals([result.MainOperation, result.ParsedResult, result.Errors], [operation, "Success", []]);
    }
    const metadata = ws.store.getBackup(backup.id)!.metadata;
    assert(/^\d{8}T\d{6}Z$/.test(metadata["LastCompactFinished"] ?? ""), JSON.stringify(metadata));
    assert(/^\d{8}T\d{6}Z$/.test(metadata["LastVacuumFinished"] ?? ""), JSON.stringify(metadata));
    assertEquals(metadata["TargetFilesCount"], String(ws.remoteNames().length));
    assertEquals(ws.store.listBackupLog(backup.id, { pageSize: 100, type: "Result" }).length, 8);
  });
});

Deno.test("deleteBackup removes exactly the backup's remote files, its local database and its configuration", async () => {
  await withTaskWorkspace(async (ws) => {
    writeTree(ws.src, { "a.bin": seededBytes(90_000, 1), "b.txt": "b" });
    const backup = ws.createBackup();
    await ws.run(ws.tasks.backup(backup.id));
    const ours = ws.remoteNames();
    assert(ours.length >= 4, JSON.stringify(ours));
    // Files that are not this backup's: another prefix, our prefix but unknown to the database, and no volume name.
    const foreign = [
      "notes.txt",
      "other-b0123456789abcdef0123456789abcdef.dblock.zip",
      "duplicati-bfedcba9876543210fedcba9876543210.dblock.zip.aes",
    ];
    for (const name of foreign) Deno.writeTextFileSync(`${ws.dest}/${name}`, "not ours");
    const dbPath = backup.dbPath;
    assert(Deno.statSync(dbPath).isFile);

    const events: string[] = [];
    const task = ws.tasks.deleteBackup(backup.id, { deleteRemoteFiles: true, deleteLocalDb: true });
    assertEquals(task.operation, "DeleteBackup");
    const outcome = await ws.run(task, {
      onProgress: (e) => e.type === "transfer" && e.done && events.push(e.remoteName),
    });
    assertEquals(outcome, { exitCode: 0 });
    assertEquals(ws.remoteNames(), [...foreign].sort());
    assertEquals(events.sort(), ours);
    assertEquals(ws.store.getBackup(backup.id), undefined);
    for (const suffix of ["", "-wal", "-shm", "-journal"]) {
      let exists = true;
      try {
        Deno.statSync(dbPath + suffix);
      } catch {
        exists = false;
      }
      assertEquals(exists, false, `${dbPath}${suffix} was removed`);
    }
    const log = ws.store.listServerLog({ pageSize: 10 });
    assertStringIncludes(log[0]!.message, `Deleted backup "Documents" (ID ${backup.id})`);
    assertStringIncludes(log[0]!.message, `deleted ${ours.length} remote files`);
  });
});

Deno.test("deleteBackup without remote deletion keeps the destination and, when asked, the database", async () => {
  await withTaskWorkspace(async (ws) => {
    writeTree(ws.src, { "a.txt": "a" });
    const backup = ws.createBackup();
    await ws.run(ws.tasks.backup(backup.id));
    const remote = ws.remoteNames();
    const outcome = await ws.run(ws.tasks.deleteBackup(backup.id, { deleteRemoteFiles: false, deleteLocalDb: false }));
    assertEquals(outcome, { exitCode: 0 });
    assertEquals(ws.remoteNames(), remote);
    assert(Deno.statSync(backup.dbPath).isFile, "the local database stays");
    assertEquals(ws.store.listBackups(), []);
    // A second run finds no backup.
    const again = await ws.run(ws.tasks.deleteBackup(backup.id, { deleteRemoteFiles: true, deleteLocalDb: true }));
    assertEquals(again.exitCode, 100);
    assertStringIncludes(again.errorMessage ?? "", `no backup with ID ${backup.id}`);
  });
});

Deno.test("deleteBackup deletes no remote file when the local database exists but cannot be read", async () => {
  await withTaskWorkspace(async (ws) => {
    writeTree(ws.src, { "a.txt": "a" });
    const backup = ws.createBackup();
    await ws.run(ws.tasks.backup(backup.id));
    const remote = ws.remoteNames();
    // Another backup's volume with the same prefix: only the database tells the two apart.
    const foreign = "duplicati-bfedcba9876543210fedcba9876543210.dblock.zip.aes";
    Deno.writeTextFileSync(`${ws.dest}/${foreign}`, "not ours");
    Deno.writeTextFileSync(backup.dbPath, "this is not a database any more");
    const outcome = await ws.run(ws.tasks.deleteBackup(backup.id, { deleteRemoteFiles: true, deleteLocalDb: true }));
    assertEquals(outcome.exitCode, 100);
    assertStringIncludes(outcome.errorMessage ?? "", "Cannot read the remote file names from the local database");
    assertEquals(ws.remoteNames(), [...remote, foreign].sort());
    assert(ws.store.getBackup(backup.id) !== undefined, "the configuration stays, so the task can run again");
    assert(Deno.statSync(backup.dbPath).isFile, "nothing local is removed");
  });
});
