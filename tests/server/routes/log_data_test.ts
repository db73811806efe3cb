import { createApp } from "../../../lib/server/app.ts";
import { type LiveLogEntryDto, type ServerLogRowDto } from "../../../lib/server/routes/log_data.ts";
import { assertEquals } from "../../support/assert.ts";
import { assertNeedsToken, callJson, fakeServerDeps } from "../../support/fake_server_deps.ts";

const BASE = Date.UTC(2024, 4, 1, 0, 0, 0);
const DAY = 86_400_000;
const LEVELS = ["Information", "Warning", "Error", "Verbose"];

/** 30 rows, one per minute; row n (1-based id) has level LEVELS[(n-1) % 4]. */
function setup(count = 30) {
  const fake = fakeServerDeps();
  for (let i = 0; i < count; i++) {
    fake.store.addServerLog({
      backupId: i % 2 === 0 ? null : 3,
      level: LEVELS[i % 4]!,
      message: `message ${i + 1}`,
      exception: i % 4 === 2 ? `Error: boom ${i + 1}` : null,
      timestamp: BASE + i * 60_000 + 500,
    });
  }
  return { ...fake, app: createApp(fake.deps) };
}

Deno.test("GET /logdata/log returns ErrorLog rows newest first with epoch-second timestamps", async () => {
  using env = setup();
  const { app } = env;
  const { status, body } = await callJson(app, "/api/v1/logdata/log?pagesize=10");
  assertEquals(status, 200);
  const rows = body as ServerLogRowDto[];
  assertEquals(rows.map((r) => r.ID), [30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
  assertEquals(rows[0], {
    ID: 30,
    BackupID: 3,
    Message: "message 30",
    Exception: null,
    Timestamp: (BASE + 29 * 60_000) / 1000,
    Type: "Warning",
  });
  assertEquals(rows[3]!.Exception, "Error: boom 27");
  assertEquals(((await callJson(app, "/api/v1/logdata/log")).body as unknown[]).length, 30);
});

Deno.test("GET /logdata/log pages by the last row's Timestamp as Duplicati's UI does", async () => {
  using env = setup();
  const { app } = env;
  const first = (await callJson(app, "/api/v1/logdata/log?pagesize=10")).body as ServerLogRowDto[];
  const offset = first[first.length - 1]!.Timestamp;
  const second = (await callJson(app, `/api/v1/logdata/log?pagesize=10&offset=${offset}`)).body as ServerLogRowDto[];
  assertEquals(second.map((r) => r.ID), [20, 19, 18, 17, 16, 15, 14, 13, 12, 11]);
  const last = (await callJson(app, `/api/v1/logdata/log?pagesize=10&offset=${BASE / 1000 + 60}`))
    .body as ServerLogRowDto[];
  assertEquals(last.map((r) => r.ID), [1]);
});

Deno.test("GET /logdata/log rejects bad paging values naming the field", async () => {
  using env = setup();
  const { app } = env;
  for (const [query, field] of [["pagesize=5", "pagesize"], ["pagesize=501", "pagesize"], ["offset=x", "offset"]]) {
    const { status, body } = await callJson(app, `/api/v1/logdata/log?${query}`);
    assertEquals(status, 400, query);
    assertEquals((body as { Field: string }).Field, field);
  }
});

Deno.test("GET /logdata/log?level= keeps rows at or above the level, newest first, paged by Timestamp", async () => {
  using env = setup();
  const { app } = env;
  const warnings = (await callJson(app, "/api/v1/logdata/log?level=Warning&pagesize=10")).body as ServerLogRowDto[];
  assertEquals(warnings.map((r) => [r.ID, r.Type]), [
    [30, "Warning"],
    [27, "Error"],
    [26, "Warning"],
    [23, "Error"],
    [22, "Warning"],
    [19, "Error"],
    [18, "Warning"],
    [15, "Error"],
    [14, "Warning"],
    [11, "Error"],
  ]);
  const offset = warnings[warnings.length - 1]!.Timestamp;
  const older = (await callJson(app, `/api/v1/logdata/log?level=warning&pagesize=10&offset=${offset}`))
    .body as ServerLogRowDto[];
  assertEquals(older.map((r) => r.ID), [10, 7, 6, 3, 2]);
  const errors = (await callJson(app, "/api/v1/logdata/log?level=Error")).body as ServerLogRowDto[];
  assertEquals(errors.length, 7);
  assertEquals(errors.every((r) => r.Type === "Error"), true);
  // Information and above leaves out Verbose; no level (or an empty one) keeps every row.
  const info = (await callJson(app, "/api/v1/logdata/log?level=Information")).body as ServerLogRowDto[];
  assertEquals(info.length, 23);
  assertEquals(((await callJson(app, "/api/v1/logdata/log?level=")).body as unknown[]).length, 30);
  const { status, body } = await callJson(app, "/api/v1/logdata/log?level=Loud");
  assertEquals(status, 400);
  assertEquals((body as { Field: string }).Field, "level");
});

Deno.test("GET /logdata/poll returns entries after an id at or above a level, oldest first", async () => {
  using env = setup();
  const { app } = env;
  const { status, body } = await callJson(app, "/api/v1/logdata/poll?level=Warning&id=20&pagesize=100");
  assertEquals(status, 200);
  const entries = body as LiveLogEntryDto[];
  assertEquals(entries.map((e) => [e.ID, e.Type]), [
    [22, "Warning"],
    [23, "Error"],
    [26, "Warning"],
    [27, "Error"],
    [30, "Warning"],
  ]);
  assertEquals(entries[1], {
    When: new Date(BASE + 22 * 60_000 + 500).toISOString(),
    ID: 23,
    Message: "message 23",
    Tag: "",
    MessageID: "",
    ExceptionID: null,
    Type: "Error",
    Exception: "Error: boom 23",
    BackupID: null,
    TaskID: "",
  });
  const errors = (await callJson(app, "/api/v1/logdata/poll?level=error&id=0&pagesize=2")).body as LiveLogEntryDto[];
  assertEquals(errors.map((e) => e.ID), [23, 27]);
  const none = (await callJson(app, "/api/v1/logdata/poll?level=Verbose&id=30")).body;
  assertEquals(none, []);
});

Deno.test("GET /logdata/poll rejects an unknown level and bad numbers naming the field", async () => {
  using env = setup(3);
  const { app } = env;
  for (
    const [query, field] of [["level=Loud", "level"], ["id=-4", "id"], ["pagesize=0", "pagesize"], ["id=abc", "id"]]
  ) {
    const { status, body } = await callJson(app, `/api/v1/logdata/poll?${query}`);
    assertEquals(status, 400, query);
    assertEquals((body as { Field: string }).Field, field);
  }
});

Deno.test("GET /logdata/log finds older rows behind any number of newer ones (the store filters by time)", async () => {
  using env = setup(3);
  const { app, store } = env;
  // More newer rows than a scan in JavaScript looked at (20,000) before giving up with [].
  for (let i = 0; i < 20_100; i++) {
    const row = { backupId: null, level: "Information", message: "new", exception: null, timestamp: BASE + DAY };
    store.addServerLog(row);
  }
  const { status, body } = await callJson(app, `/api/v1/logdata/log?pagesize=10&offset=${(BASE + DAY) / 1000}`);
  assertEquals(status, 200);
  const rows = (body as ServerLogRowDto[]).map((r) => `${r.ID} ${r.Message}`);
  assertEquals(rows, ["3 message 3", "2 message 2", "1 message 1"]);
});

Deno.test("log data routes answer 401 without a token", async () => {
  using fake = fakeServerDeps();
  await assertNeedsToken(createApp(fake.deps), [
    ["GET", "/logdata/log"],
    ["GET", "/logdata/poll"],
  ]);
});
