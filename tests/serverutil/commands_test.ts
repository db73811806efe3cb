import { FakeApiServer } from "../support/fake_api_server.ts";
import { assert, assertEquals, assertStringIncludes } from "../support/assert.ts";
import { runUtil } from "./serverutil_helpers.ts";

async function withFake(
  body: (fake: FakeApiServer, dataFolder: string, login: string[]) => Promise<void>,
): Promise<void> {
  const fake = new FakeApiServer();
  const dataFolder = await Deno.makeTempDir({ prefix: "serverutil-" });
  try {
    await body(fake, dataFolder, ["--hosturl", fake.url, "--password", "secret"]);
  } finally {
    await fake.close();
    await Deno.remove(dataFolder, { recursive: true });
  }
}

Deno.test("serverutil pause with a duration, then resume", async () => {
  await withFake(async (fake, dataFolder, login) => {
    const pause = await runUtil(["pause", "30m", ...login], { dataFolder });
    assertEquals(pause.code, 0, pause.text);
    assertEquals(pause.out, ["Pausing the server for 30m", `Connecting to ${fake.url}...`]);
    assertEquals(fake.state, "Paused");
    assertEquals(fake.pauseDuration, "30m");
    const resume = await runUtil(["resume", ...login], { dataFolder });
    assertEquals(resume.code, 0, resume.text);
    assertEquals(fake.state, "Running");
    const forever = await runUtil(["pause", ...login], { dataFolder });
    assertEquals(forever.out[0], "Pausing the server indefinitely");
    assertEquals(fake.pauseDuration, undefined);
  });
});

Deno.test("serverutil pause rejects a bad duration before contacting the server", async () => {
  await withFake(async (fake, dataFolder, login) => {
    const run = await runUtil(["pause", "12x", ...login], { dataFolder });
    assertEquals(run.code, 2);
    assertStringIncludes(run.err[0]!, '"12x" is not a timespan');
    assertEquals(fake.requests, []);
  });
});

Deno.test("serverutil list-backups prints ID: name and --json gives Duplicati's result object", async () => {
  await withFake(async (fake, dataFolder, login) => {
    fake.addBackup("Docs", { description: "My documents" });
    fake.addBackup("Photos");
    const text = await runUtil(["list-backups", "--detailed", ...login], { dataFolder });
    assertEquals(text.code, 0, text.text);
    assertEquals(text.out.slice(1, 4), ["1: Docs", "  My documents", text.out[3]!]);
    assertStringIncludes(text.out.join("\n"), "  Source files size: 1.00 MiB");
    assertStringIncludes(text.out.join("\n"), "  Versions: 3");
    assertStringIncludes(text.out.join("\n"), "2: Photos");

    const json = await runUtil(["list-backups", "--json", ...login], { dataFolder });
    assertEquals(json.code, 0);
    assertEquals(json.out.length, 1, "only the JSON object is printed");
    const result = JSON.parse(json.out[0]!);
    assertEquals(Object.keys(result).slice(0, 7), [
      "Timestamp",
      "UnixTimestamp",
      "Command",
      "Success",
      "ExitCode",
      "Messages",
      "Exceptions",
    ]);
    assertEquals(result.Command, "list-backups");
    assertEquals(result.Success, true);
    assertEquals(result.ExitCode, 0);
    assertEquals(result.Messages, [`Connecting to ${fake.url}...`, "1: Docs", "  My documents", "2: Photos"]);
    assertEquals(result.Exceptions, []);
    assertEquals(result.Backups.map((b: { Id: string; Name: string }) => [b.Id, b.Name]), [["1", "Docs"], [
      "2",
      "Photos",
    ]]);
    assert(Math.abs(result.UnixTimestamp - Date.now() / 1000) < 60);
  });
});

Deno.test("serverutil run --wait maps the newest result's ParsedResult to exit 0, 2, 3 and 4", async () => {
  await withFake(async (fake, dataFolder, login) => {
    const cases = [["Success", 0], ["Warning", 2], ["Error", 3], ["Fatal", 4]] as const;
    for (const [result, exit] of cases) {
      const name = `Job ${result}`;
      fake.addBackup(name, { result });
      const run = await runUtil(["run", name.toUpperCase(), "--wait", "--poll-interval", "1", ...login], {
        dataFolder,
      });
      assertEquals(run.code, exit, run.text);
      assertStringIncludes(run.text, `Backup status: ${result}`);
      assertStringIncludes(run.text, "Backup is running ...");
    }
    const quiet = await runUtil(["run", "1", "--wait", "--quiet", "--json", ...login], { dataFolder });
    const result = JSON.parse(quiet.out.join("\n"));
    assertEquals([quiet.code, result.Success, result.BackupStatus, result.Messages], [0, true, "Success", [
      `Connecting to ${fake.url}...`,
    ]]);
  });
});

Deno.test("serverutil run without --wait only queues; skip-queue puts the task first", async () => {
  await withFake(async (fake, dataFolder, login) => {
    fake.autoAdvance = false;
    fake.addBackup("A");
    fake.addBackup("B");
    assertEquals((await runUtil(["run", "A", ...login], { dataFolder })).code, 0);
    const skip = await runUtil(["run", "B", "--skip-queue", ...login], { dataFolder });
    assertEquals(skip.code, 0, skip.text);
    assertEquals(fake.queue.map((task) => task.backupId), ["2", "1"]);
    assertEquals(fake.requests.filter((r) => r.path === "/api/v1/backup/2/run")[0]!.query, { skipqueue: "true" });
    const status = await runUtil(["status", "--json", ...login], { dataFolder });
    const result = JSON.parse(status.out.join("\n"));
    assertEquals(result.ServerState, "Running");
    assertEquals(result.ActiveTask, "", "null custom values print as an empty string, as in Duplicati");
    assertEquals(result.SchedulerTasks, [{ Task: 2, BackupId: "2" }, { Task: 1, BackupId: "1" }]);
  });
});

Deno.test("serverutil run and delete report an unknown backup as a user error", async () => {
  await withFake(async (_fake, dataFolder, login) => {
    for (const command of ["run", "delete"]) {
      const run = await runUtil([command, "nope", ...login], { dataFolder });
      assertEquals(run.code, 2);
      assertEquals(run.err, ['No backup found with ID or name "nope"']);
    }
    const poll = await runUtil(["run", "x", "--poll-interval=0", ...login], { dataFolder });
    assertEquals(poll.code, 2);
    assertStringIncludes(poll.err[0]!, "at least 1");
  });
});

Deno.test("serverutil delete passes the flags", async () => {
  await withFake(async (fake, dataFolder, login) => {
    fake.addBackup("Old");
    const run = await runUtil(["delete", "old", "--delete-local-db", "--force", ...login], { dataFolder });
    assertEquals(run.code, 0, run.text);
    const request = fake.requests.find((r) => r.method === "DELETE")!;
    assertEquals(request.path, "/api/v1/backup/1");
    assertEquals(request.query, { "delete-remote-files": "false", "delete-local-db": "true", force: "true" });
    assertEquals(fake.backups.size, 0);
  });
});

Deno.test("serverutil health exits 0 for a healthy server and 1 when nothing answers", async () => {
  await withFake(async (fake, dataFolder) => {
    const ok = await runUtil(["health", "--hosturl", fake.url, "--json"], { dataFolder });
    assertEquals(ok.code, 0);
    assertEquals(JSON.parse(ok.out.join("\n")).healthy, true);
    assertEquals(fake.requests.map((r) => r.path), ["/health"]);
  });
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  const dataFolder = await Deno.makeTempDir();
  try {
    const down = await runUtil(["health", "--hosturl", `http://127.0.0.1:${port}`], { dataFolder });
    assertEquals(down.code, 1);
    assertEquals(down.out, ["Server is unhealthy"]);
  } finally {
    await Deno.remove(dataFolder, { recursive: true });
  }
});

Deno.test("serverutil help lists the commands; help <command> shows its options; unknown commands exit 2", async () => {
  const dataFolder = await Deno.makeTempDir();
  try {
    const general = await runUtil(["help"], { dataFolder });
    assertEquals(general.code, 0);
    for (
      const name of [
        "login",
        "logout",
        "pause",
        "resume",
        "list-backups",
        "run",
        "export",
        "import",
        "status",
        "health",
        "change-password",
        "delete",
      ]
    ) {
      assertStringIncludes(general.text, `\n  ${name} `);
    }
    const run = await runUtil(["run", "--help"], { dataFolder });
    assertStringIncludes(run.text, "Usage: serverutil run <backup>");
    assertStringIncludes(run.text, "--poll-interval=<seconds>");
    const unknown = await runUtil(["frobnicate"], { dataFolder });
    assertEquals(unknown.code, 2);
    assertStringIncludes(unknown.err[0]!, 'Unknown command "frobnicate"');
    const missing = await runUtil(["run"], { dataFolder });
    assertEquals(missing.code, 2);
    assertStringIncludes(missing.err[0]!, "missing argument");
  } finally {
    await Deno.remove(dataFolder, { recursive: true });
  }
});
