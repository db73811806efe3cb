/**
 * Exit codes as ParsedResult, the Result row JSON, and the in-process I/O (environment, capture, secret removal).
 * @module
 */
import { assert, assertEquals } from "../../support/assert.ts";
import { MAX_RESULT_LINES, parsedResultOf, taskResultJson } from "../../../lib/server/tasks/task_result.ts";
import { createTaskIo, secretScrubber, startLogCapture, taskEnvironment } from "../../../lib/server/tasks/task_io.ts";

Deno.test("exit codes map to Duplicati's ParsedResult", () => {
  const table: [number, string][] = [
    [0, "Success"],
    [1, "Success"],
    [2, "Warning"],
    [3, "Error"],
    [50, "Warning"],
    [100, "Fatal"],
    [200, "Fatal"],
    [7, "Error"],
  ];
  for (const [code, parsed] of table) assertEquals(parsedResultOf(code), parsed, `exit ${code}`);
});

Deno.test("taskResultJson has Duplicati's fields, an ISO begin/end and a .NET duration; long lists are capped", () => {
  const lines = Array.from({ length: MAX_RESULT_LINES + 5 }, (_, i) => `line ${i}`);
  const json = taskResultJson({
    operation: "Backup",
    exitCode: 2,
    begin: new Date("2026-01-02T03:04:05.000Z"),
    end: new Date("2026-01-02T04:05:06.789Z"),
    messages: lines,
    warnings: ["w"],
    errors: [],
    droppedMessages: 10,
  });
  assertEquals(json.MainOperation, "Backup");
  assertEquals(json.ParsedResult, "Warning");
  assertEquals(json.ExitCode, 2);
  assertEquals(json.BeginTime, "2026-01-02T03:04:05.000Z");
  assertEquals(json.EndTime, "2026-01-02T04:05:06.789Z");
  assertEquals(json.Duration, "01:01:01.7890000");
  assertEquals(json.Messages.length, MAX_RESULT_LINES + 1);
  assertEquals(json.Messages.at(-1), "... 15 more lines were left out");
  assertEquals(json.Warnings, ["w"]);
  assertEquals(json.Errors, []);
});

Deno.test("task environment drops PASSPHRASE and points the CLI at the server's data folder", () => {
  const env = taskEnvironment({ PASSPHRASE: "x", passphrase: "y", HOME: "/home/me" }, "/srv/data");
  assertEquals(env, { HOME: "/home/me", DUPLICATI_DATA_FOLDER: "/srv/data" });
});

Deno.test("createTaskIo is no terminal, collects lines and reports, and tees progress", () => {
  const events: string[] = [];
  const controller = new AbortController();
  const taskIo = createTaskIo({
    control: { signal: controller.signal, progress: (e) => events.push(e.type) },
    dataFolder: "/srv/data",
    executableDir: "/opt/app",
    processEnv: {},
  });
  const { io } = taskIo;
  assertEquals([io.isTty, io.readSecret, io.cwd, io.executableDir], [false, undefined, "/srv/data", "/opt/app"]);
  assertEquals(io.signal, controller.signal);
  io.out("one\ntwo");
  io.err("bad");
  io.progress?.({ type: "phase", phase: "Backup_Begin" });
  io.report?.("backup", { examinedFiles: 3 });
  assertEquals([taskIo.out, taskIo.err, events], [["one", "two"], ["bad"], ["phase"]]);
  assertEquals(taskIo.reports.get("backup"), { examinedFiles: 3 });
});

Deno.test("log capture reads Warning and Error entries of the run; a configured log file is read from its end", () => {
  const own = startLogCapture(["--passphrase=x"]);
  const path = own.options[0]!.slice("--log-file=".length);
  assertEquals(own.options[1], "--log-file-log-level=Warning");
  Deno.writeTextFileSync(
    path,
    "2026-01-01T00:00:00.000Z [Warning-Backup]: first warning\n" +
      "2026-01-01T00:00:00.000Z [Error-Backup]: an error\nsecond line of it\n" +
      "2026-01-01T00:00:00.000Z [Information-Backup]: not captured\n",
  );
  assertEquals(own.finish(), { warnings: ["first warning"], errors: ["an error\nsecond line of it"] });
  let gone = false;
  try {
    Deno.statSync(path);
  } catch {
    gone = true;
  }
  assert(gone, "the capture file is removed");

  const dir = Deno.makeTempDirSync();
  try {
    const userLog = `${dir}/user.log`;
    Deno.writeTextFileSync(userLog, "2026-01-01T00:00:00.000Z [Warning-Old]: from an earlier run\n");
    const configured = startLogCapture([`--log-file=${userLog}`]);
    assertEquals(configured.options, []);
    Deno.writeTextFileSync(userLog, "2026-01-01T00:00:01.000Z [Warning-New]: this run\n", { append: true });
    assertEquals(configured.finish(), { warnings: ["this run"], errors: [] });
    assert(Deno.statSync(userLog).isFile, "the user's log file stays");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("secretScrubber hides every secret of 4 characters or more, longest first", () => {
  const scrub = secretScrubber(["hunter2", "hunter2-and-more", "abc", undefined, ""]);
  assertEquals(scrub("pw hunter2-and-more, hunter2 and abc"), "pw ***, *** and abc");
  assertEquals(secretScrubber([])("unchanged"), "unchanged");
});
