/**
 * The home page, top bar and notifications in a real browser against a real server: the empty state; backups
 * created through the API appear by themselves; pausing the server (5 minutes, then until resumed) shows in the
 * top bar and in /serverstate; Run now while paused waits, and after Resume the live progress bar shows with Stop
 * until the Success badge and the version count come; Stop ends a second run (Warning); a backup whose source
 * folder is missing fails with a notification that links to its log and that Dismiss removes (checked through
 * the API). Screenshots of every state, and the home page in the dark theme.
 * @module
 */
import { NO_TIME } from "../../lib/server/api_types.ts";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { type Page, passwordApi, startUi } from "../support/browser.ts";
import type { Locator } from "playwright-core";
import { createBackup, generateFiles, runBackup } from "./backup_fixtures.ts";

const PASSWORD = "home page password";

/** Waits until `locator` has the keyboard focus. */
async function waitFocused(page: Page, locator: Locator): Promise<void> {
  const element = await locator.elementHandle();
  await page.waitForFunction((el: Json) => el === el.ownerDocument.activeElement, element);
}

// deno-lint-ignore no-explicit-any
type Json = any;

Deno.test("web UI home: backups with state, pause and resume, live progress to Success, Stop, notifications", async () => {
  const data = Deno.makeTempDirSync({ prefix: "web-home-" });
  const ui = await startUi({ dataFolder: data, prefix: "home", password: PASSWORD });
  try {
    const { page } = ui;
    const call = await passwordApi(ui.server, PASSWORD);
    await ui.signIn();
    await page.getByRole("heading", { name: "No backups yet" }).waitFor();
    assertEquals(await page.getByRole("link", { name: "Add a backup" }).getAttribute("href"), "#/add");
    assertEquals(
      await page.getByRole("link", { name: "Import a configuration file" }).getAttribute("href"),
      "#/import",
    );
    await ui.shot("empty");

    // Enough data, uploaded at a limited rate (8 MB/s), that a run lasts several seconds on any machine: the
    // progress bar must be seen while it runs, and the second run must still be running when Stop is pressed.
    generateFiles(`${data}/photos`, { count: 700, size: 70_000 });
    const photos = await createBackup(call, {
      name: "Photos",
      description: "Camera roll from the phone",
      source: `${data}/photos`,
      dest: `${data}/dest-photos`,
      settings: [{ Name: "--dblock-size", Value: "2mb" }, { Name: "--throttle-upload", Value: "8mb" }],
      repeat: "1D",
    });
    const laptop = await createBackup(call, {
      name: "Old laptop",
      source: `${data}/not-there`,
      dest: `${data}/dest-laptop`,
    });
    // The list follows the server's data changes without a reload.
    const card = page.getByRole("article", { name: "Photos" });
    await card.getByText("Never run").waitFor();
    await card.getByText("Camera roll from the phone").waitFor();
    await card.getByText("(in ", { exact: false }).waitFor(); // next scheduled run, relative
    assertEquals(await card.getByRole("link", { name: "Restore" }).getAttribute("href"), `#/restore/${photos}`);
    assertEquals(await card.getByRole("link", { name: "Edit" }).getAttribute("href"), `#/backup/${photos}/edit`);
    assertEquals(await card.getByRole("link", { name: "Photos" }).getAttribute("href"), `#/backup/${photos}`);
    await ui.shot("list");

    // Pause for 5 minutes from the menu in the top bar.
    const state = page.getByRole("banner").getByRole("status");
    await state.getByText("Idle").waitFor();
    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("menu", { name: "Pause the server" }).waitFor();
    await ui.shot("pause-menu");
    await page.getByRole("menuitem", { name: "Pause for 5 minutes" }).click();
    await state.getByText(/^Paused until .+/).waitFor();
    const paused = (await call("GET", "/serverstate")).body as Json;
    assertEquals(paused.ProgramState, "Paused");
    const left = Date.parse(paused.EstimatedPauseEnd) - Date.now();
    assert(left > 240_000 && left <= 300_000, `paused for about 5 minutes, ${left} ms left`);
    await ui.shot("paused");

    // Run now while paused: the backup waits; Resume starts it and the progress shows until Success.
    await card.getByRole("button", { name: "Run now" }).click();
    await card.getByText("Waiting to run").waitFor();
    await ui.shot("queued");
    await page.getByRole("button", { name: "Resume" }).click();
    await card.getByRole("progressbar", { name: "Progress of Photos" }).waitFor();
    await card.getByRole("button", { name: "Stop" }).waitFor();
    await state.getByText("Running: Photos").waitFor();
    await card.getByText(/^[\d,]+ of 700 \([\d,]+ left\)/).waitFor();
    await ui.shot("running");
    await card.locator(".badge-ok", { hasText: "Success" }).waitFor({ timeout: 60_000 });
    const versions = card.locator("div", { has: page.locator("dt", { hasText: "Versions" }) }).locator("dd");
    await versions.filter({ hasText: /^1$/ }).waitFor();
    const listed = ((await call("GET", "/backups")).body as Json[]).find((b) => b.Backup.ID === photos);
    assertEquals(listed.Backup.Metadata.BackupListCount, "1");
    assertEquals(((await call("GET", `/backup/${photos}/filesets`)).body as Json[]).length, 1);
    await card.getByText(listed.Backup.Metadata.SourceSizeString).waitFor();
    await state.getByText("Idle").waitFor();
    await ui.shot("success");

    // A second run with new files, stopped from the card: it ends as a Warning (stopped before it finished).
    generateFiles(`${data}/photos/more`, { count: 500, size: 70_000, seed: "more" });
    await card.getByRole("button", { name: "Run now" }).click();
    await card.getByRole("button", { name: "Abort…" }).click();
    await page.getByRole("dialog", { name: "Abort Photos?" }).waitFor();
    await ui.shot("abort-dialog");
    await page.getByRole("button", { name: "Keep running" }).click();
    await card.getByRole("button", { name: "Stop" }).click();
    await card.locator(".badge-warn", { hasText: "Warning" }).waitFor({ timeout: 60_000 });
    const log = (await call("GET", `/backup/${photos}/log?pagesize=1`)).body as Json[];
    assertEquals(JSON.parse(log[0].Message).ParsedResult, "Warning");
    assertMatch(JSON.parse(log[0].Message).Warnings.join("\n"), /stopped on request/);
    await card.getByText(/^Last warning: The operation was stopped on request/).waitFor();
    await ui.shot("stopped");

    // A backup whose source folder is missing fails: a notification says so, links to its log, and goes away.
    const laptopCard = page.getByRole("article", { name: "Old laptop" });
    await laptopCard.getByRole("button", { name: "Run now" }).click();
    const notes = page.getByRole("region", { name: "Notifications" });
    await notes.getByText("Error while running Old laptop").waitFor();
    await notes.getByText(/the source path does not exist/).waitFor();
    await laptopCard.locator(".badge-error", { hasText: "Failed" }).waitFor();
    await laptopCard.getByText(/Last error: .*the source path does not exist/).waitFor();
    assertEquals(
      await notes.getByRole("link", { name: "Show the backup's log" }).getAttribute("href"),
      `#/backup/${laptop}?tab=logs`,
    );
    const before = (await call("GET", "/notifications")).body as Json[];
    assertEquals(before.map((n) => [n.Type, n.BackupID]), [["Error", laptop]]);
    await ui.shot("notification");
    await notes.getByRole("button", { name: "Dismiss: Error while running Old laptop" }).click();
    await notes.waitFor({ state: "detached" });
    assertEquals((await call("GET", "/notifications")).body, []);

    // Pause until resumed (by keyboard: the menu takes focus, Escape gives it back), then resume.
    const pauseButton = page.getByRole("button", { name: "Pause" });
    const firstItem = page.getByRole("menuitem", { name: "Pause for 5 minutes" });
    await pauseButton.focus();
    await page.keyboard.press("Enter");
    await waitFocused(page, firstItem);
    await page.keyboard.press("Escape");
    await page.getByRole("menu").waitFor({ state: "detached" });
    await waitFocused(page, pauseButton);
    await page.keyboard.press("Enter");
    await waitFocused(page, firstItem);
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await state.getByText("Paused until resumed").waitFor();
    const forever = (await call("GET", "/serverstate")).body as Json;
    assertEquals([forever.ProgramState, forever.EstimatedPauseEnd], ["Paused", NO_TIME]);
    await page.getByRole("button", { name: "Resume" }).click();
    await state.getByText("Idle").waitFor();
    assertEquals(((await call("GET", "/serverstate")).body as Json).ProgramState, "Running");

    await page.emulateMedia({ colorScheme: "dark" });
    await ui.shot("dark");
  } finally {
    await ui.finish();
    Deno.removeSync(data, { recursive: true });
  }
});

Deno.test("web UI home: a backup made before shows its last run from the log after a reload", async () => {
  const data = Deno.makeTempDirSync({ prefix: "web-home-" });
  const ui = await startUi({ dataFolder: data, prefix: "home-ran", password: PASSWORD });
  try {
    const { page } = ui;
    const call = await passwordApi(ui.server, PASSWORD);
    generateFiles(`${data}/docs`, { count: 5, size: 2000 });
    const id = await createBackup(call, { name: "Docs", source: `${data}/docs`, dest: `${data}/dest` });
    await runBackup(call, id);
    await ui.signIn();
    const card = page.getByRole("article", { name: "Docs" });
    await card.locator(".badge-ok", { hasText: "Success" }).waitFor();
    await card.getByText(/, took (under a second|\d+ s)$/).waitFor();
    await card.getByText("Not scheduled").waitFor();
    await card.getByText("(5 files)").waitFor();
  } finally {
    await ui.finish();
    Deno.removeSync(data, { recursive: true });
  }
});
