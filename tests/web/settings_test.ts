/**
 * Settings and about in the web UI, against a real server with a password: changing the password (the old one is
 * then refused, the new one signs in), the dark theme (kept across a reload, dark page background), the time zone
 * and default options (checked values, saved through the API), importing exported configurations (a non-JSON file,
 * a wrong passphrase, an encrypted file saved directly as "name (1)", a plain one opened in the editor), the About
 * page (data folder, copy to the clipboard) and the server log (rows, level filter, live updates).
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals } from "../support/assert.ts";
import { type Page, passwordApi, startUi } from "../support/browser.ts";

const OLD_PASSWORD = "first password 1";
const NEW_PASSWORD = "second password 2";
const EXPORT_PASSPHRASE = "export phrase 9";

type Json = Record<string, unknown>;

Deno.test("web UI: settings, import, about and server log", async () => {
  const data = Deno.makeTempDirSync({ prefix: "web-settings-" });
  const work = Deno.makeTempDirSync({ prefix: "web-settings-work-" });
  const ui = await startUi({ dataFolder: data, prefix: "settings", password: OLD_PASSWORD });
  try {
    const { page, server } = ui;
    const call = await passwordApi(server, OLD_PASSWORD);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.baseUrl });

    // A backup to export, and a deleted one for an Information row in the server log.
    Deno.mkdirSync(join(work, "src"));
    Deno.writeTextFileSync(join(work, "src", "a.txt"), "hello");
    const backup = (name: string) => ({
      Backup: {
        Name: name,
        TargetURL: `file://${join(work, `dest-${name.length}`)}`,
        Sources: [join(work, "src") + "/"],
        Settings: [{ Name: "passphrase", Value: "backup secret" }],
      },
      Schedule: null,
    });
    const created = await call("POST", "/backups", backup("Photos"));
    assertEquals(created.status, 200, JSON.stringify(created.body));
    const id = String((created.body as Json).ID);
    // The encrypted file carries the passwords; the plain one does not (the import then asks for the passphrase).
    const exportFile = async (passphrase?: string): Promise<Uint8Array> => {
      const token = ((await call("POST", "/auth/issuetoken/export")).body as Json).Token as string;
      const query = `token=${encodeURIComponent(token)}` +
        (passphrase ? `&passphrase=${encodeURIComponent(passphrase)}&export-passwords=true` : "");
      const response = await fetch(`${server.baseUrl}/api/v1/backup/${id}/export?${query}`);
      assertEquals(response.status, 200);
      return new Uint8Array(await response.arrayBuffer());
    };
    const encryptedPath = join(work, "Photos-duplicati-config.json.aes");
    const plainPath = join(work, "Photos-duplicati-config.json");
    const notesPath = join(work, "notes.txt");
    Deno.writeFileSync(encryptedPath, await exportFile(EXPORT_PASSPHRASE));
    Deno.writeFileSync(plainPath, await exportFile());
    Deno.writeTextFileSync(notesPath, "shopping list: milk, bread");
    assertEquals(new TextDecoder().decode(Deno.readFileSync(encryptedPath).subarray(0, 3)), "AES");
    await deleteBackups(call, [backup("Old one")]);
    await provokeTokenReuseWarning(server.baseUrl, server.port, OLD_PASSWORD);

    await ui.signIn();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Default options for all backups" }).waitFor();
    await ui.shot("settings");

    // Password: length and match are checked in the page; then the change works and the old password is refused.
    const newPassword = page.getByLabel("New password", { exact: true });
    const repeat = page.getByLabel("Repeat the new password");
    const change = page.getByRole("button", { name: "Change password" });
    await newPassword.fill("short");
    await repeat.fill("short");
    await change.click();
    await page.getByText("Use at least 8 characters").waitFor();
    await newPassword.fill(NEW_PASSWORD);
    await repeat.fill("something else");
    await change.click();
    await page.getByText("The two passwords differ").waitFor();
    await ui.shot("password-mismatch");
    await repeat.fill(NEW_PASSWORD);
    await change.click();
    await page.getByText("Password changed.").waitFor();
    await ui.shot("password-changed");
    assertEquals(await loginStatus(server.baseUrl, OLD_PASSWORD), 401);
    assertEquals(await loginStatus(server.baseUrl, NEW_PASSWORD), 200);

    // Theme: Dark applies at once, survives a reload, and the page background is dark.
    await page.getByLabel("Dark").check();
    assertEquals(await page.evaluate("document.documentElement.dataset.theme"), "dark");
    await page.reload();
    await page.getByRole("heading", { name: "Default options for all backups" }).waitFor();
    assert(await page.getByLabel("Dark").isChecked(), "the Dark choice is kept");
    assertEquals(await page.evaluate("getComputedStyle(document.body).backgroundColor"), "rgb(17, 21, 27)");
    await ui.shot("settings-dark");
    await page.getByLabel("Light").check();
    assertEquals(await page.evaluate("getComputedStyle(document.body).backgroundColor"), "rgb(244, 246, 249)");
    await page.getByLabel("System").check();
    assertEquals(await page.evaluate("document.documentElement.dataset.theme"), undefined);

    // Time zone for schedules.
    await page.getByLabel("Time zone", { exact: true }).selectOption("Pacific/Auckland");
    await page.getByRole("button", { name: "Save time zone" }).click();
    await page.getByText("Scheduled backups now follow Pacific/Auckland").waitFor();
    assertEquals(((await call("GET", "/serversettings")).body as Json)["server-timezone"], "Pacific/Auckland");

    // Default options: a whole number is required, then --number-of-retries=7 is saved for all backups.
    const find = page.getByLabel("Find an option");
    await find.fill("retries");
    await page.getByRole("list", { name: "Matching options" }).waitFor();
    await ui.shot("option-search");
    await page.getByRole("button", { name: /--number-of-retries/ }).click();
    const value = page.getByLabel("Value", { exact: true });
    await value.fill("seven");
    await page.getByRole("button", { name: "Save option" }).click();
    await page.getByText("Enter a whole number").waitFor();
    await ui.shot("default-option-invalid");
    await value.fill("7");
    await page.getByRole("button", { name: "Save option" }).click();
    await page.getByText("every backup now uses --number-of-retries").waitFor();
    // A size is checked with the server's own parser; a valid one is saved, then removed again.
    await find.fill("skip-files-larger");
    await page.getByRole("button", { name: /--skip-files-larger-than/ }).click();
    await value.fill("12x");
    await page.getByRole("button", { name: "Save option" }).click();
    await page.getByText('unknown suffix "x"').waitFor();
    await value.fill("2gb");
    await page.getByRole("button", { name: "Save option" }).click();
    await page.getByRole("button", { name: "Remove --skip-files-larger-than" }).waitFor();
    await ui.shot("default-options");
    let settings = (await call("GET", "/serversettings")).body as Json;
    assertEquals([settings["--number-of-retries"], settings["--skip-files-larger-than"]], ["7", "2gb"]);
    const defaults = ((await call("GET", "/backupdefaults")).body as Json).ApplicationOptions as Json[];
    assert(defaults.some((o) => o.Name === "--number-of-retries" && o.Value === "7"), JSON.stringify(defaults));
    await page.getByRole("button", { name: "Remove --skip-files-larger-than" }).click();
    await page.getByText("Removed --skip-files-larger-than").waitFor();
    settings = (await call("GET", "/serversettings")).body as Json;
    assertEquals(settings["--skip-files-larger-than"], undefined);

    // Import: a file that is no configuration, a wrong passphrase, then the encrypted file saved directly.
    await page.getByRole("link", { name: "Import a configuration…" }).click();
    await page.getByRole("heading", { name: "Import a backup configuration", level: 1 }).waitFor();
    await ui.shot("import");
    const fileInput = page.getByLabel("Configuration file");
    await fileInput.setInputFiles(notesPath);
    await page.getByText("is not a Duplicati configuration file").waitFor();
    await ui.shot("import-not-json");
    await fileInput.setInputFiles(encryptedPath);
    const passphrase = page.getByLabel("Passphrase of the file");
    await passphrase.fill("not the phrase");
    ui.expectHttpError({ status: 400, path: /^\/api\/v1\/backups\/import$/ });
    await page.getByRole("button", { name: "Import and save" }).click();
    await page.getByText("Wrong passphrase: the file cannot be decrypted").waitFor();
    await ui.shot("import-wrong-passphrase");
    await passphrase.fill(EXPORT_PASSPHRASE);
    await page.getByRole("button", { name: "Import and save" }).click();
    await waitForHash(page, /^#\/backup\/\d+$/);
    const importedId = /#\/backup\/(\d+)$/.exec(page.url())![1]!;
    const names = ((await call("GET", "/backups")).body as { Backup: Json }[]).map((b) => [b.Backup.ID, b.Backup.Name]);
    assert(names.some(([bid, name]) => bid === importedId && name === "Photos (1)"), JSON.stringify(names));

    // The plain file has no backup passphrase: the page asks for it, then saves it as "Photos (2)".
    await page.evaluate('location.hash = "#/import"');
    await page.getByRole("heading", { name: "Import a backup configuration", level: 1 }).waitFor();
    await page.getByLabel("Configuration file").setInputFiles(plainPath);
    await page.getByText("backup “Photos”").waitFor();
    await page.getByRole("button", { name: "Import and save" }).click();
    await page.getByText("The file holds no passphrase for the backup").waitFor();
    await ui.shot("import-backup-passphrase");
    await page.getByLabel("Passphrase of the backup").fill("backup secret");
    await page.getByRole("button", { name: "Import and save" }).click();
    await waitForHash(page, /^#\/backup\/\d+$/);
    const second = await call("GET", `/backup/${/#\/backup\/(\d+)$/.exec(page.url())![1]}`);
    assertEquals((second.body as { Backup: Json }).Backup.Name, "Photos (2)");

    // The plain file into the editor: the draft waits in sessionStorage.
    await page.evaluate('location.hash = "#/import"');
    await page.getByRole("heading", { name: "Import a backup configuration", level: 1 }).waitFor();
    await page.getByLabel("Configuration file").setInputFiles(plainPath);
    await page.getByText("backup “Photos”").waitFor();
    await page.getByLabel(/Open it in the editor/).check();
    await ui.shot("import-to-editor");
    await page.getByRole("button", { name: "Import and open the editor" }).click();
    await waitForHash(page, /^#\/add\?import=1$/);
    const draft = JSON.parse(
      await page.evaluate<string | null>('sessionStorage.getItem("duplicati-deno:import-draft")') ?? "null",
    ) as { Backup: Json } | null;
    assertEquals(draft?.Backup.Name, "Photos");
    assertEquals(draft?.Backup.TargetURL, `file://${join(work, "dest-6")}`);

    // About: the data folder, and the copy button puts the facts on the clipboard.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "About" }).click();
    await page.getByText(data, { exact: true }).waitFor();
    await page.getByRole("button", { name: "Copy system info" }).click();
    await page.getByText("Copied the system information").waitFor();
    const clipboard = await page.evaluate<string>("navigator.clipboard.readText()");
    assert(clipboard.includes(`Data folder: ${data}`), clipboard);
    await ui.shot("about");

    // Server log: the token-reuse warning and the deleted backup; the level filter hides Information rows; live adds rows.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log" }).click();
    const table = page.getByRole("table");
    await table.getByText("Refresh token reuse detected").waitFor();
    await table.getByText('Deleted backup "Old one"').waitFor();
    await ui.shot("log");
    await page.getByLabel("Show").selectOption("Warning");
    await table.getByText('Deleted backup "Old one"').waitFor({ state: "detached" });
    await table.getByText("Refresh token reuse detected").waitFor();
    assertEquals(await table.locator(".badge", { hasText: "Information" }).count(), 0);
    await ui.shot("log-warnings");
    await page.getByLabel("Show").selectOption("");
    await table.getByText('Deleted backup "Old one"').waitFor();
    await page.getByLabel(/^Live/).check();
    const signedIn = await passwordApi(server, NEW_PASSWORD);
    await deleteBackups(signedIn, [backup("Later one")]);
    await table.getByText('Deleted backup "Later one"').waitFor();
    await page.emulateMedia({ colorScheme: "dark" });
    await ui.shot("log-dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.getByLabel(/^Live/).uncheck();

    // Paging: 10 rows a page ends inside the second the batch was deleted in; "Load older entries" brings every
    // other row once, the rest of that second included.
    await deleteBackups(signedIn, Array.from({ length: 12 }, (_, i) => backup(`Batch ${i + 1}`)));
    const all = (await signedIn("GET", "/logdata/log?pagesize=500")).body as { ID: number }[];
    assert(all.length > 10, `only ${all.length} log rows`);
    await page.evaluate('location.hash = "#/log?pagesize=10"');
    await table.locator("tbody tr").nth(9).waitFor();
    assertEquals(await table.locator("tbody tr").count(), 10);
    await page.getByRole("button", { name: "Load older entries" }).click();
    await table.locator("tbody tr").nth(all.length - 1).waitFor();
    await page.getByRole("button", { name: "Load older entries" }).waitFor({ state: "detached" });
    const shown = await table.locator("tbody tr td:nth-child(3)").allTextContents();
    assertEquals(shown.length, all.length);
    assertEquals(new Set(shown).size, all.length, shown.join("\n"));
    await ui.shot("log-paged");

    // Signing in again takes the new password.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
  } finally {
    await ui.finish();
    Deno.removeSync(data, { recursive: true });
    Deno.removeSync(work, { recursive: true });
  }
});

/** Creates backups and deletes them again (the server logs an Information row for each), waiting until gone. */
async function deleteBackups(
  call: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>,
  inputs: readonly unknown[],
): Promise<void> {
  const ids: string[] = [];
  for (const input of inputs) {
    const created = await call("POST", "/backups", input);
    assertEquals(created.status, 200, JSON.stringify(created.body));
    ids.push(String((created.body as Json).ID));
  }
  for (const id of ids) assertEquals((await call("DELETE", `/backup/${id}`)).status, 200);
  const deadline = Date.now() + 20_000;
  while (((await call("GET", "/backups")).body as { Backup: Json }[]).some((b) => ids.includes(String(b.Backup.ID)))) {
    if (Date.now() > deadline) throw new Error(`backups ${ids.join(", ")} were not deleted`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function loginStatus(baseUrl: string, password: string): Promise<number> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ Password: password }),
  });
  await response.body?.cancel();
  return response.status;
}

/** Waits until the page's hash route matches (hash changes are no navigation Playwright waits for). */
async function waitForHash(page: Page, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!pattern.test(new URL(page.url()).hash)) {
    if (Date.now() > deadline) throw new Error(`the address stayed at ${page.url()}, expected ${pattern}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Makes the server log a Warning: a refresh token used again after the family moved on two steps (beyond the
 * allowed drift of one) counts as stolen, and the server revokes the family and logs it.
 */
async function provokeTokenReuseWarning(baseUrl: string, port: number, password: string): Promise<void> {
  const post = async (path: string, body: unknown, cookie?: string) => {
    const response = await fetch(`${baseUrl}/api/v1/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    const tokens = await response.json() as { RefreshNonce?: string };
    const set = response.headers.getSetCookie().find((c) => c.startsWith(`RefreshToken_${port}=`));
    return { status: response.status, nonce: tokens.RefreshNonce ?? "", cookie: set?.split(";")[0] ?? "" };
  };
  const first = await post("login", { Password: password, RememberMe: true });
  assertEquals(first.status, 200);
  const second = await post("refresh", { Nonce: first.nonce }, first.cookie);
  assertEquals(second.status, 200);
  assertEquals((await post("refresh", { Nonce: second.nonce }, second.cookie)).status, 200);
  assertEquals((await post("refresh", { Nonce: first.nonce }, first.cookie)).status, 401);
}
