/**
 * The add / edit backup wizard in a real browser against a real server: validation messages (empty name,
 * mismatched passphrase, missing destination, a bad option value) appear at their fields; a generated passphrase
 * is shown with the note to store it; Test connection offers to create a missing folder, succeeds for an existing
 * one and fails clearly under a file and for an unsupported URL; a backup of a generated folder (with a filter) to
 * a local folder is saved and the API shows its name, URL, stored passphrase, schedule, volume size, retention and
 * advanced options; editing maps a duplicate name back to the name field and saves a changed schedule without
 * touching anything else; a configuration left by the import page opens as a new backup and saves. Screenshots of
 * every step, the errors and the dark theme.
 * @module
 */
import { assert, assertEquals } from "../support/assert.ts";
import { passwordApi, startUi } from "../support/browser.ts";

const PASSWORD = "editor test password";

function tree(): { root: string; src: string; dest: string; file: string } {
  const root = Deno.makeTempDirSync({ prefix: "web-editor-" });
  const src = `${root}/src`;
  Deno.mkdirSync(`${src}/docs`, { recursive: true });
  Deno.writeTextFileSync(`${src}/docs/a.txt`, "alpha\n".repeat(100));
  Deno.writeTextFileSync(`${src}/docs/b.tmp`, "temporary");
  Deno.writeTextFileSync(`${src}/c.txt`, "gamma");
  Deno.mkdirSync(`${root}/dest`);
  Deno.writeTextFileSync(`${root}/afile`, "not a folder");
  return { root, src, dest: `${root}/dest`, file: `${root}/afile` };
}

/** The local date ("YYYY-MM-DD") a year from now, for a schedule time that is surely in the future. */
function nextYear(month: number, day: number): string {
  return `${new Date().getFullYear() + 1}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

Deno.test("web editor: create a backup through the wizard, with validation and connection tests", async () => {
  const t = tree();
  const ui = await startUi({ dataFolder: `${t.root}/data`, prefix: "editor", password: PASSWORD });
  try {
    const { page } = ui;
    const api = await passwordApi(ui.server, PASSWORD);
    await ui.signIn();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Add backup" }).click();
    const step = (name: string) => page.getByRole("heading", { name: new RegExp(`Step \\d of 5: ${name}`) });
    await step("General").waitFor();
    await ui.shot("general");

    // Step 1: nothing entered → name and passphrase errors; a mismatch; then a generated passphrase.
    await page.getByRole("button", { name: "Next →" }).click();
    await page.getByText("Enter a name for the backup").waitFor();
    await page.getByText("Enter a passphrase or generate one").waitFor();
    await ui.shot("general-errors");
    await page.getByLabel("Name", { exact: true }).fill("Documents");
    await page.getByLabel("Passphrase", { exact: true }).fill("secret12");
    await page.getByLabel("Repeat the passphrase").fill("secret13");
    await page.getByRole("button", { name: "Next →" }).click();
    await page.getByText("The two passphrases are not the same").waitFor();
    await page.getByText("Passphrase strength: Weak").waitFor();
    await ui.shot("general-mismatch");
    await page.getByRole("button", { name: "Generate a strong passphrase" }).click();
    await page.getByText("Store this passphrase now").waitFor();
    const passphrase = (await page.getByLabel("Generated passphrase").textContent()) ?? "";
    assertEquals(passphrase.length, 24);
    await page.getByText("Passphrase strength: Strong").waitFor();
    await ui.shot("general-generated");
    await page.getByRole("button", { name: "Next →" }).click();

    // Step 2: missing destination; a missing folder is offered for creation; a path under a file fails.
    await step("Destination").waitFor();
    await page.getByRole("button", { name: "Next →" }).click();
    await page.getByText("Choose the folder to store the backup in.").waitFor();
    await ui.shot("destination-errors");
    const folder = page.getByLabel("Destination folder");
    await folder.fill(`${t.file}/inside`);
    ui.expectHttpError({ status: 400, path: /^\/api\/v1\/remoteoperation\/test$/ });
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByText("Connection failed.").waitFor();
    await ui.shot("destination-failed");
    await folder.fill(`${t.dest}/new`);
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByText("The destination folder does not exist yet.").waitFor();
    await ui.shot("destination-missing");
    await page.getByRole("button", { name: "Create folder" }).click();
    await page.getByText("Created the folder and connected").waitFor();
    assert(Deno.statSync(`${t.dest}/new`).isDirectory, "Create folder made the folder");
    // Browse opens at the chosen folder; "Use this folder" keeps it.
    await page.getByRole("button", { name: "Browse…" }).click();
    const dialog = page.getByRole("dialog", { name: "Choose a destination folder" });
    await dialog.getByText(`${t.dest}/new/`).waitFor();
    await dialog.getByRole("button", { name: "Up one level" }).click();
    await dialog.getByText(`${t.dest}/`, { exact: true }).waitFor();
    await ui.shot("destination-browse");
    await dialog.getByRole("button", { name: "new", exact: true }).click();
    await dialog.getByText(`${t.dest}/new/`).waitFor();
    await dialog.getByRole("button", { name: "Use this folder" }).click();
    assertEquals(await folder.inputValue(), `${t.dest}/new`);
    await page.getByText(`file://${t.dest}/new`).waitFor();
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByText("Connected: the destination exists and can be read.").waitFor();
    await ui.shot("destination-ok");
    await page.getByRole("button", { name: "Next →" }).click();

    // Step 3 (the sources helper's step): a typed path and one exclude rule.
    await step("Source data").waitFor();
    await page.getByLabel("Add path").fill(`${t.src}/`);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("button", { name: `Remove ${t.src}/` }).waitFor();
    await page.getByRole("button", { name: "Add rule" }).click();
    await page.getByLabel("Rule 1: pattern").fill("*.tmp");
    await ui.shot("sources");
    await page.getByRole("button", { name: "Next →" }).click();

    // Step 4: weekly at 08:30 on weekdays, from a date a year ahead.
    await step("Schedule").waitFor();
    const date = nextYear(1, 6);
    await page.getByLabel("Next run: date").fill(date);
    await page.getByLabel("Next run: time").fill("08:30");
    await page.getByLabel("Repeat", { exact: true }).selectOption("1W");
    await page.getByLabel("Saturday").uncheck();
    await page.getByLabel("Sunday").uncheck();
    await page.getByRole("heading", { name: "The next runs" }).waitFor();
    await ui.shot("schedule");
    await page.getByRole("button", { name: "Next →" }).click();

    // Step 5: volume size, keep 7 versions, two advanced options (one typed wrong first).
    await step("Options").waitFor();
    await page.getByLabel("Volume size").fill("20");
    await page.getByLabel("Keep a number of versions").check();
    await page.getByLabel("Number of versions to keep").fill("7");
    await page.getByLabel("Add an option").fill("retries");
    await page.getByRole("button", { name: "Add --number-of-retries" }).click();
    await page.getByLabel("--number-of-retries", { exact: true }).fill("three");
    await page.getByLabel("Add an option").fill("verification file");
    await page.getByRole("button", { name: "Add --upload-verification-file" }).click();
    await page.getByRole("button", { name: "Save backup" }).click();
    await page.getByText('"three" is not a whole number.').waitFor();
    await ui.shot("options-errors");
    await page.getByLabel("--number-of-retries", { exact: true }).fill("3");
    await ui.shot("options");
    await page.getByRole("button", { name: "Save backup" }).click();
    await page.waitForURL(/#\/backup\/\d+$/);

    const id = new URL(page.url()).hash.split("/")[2]!;
    const saved = (await api("GET", `/backup/${id}`)).body as {
      Backup: { Name: string; TargetURL: string; Sources: string[]; IsUnencryptedOrPassphraseStored: boolean };
      Schedule: { Repeat: string; Time: string; AllowedDays: string[] };
    } & {
      Backup: { Settings: { Name: string; Value: string }[]; Filters: { Include: boolean; Expression: string }[] };
    };
    assertEquals(saved.Backup.Name, "Documents");
    assertEquals(saved.Backup.TargetURL, `file://${t.dest}/new`);
    assertEquals(saved.Backup.Sources, [`${t.src}/`]);
    assertEquals(saved.Backup.Filters.map((f) => [f.Include, f.Expression]), [[false, "*.tmp"]]);
    assertEquals(saved.Backup.IsUnencryptedOrPassphraseStored, true);
    const setting = (name: string) => saved.Backup.Settings.find((s) => s.Name === name)?.Value;
    assertEquals(setting("encryption-module"), "aes");
    assertEquals(setting("dblock-size"), "20MB");
    assertEquals(setting("keep-versions"), "7");
    assertEquals(setting("--number-of-retries"), "3");
    assertEquals(setting("--upload-verification-file"), "true");
    const args = (await api("GET", `/backup/${id}/export-argsonly?export-passwords=true`)).body as {
      Options: string[];
    };
    assert(args.Options.includes(`--passphrase=${passphrase}`), "the generated passphrase is stored");
    assertEquals(saved.Schedule.Repeat, "1W");
    assertEquals(saved.Schedule.AllowedDays, ["mon", "tue", "wed", "thu", "fri"]);
    const [y, m, d] = date.split("-").map(Number);
    assertEquals(Date.parse(saved.Schedule.Time), new Date(y!, m! - 1, d!, 8, 30).getTime());
  } finally {
    await ui.finish();
    Deno.removeSync(t.root, { recursive: true });
  }
});

Deno.test("web editor: edit a backup (duplicate name, unsupported URL, schedule change saved alone); open an import", async () => {
  const t = tree();
  const ui = await startUi({ dataFolder: `${t.root}/data`, prefix: "editor-edit", password: PASSWORD });
  try {
    const { page } = ui;
    const api = await passwordApi(ui.server, PASSWORD);
    const body = (name: string) => ({
      Backup: {
        Name: name,
        TargetURL: `file://${t.dest}`,
        Sources: [`${t.src}/`],
        Settings: [
          { Name: "encryption-module", Value: "aes" },
          { Name: "passphrase", Value: "stored passphrase" },
          { Name: "keep-time", Value: "6M" },
          { Name: "--zip-compression-level", Value: "5" },
          { Name: "compression-module", Value: "zip" },
        ],
        Filters: [{ Order: 0, Include: false, Expression: "*.tmp" }],
      },
      Schedule: { Repeat: "1D", Time: "2030-05-01T10:00:00Z", AllowedDays: [] },
    });
    const created = await api("POST", "/backups", body("Photos"));
    await api("POST", "/backups", body("Taken"));
    const id = (created.body as { ID: string }).ID;
    const before = (await api("GET", `/backup/${id}`)).body as { Backup: unknown; Schedule: Record<string, unknown> };

    await ui.signIn();
    await page.goto(`${ui.server.baseUrl}/#/backup/${id}/edit`);
    await page.getByRole("heading", { name: "Step 1 of 5: General" }).waitFor();
    assert(await page.getByLabel("Encryption").isDisabled(), "encryption cannot change when editing");
    await page.getByText("The stored passphrase is kept").waitFor();
    await ui.shot("general");

    // A taken name: the server's 409 shows at the name field.
    ui.expectHttpError({ status: 409, path: new RegExp(`^/api/v1/backup/${id}$`) });
    await page.getByLabel("Name", { exact: true }).fill("Taken");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator(".field-error").filter({ hasText: "Another backup is already named “Taken”" }).waitFor();
    await ui.shot("duplicate-name");
    await page.getByLabel("Name", { exact: true }).fill("Photos");

    // An unsupported destination URL: a clear failure from Test connection and a validation message.
    await page.getByRole("button", { name: "Destination", exact: true }).click();
    await page.getByLabel("Edit the URL directly").check();
    const url = page.getByLabel("Destination URL");
    assertEquals(await url.inputValue(), `file://${t.dest}`);
    await url.fill("ssh://backup.invalid/backups");
    ui.expectHttpError({ status: 400, path: /^\/api\/v1\/remoteoperation\/test$/ });
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByText("Connection failed.").waitFor();
    await page.getByText(/unsupported scheme "ssh"/).waitFor();
    await page.getByRole("button", { name: "Next →" }).click();
    await page.getByText('This server cannot store backups at "ssh" destinations').first().waitFor();
    await ui.shot("destination-unsupported");
    await url.fill(`file://${t.dest}`);

    // The schedule: new time and days only.
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    const date = nextYear(2, 3);
    await page.getByLabel("Next run: date").fill(date);
    await page.getByLabel("Next run: time").fill("21:15");
    for (const day of ["Monday", "Wednesday", "Friday", "Saturday", "Sunday"]) await page.getByLabel(day).uncheck();
    await ui.shot("schedule");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.getByRole("button", { name: "Options", exact: true }).click();
    await ui.shot("options-dark");
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await ui.shot("schedule-dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(new RegExp(`#/backup/${id}$`));

    const after = (await api("GET", `/backup/${id}`)).body as { Backup: unknown; Schedule: Record<string, unknown> };
    assertEquals(after.Backup, before.Backup, "nothing but the schedule changed");
    const [y, m, d] = date.split("-").map(Number);
    assertEquals(Date.parse(String(after.Schedule.Time)), new Date(y!, m! - 1, d!, 21, 15).getTime());
    assertEquals(after.Schedule.AllowedDays, ["tue", "thu"]);
    assertEquals(after.Schedule.Repeat, "1D");

    // A configuration from the import page opens as a new backup; its past first run moves to the future.
    const draft = {
      Backup: {
        ID: null,
        Name: "From file",
        TargetURL: `file://${t.dest}/imported`,
        Sources: [`${t.src}/`],
        Settings: [{ Filter: "", Name: "passphrase", Value: "imported secret", Argument: null }],
        Filters: [{ Order: 0, Include: false, Expression: "*.iso" }],
      },
      Schedule: { Repeat: "1W", Time: "2020-01-01T10:00:00Z", Rule: "AllowedWeekDays=Tuesday", AllowedDays: null },
    };
    await page.evaluate(
      `sessionStorage.setItem("duplicati-deno:import-draft", ${JSON.stringify(JSON.stringify(draft))})`,
    );
    await page.evaluate('location.hash = "#/add?import=1"');
    await page.getByText("Imported from a configuration file").waitFor();
    assertEquals(await page.getByLabel("Name", { exact: true }).inputValue(), "From file");
    for (const name of ["Destination", "Source data", "Schedule", "Options"]) {
      await page.getByRole("button", { name: "Next →" }).click();
      await page.getByRole("heading", { name: new RegExp(`Step \\d of 5: ${name}`) }).waitFor();
    }
    await page.getByRole("button", { name: "Save backup" }).click();
    await page.waitForURL(/#\/backup\/\d+$/);
    const importedId = new URL(page.url()).hash.split("/")[2]!;
    const imported = (await api("GET", `/backup/${importedId}`)).body as {
      Backup: { Name: string; Filters: unknown[]; IsUnencryptedOrPassphraseStored: boolean };
      Schedule: { Repeat: string; AllowedDays: string[]; Time: string };
    };
    assertEquals(imported.Backup.Name, "From file");
    assertEquals(imported.Backup.Filters, draft.Backup.Filters);
    assertEquals(imported.Backup.IsUnencryptedOrPassphraseStored, true);
    assertEquals([imported.Schedule.Repeat, imported.Schedule.AllowedDays], ["1W", ["tue"]]);
    assert(Date.parse(imported.Schedule.Time) > Date.now(), "the first run is in the future");
    assertEquals(await page.evaluate('sessionStorage.getItem("duplicati-deno:import-draft")'), null);
  } finally {
    await ui.finish();
    Deno.removeSync(t.root, { recursive: true });
  }
});
