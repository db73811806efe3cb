/**
 * The backup detail page in a real browser against a real server, on backups made through the API: the versions
 * match GET filesets, the log shows each run with its statistics, the remote log lists the uploaded dblock,
 * dindex and dlist files; Verify, Compact, Vacuum and Repair run to success; deleting a version removes it (checked
 * through the API); Export downloads a configuration file that parses as JSON with the backup's name (and an
 * encrypted one), and the command line can be copied; deleting the backup after typing its name removes it (404)
 * and keeps the remote files, and deleting another with its remote files removes those too. Screenshots of every
 * tab, dialog and result, and the page in the dark theme.
 * @module
 */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { type Page, passwordApi, startUi } from "../support/browser.ts";
import { type Call, createBackup, generateFiles, listNames, runBackup } from "./backup_fixtures.ts";

const PASSWORD = "detail page password";

// deno-lint-ignore no-explicit-any
type Json = any;

async function openDetail(page: Page, name: string): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
  await page.getByRole("article", { name }).getByRole("link", { name }).click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

async function filesets(call: Call, id: string): Promise<Json[]> {
  const answer = await call("GET", `/backup/${id}/filesets`);
  assertEquals(answer.status, 200);
  return answer.body as Json[];
}

Deno.test("web UI backup detail: versions, logs, remote log, commands, export and delete", async () => {
  const data = Deno.makeTempDirSync({ prefix: "web-detail-" });
  const ui = await startUi({ dataFolder: data, prefix: "detail", password: PASSWORD });
  try {
    const { page } = ui;
    const call = await passwordApi(ui.server, PASSWORD);
    generateFiles(`${data}/docs`, { count: 40, size: 4000 });
    const docs = await createBackup(call, {
      name: "Docs",
      description: "Letters and invoices",
      source: `${data}/docs`,
      dest: `${data}/dest-docs`,
      repeat: "1D",
    });
    await runBackup(call, docs);
    generateFiles(`${data}/docs/new`, { count: 5, size: 3000, seed: "new" });
    await runBackup(call, docs);
    generateFiles(`${data}/scratch`, { count: 3, size: 1000 });
    const scratch = await createBackup(call, {
      name: "Scratch",
      source: `${data}/scratch`,
      dest: `${data}/dest-scratch`,
    });
    await runBackup(call, scratch);
    const fresh = await createBackup(call, { name: "Fresh", source: `${data}/scratch`, dest: `${data}/dest-fresh` });

    await ui.signIn();

    // A backup that never ran: every tab says so (and nothing asks for its missing database).
    await openDetail(page, "Fresh");
    await page.getByText("No versions yet: the backup has not run.", { exact: false }).waitFor();
    await page.getByRole("tab", { name: "Logs" }).click();
    await page.getByText("Nothing has run for this backup yet.").waitFor();
    await page.getByRole("tab", { name: "Remote log" }).click();
    await page.getByText("Nothing was sent to the destination yet", { exact: false }).waitFor();
    await ui.shot("never-run");

    await openDetail(page, "Docs");
    assertEquals((await call("DELETE", `/backup/${fresh}`)).status, 200);
    await page.getByText("Letters and invoices").waitFor();
    await page.getByText(`file://${data}/dest-docs`).waitFor();
    await page.getByText(`${data}/docs/`, { exact: true }).waitFor();
    await page.getByText(/^Every day\. Next: /).waitFor();

    // Versions: what GET filesets says, newest first.
    const versions = await filesets(call, docs);
    assertEquals(versions.length, 2);
    const rows = page.getByRole("tabpanel").locator("tbody tr");
    await rows.nth(1).waitFor();
    assertEquals(await rows.count(), 2);
    for (const [i, v] of versions.entries()) {
      const cells = await rows.nth(i).locator("td").allInnerTexts();
      assertEquals(cells[1], String(v.Version));
      assertEquals(cells[4], v.FileCount.toLocaleString("en-US"));
      assertEquals(cells[3], "Full");
    }
    assertEquals(versions.map((v) => v.FileCount), [45, 40]);
    await ui.shot("versions");

    // Logs: both runs with their statistics.
    await page.getByRole("tab", { name: "Logs" }).click();
    const entries = page.locator(".run-log-entry");
    await entries.nth(1).waitFor();
    assertEquals(await entries.count(), 2);
    await entries.first().getByText("Success", { exact: true }).waitFor();
    await entries.first().getByText(/^45 \(.+\) examined$/).waitFor();
    await entries.first().locator("summary").click();
    await entries.first().getByText("Files added", { exact: true }).waitFor();
    await entries.first().getByText("Backup completed successfully!", { exact: false }).waitFor();
    assertEquals(new URL(page.url()).hash, `#/backup/${docs}?tab=logs`);
    await ui.shot("logs");

    // Remote log: every file at the destination was uploaded.
    await page.getByRole("tab", { name: "Remote log" }).click();
    const remoteTable = page.getByRole("tabpanel").locator("table");
    await remoteTable.waitFor();
    const remoteFiles = listNames(`${data}/dest-docs`);
    assert(remoteFiles.some((n) => n.includes(".dblock.")) && remoteFiles.some((n) => n.includes(".dindex.")));
    assertEquals(remoteFiles.filter((n) => n.includes(".dlist.")).length, 2);
    const uploads = await remoteTable.locator("tbody tr", { hasText: "Upload" }).locator("td.mono").allInnerTexts();
    assertEquals(uploads.map((t) => t.trim()).sort(), remoteFiles);
    await ui.shot("remote-log");

    // Commands: each runs to success and says so.
    const results = page.getByRole("list", { name: "Commands started here" });
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await results.getByText(/^Verify finished successfully/).waitFor();
    await ui.shot("verify");
    await page.getByRole("button", { name: "Compact", exact: true }).click();
    await page.getByRole("button", { name: "Vacuum", exact: true }).click();
    await results.getByText(/^Compact finished successfully/).waitFor();
    await results.getByText(/^Vacuum finished successfully/).waitFor();
    await page.getByRole("button", { name: "Repair…" }).click();
    await page.getByRole("dialog", { name: "Repair the backup?" }).waitFor();
    await ui.shot("repair-dialog");
    await page.getByRole("button", { name: "Run repair" }).click();
    await results.getByText(/^Repair finished successfully/).waitFor();
    await results.getByText("Show the output", { exact: false }).first().click();
    await ui.shot("command-results");

    // Delete the older version.
    await page.getByRole("tab", { name: "Versions" }).click();
    await rows.nth(1).waitFor();
    await page.getByRole("checkbox", { name: /^Select version 1 of / }).check();
    await page.getByRole("button", { name: "Delete 1 selected version…" }).click();
    await page.getByRole("dialog", { name: "Delete versions?" }).waitFor();
    await ui.shot("delete-versions-dialog");
    await page.getByRole("button", { name: "Delete 1 version", exact: true }).click();
    await results.getByText(/^Delete versions finished successfully/).waitFor();
    const left = await filesets(call, docs);
    assertEquals(left.map((v) => [v.Version, v.FileCount]), [[0, 45]]);
    await page.getByRole("tabpanel").locator("tbody tr").nth(1).waitFor({ state: "detached" });
    assertEquals(await page.getByRole("tabpanel").locator("tbody tr").count(), 1);

    // Export: a configuration file with the backup's name, plain and encrypted; the command line copies.
    await page.getByRole("button", { name: "Export…" }).click();
    const dialog = page.getByRole("dialog", { name: "Export “Docs”" });
    const command = dialog.getByLabel("Command line");
    await command.getByText("duplicati-cli backup", { exact: false }).waitFor();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await dialog.getByRole("button", { name: "Copy the command" }).click();
    await dialog.getByText("Copied to the clipboard.").waitFor();
    assertEquals(
      await page.evaluate(() => (globalThis as Json).navigator.clipboard.readText()),
      await command.innerText(),
    );
    await ui.shot("export");
    const [plain] = await Promise.all([
      page.waitForEvent("download"),
      dialog.getByRole("button", { name: "Download the file" }).click(),
    ]);
    assertMatch(plain.suggestedFilename(), /^Docs-duplicati-config\.json$/);
    const file = JSON.parse(Deno.readTextFileSync((await plain.path())!));
    assertEquals(file.Backup.Name, "Docs");
    assertEquals(file.Backup.Sources, [`${data}/docs/`]);
    assert(!JSON.stringify(file).includes("web test passphrase"), "no passwords without asking for them");
    await dialog.getByLabel("Encrypt the file with a passphrase").check();
    await dialog.getByRole("button", { name: "Download the file" }).click();
    await dialog.getByText(/Enter a passphrase to encrypt the file with/).waitFor();
    await dialog.getByLabel("Passphrase for the file").fill("export secret");
    const [encrypted] = await Promise.all([
      page.waitForEvent("download"),
      dialog.getByRole("button", { name: "Download the file" }).click(),
    ]);
    assertMatch(encrypted.suggestedFilename(), /\.json\.aes$/);
    const head = Deno.readFileSync((await encrypted.path())!).subarray(0, 3);
    assertEquals(new TextDecoder().decode(head), "AES");
    await ui.shot("export-encrypted");
    await dialog.getByRole("button", { name: "Done" }).click();
    await dialog.waitFor({ state: "detached" });

    await page.emulateMedia({ colorScheme: "dark" });
    await ui.shot("dark");
    await page.emulateMedia({ colorScheme: "light" });

    // Delete the backup, keeping its remote files.
    const kept = listNames(`${data}/dest-docs`);
    await page.getByRole("button", { name: "Delete backup…" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete “Docs”?" });
    await confirm.getByText(/files .* at the destination are kept\./).waitFor();
    const deleteButton = confirm.getByRole("button", { name: "Delete the backup, keep the remote files" });
    assert(await deleteButton.isDisabled(), "disabled until the name is typed");
    await confirm.getByLabel("Type the backup name “Docs” to confirm").fill("Doc");
    assert(await deleteButton.isDisabled());
    await confirm.getByLabel("Type the backup name “Docs” to confirm").fill("Docs");
    await ui.shot("delete-dialog");
    await deleteButton.click();
    await page.getByText("Backup “Docs” was deleted. Its files at the destination were kept.").waitFor();
    await page.getByRole("article", { name: "Docs" }).waitFor({ state: "detached" });
    assertEquals((await call("GET", `/backup/${docs}`)).status, 404);
    assertEquals(listNames(`${data}/dest-docs`), kept);
    await ui.shot("deleted");

    // Delete another one with its remote files and local database.
    const scratchDb = ((await call("GET", `/backup/${scratch}`)).body as Json).Backup.DBPath;
    assert(listNames(`${data}/dest-scratch`).length > 0);
    await openDetail(page, "Scratch");
    await page.getByRole("button", { name: "Delete backup…" }).click();
    const confirm2 = page.getByRole("dialog", { name: "Delete “Scratch”?" });
    await confirm2.getByLabel("Also delete the local database").check();
    await confirm2.getByLabel(/^Also delete the remote files at/).check();
    await confirm2.getByText("Nothing can be restored from this backup afterwards.", { exact: false }).waitFor();
    await confirm2.getByLabel("Type the backup name “Scratch” to confirm").fill("Scratch");
    await ui.shot("delete-remote-dialog");
    await confirm2.getByRole("button", { name: "Delete the backup and its remote files" }).click();
    await page.getByText("Backup “Scratch” was deleted. Its files at the destination were deleted too.").waitFor();
    assertEquals((await call("GET", `/backup/${scratch}`)).status, 404);
    assertEquals(listNames(`${data}/dest-scratch`), []);
    assertEquals(listNames(data).includes(scratchDb.split("/").pop()), false, "local database deleted");
    await page.getByRole("heading", { name: "No backups yet" }).waitFor();

    // A backup that does not exist (an old link) says so.
    ui.expectHttpError({ status: 404, path: new RegExp(`^/api/v1/backup/${docs}$`) });
    await page.goto(`${ui.server.baseUrl}/#/backup/${docs}`);
    await page.getByRole("heading", { name: "Backup not found" }).waitFor();
    await page.getByText(`Backup "${docs}" was not found`).waitFor();
    await ui.shot("not-found");
  } finally {
    await ui.finish();
    Deno.removeSync(data, { recursive: true });
  }
});
