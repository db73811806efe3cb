/**
 * The backup wizard's "Source data" step in a real browser against a real server whose home folder is a generated
 * tree: the folder tree (Home → a folder ticked, a file inside it unticked, which adds an exact-path exclude rule), a
 * typed path (a folder recognised without its trailing "/", a missing one warned about), a glob, a regular
 * expression and a filter group, the hidden-files and size exclusions, the preview's counts and paths checked
 * against the generated files, the messages for a bad regular expression and an empty rule, and what is saved
 * through the API. Screenshots: tree, filters with the preview, the invalid rule, and the step in dark theme.
 * @module
 */
import { dirname, join } from "node:path";
import { assert, assertEquals } from "../support/assert.ts";
import { type Page, passwordApi, SCREENSHOT_DIR, startUi } from "../support/browser.ts";

/** The generated home folder: path → size in bytes. */
const FILES: Record<string, number> = {
  "photos/cat.jpg": 1000,
  "photos/dog.jpg": 2000,
  "photos/raw/big.raw": 5000,
  "photos/thumbs.db~": 10,
  "projects/.env": 5,
  "projects/app/debug.log": 50,
  "projects/app/main.ts": 100,
  "projects/app/util.ts": 200,
  "projects/cache/x.bin": 30,
  "projects/notes.md": 40,
};
const PASSWORD = "sources step test";

/** Deno's cache folder: the server runs with HOME set to the generated tree, and must keep using this cache. */
function denoDir(): string {
  const output = new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped" }).outputSync();
  return (JSON.parse(new TextDecoder().decode(output.stdout)) as { denoDir: string }).denoDir;
}

async function previewPaths(page: Page, list: "Backed up" | "Left out"): Promise<string[]> {
  return await page.locator(".preview-list").filter({ hasText: list }).locator(".preview-path").allTextContents();
}

async function previewNotes(page: Page): Promise<string[]> {
  return await page.locator(".preview-list").filter({ hasText: "Left out" }).locator(".preview-note").allTextContents();
}

Deno.test("web UI: the sources step picks folders, typed paths and filters, and previews what they match", async () => {
  const home = Deno.realPathSync(Deno.makeTempDirSync({ prefix: "web-sources-home-" }));
  const data = Deno.makeTempDirSync({ prefix: "web-sources-data-" });
  const dest = Deno.makeTempDirSync({ prefix: "web-sources-dest-" });
  for (const [path, size] of Object.entries(FILES)) {
    Deno.mkdirSync(dirname(join(home, path)), { recursive: true });
    Deno.writeFileSync(join(home, path), new Uint8Array(size).fill(7));
  }
  const ui = await startUi({
    dataFolder: data,
    prefix: "editor-sources",
    password: PASSWORD,
    env: { HOME: home, DENO_DIR: denoDir() },
  });
  try {
    const { page } = ui;
    await ui.signIn();
    await page.goto(`${ui.server.baseUrl}/#/add`);
    await page.getByLabel("Name", { exact: true }).fill("Sources test");
    await page.getByLabel("Passphrase", { exact: true }).fill("correct horse battery staple");
    await page.getByLabel("Repeat the passphrase").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Next →" }).click();
    await page.getByLabel("Destination folder").fill(dest);
    await page.getByRole("button", { name: "Next →" }).click();
    await page.getByRole("heading", { name: "Source data" }).waitFor();

    // The tree: Home is the generated folder; tick "projects", open it: what is inside shows as included.
    await page.getByRole("button", { name: "Contents of Home", exact: true }).click();
    await page.getByRole("checkbox", { name: "projects", exact: true }).check();
    await page.getByRole("button", { name: "Contents of projects" }).click();
    await page.getByRole("button", { name: "Contents of app" }).click();
    assert(await page.getByRole("checkbox", { name: "main.ts" }).isChecked(), "inside a ticked folder = ticked");
    const envRow = page.locator(".tree-row").filter({ hasText: ".env" });
    assertEquals(await envRow.locator(".badge").allTextContents(), ["included", "hidden"]);
    // Unticking a file inside the chosen folder adds an exact-path exclude rule, and the folders show "partly".
    await page.getByRole("checkbox", { name: "debug.log" }).uncheck();
    assertEquals(await page.getByLabel("Rule 1: pattern").inputValue(), `${home}/projects/app/debug.log`);
    assertEquals(await page.getByLabel("Rule 1: type").inputValue(), "exact");
    assertEquals(await page.getByRole("checkbox", { name: "app", exact: true }).isChecked(), false);
    assert(await page.locator(".tree-row").filter({ hasText: "app" }).first().getByText("partly").isVisible());
    await ui.shot("tree");

    // The keyboard: Right goes into an open folder, Left closes it and then goes up, Space ticks.
    const focused = async () => await page.locator(".tree-row:has(:focus)").textContent() ?? "";
    await page.getByRole("checkbox", { name: "projects", exact: true }).focus();
    await page.keyboard.press("ArrowRight");
    assert((await focused()).startsWith("▾app"), await focused());
    await page.keyboard.press("ArrowLeft");
    assertEquals(await page.getByRole("button", { name: "Contents of app" }).getAttribute("aria-expanded"), "false");
    await page.keyboard.press("ArrowLeft");
    assert((await focused()).startsWith("▾projects"), await focused());
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowRight");
    await page.getByRole("checkbox", { name: "main.ts" }).waitFor();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    assert((await focused()).startsWith("▸photos"), await focused());
    await page.keyboard.press("Space");
    assert(await page.getByRole("checkbox", { name: "photos", exact: true }).isChecked());
    await page.keyboard.press("Space");

    // A typed folder path without the trailing "/" is recognised as a folder; a missing path is warned about.
    await page.getByLabel("Add path").fill(`${home}/photos`);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const chosen = page.locator(".source-list .source-path");
    await chosen.nth(1).waitFor();
    assertEquals(await chosen.allTextContents(), [`${home}/projects/`, `${home}/photos/`]);
    ui.expectHttpError({ status: 404, path: /^\/api\/v1\/filesystem\/validate$/ });
    await page.getByLabel("Add path").fill(`${home}/nothing-here/`);
    await page.getByLabel("Add path").press("Enter");
    await page.getByRole("alert").filter({ hasText: `"${home}/nothing-here/" does not exist on the server` })
      .waitFor();
    await ui.shot("missing-path");
    await page.getByRole("button", { name: "Don't add it" }).click();
    assertEquals(await chosen.count(), 2);
    // Added anyway, it is marked as not found (by the preview) until it is removed.
    await page.getByLabel("Add path").press("Enter");
    await page.getByRole("button", { name: "Add anyway" }).click();
    await page.getByText(`Not found on the server: ${home}/nothing-here/`).waitFor();
    await page.locator(".source-list li").filter({ hasText: "nothing-here" }).getByText("not found").waitFor();
    await page.getByRole("button", { name: `Remove ${home}/nothing-here/` }).click();
    assertEquals(await chosen.allTextContents(), [`${home}/projects/`, `${home}/photos/`]);

    // Rules: a glob, a regular expression (a folder: not entered), a filter group; hidden files; a size limit.
    await page.getByRole("button", { name: "Add rule" }).click();
    await page.getByLabel("Rule 2: pattern").fill("*.bin");
    await page.getByRole("button", { name: "Add rule" }).click();
    await page.getByLabel("Rule 3: type").selectOption("regex");
    await page.getByLabel("Rule 3: pattern").fill(".*/raw/");
    await page.getByRole("button", { name: "Add rule" }).click();
    await page.getByLabel("Rule 4: type").selectOption("group");
    await page.getByLabel("Rule 4: filter group").selectOption("TemporaryFiles");
    await page.getByText("Matches /tmp/, /var/tmp/").waitFor();
    // Moving a rule keeps its kind and value, and the keyboard stays on it.
    await page.getByRole("button", { name: "Move rule 3 down" }).click();
    assertEquals(await page.getByLabel("Rule 4: pattern").inputValue(), ".*/raw/");
    assertEquals(await page.getByLabel("Rule 3: filter group").inputValue(), "TemporaryFiles");
    assertEquals(await page.locator(":focus").getAttribute("aria-label"), "Move rule 4 up");
    await page.keyboard.press("Enter");
    assertEquals(await page.getByLabel("Rule 3: type").inputValue(), "regex");
    await page.getByLabel("Exclude hidden files and folders").check();
    assertEquals(await envRow.locator(".badge").allTextContents(), ["left out: hidden"]);
    await page.getByLabel("Skip files larger than").fill("1.5");
    await page.getByLabel("Size unit").selectOption("KB");
    await page.getByText("Enter a whole number (Duplicati reads no fractions here)").waitFor();
    await page.getByText("Fix the size limit above to update the preview.").waitFor();
    await page.getByLabel("Skip files larger than").fill("1");

    // The preview, against the generated files: what each rule or option leaves out, and the rest.
    const kept = ["projects/app/main.ts", "projects/app/util.ts", "projects/notes.md", "photos/cat.jpg"];
    const keptSize = kept.reduce((sum, p) => sum + FILES[p]!, 0);
    await page.locator(".preview-summary").filter({ hasText: `${kept.length} files (1.31 KiB)` }).waitFor();
    assertEquals(keptSize, 1340);
    assertEquals(
      (await page.locator(".preview-summary").textContent())?.replace(/\s+/g, " ").trim(),
      "4 files (1.31 KiB) would be backed up; 6 paths left out.",
    );
    assertEquals(await previewPaths(page, "Backed up"), [
      "projects/app/main.ts",
      "projects/app/util.ts",
      "projects/notes.md",
      "photos/cat.jpg",
    ]);
    assertEquals(await previewPaths(page, "Left out"), [
      "projects/.env",
      "projects/app/debug.log",
      "projects/cache/x.bin",
      "photos/dog.jpg",
      "photos/raw/",
      "photos/thumbs.db~",
    ]);
    assertEquals(await previewNotes(page), [
      "hidden file",
      "rule 1: this exact path",
      "rule 2: *.bin",
      "larger than 1.00 KiB",
      "rule 3: [.*/raw/]",
      "rule 4: {TemporaryFiles}",
    ]);
    await ui.shot("filters-preview");
    await page.locator(".sources-section").last().screenshot({ path: `${SCREENSHOT_DIR}/editor-sources-preview.png` });

    // A bad regular expression and an empty rule say exactly what is wrong, and Next stays on the step.
    await page.getByRole("button", { name: "Add rule" }).click();
    await page.getByLabel("Rule 5: type").selectOption("regex");
    await page.getByLabel("Rule 5: pattern").fill("photos/(raw");
    await page.getByText("Rule 5: the regular expression is not valid (Unterminated group).").waitFor();
    await page.getByText("Fix the filter rules marked above to update the preview.").waitFor();
    await page.getByRole("button", { name: "Add rule" }).click();
    await page.getByRole("button", { name: "Next →" }).click();
    await page.getByText("Rule 6 has no pattern: enter one or remove the rule.").waitFor();
    await page.getByText("2 fields need attention").waitFor();
    await ui.shot("invalid-rules");
    await page.getByRole("button", { name: "Remove rule 6" }).click();
    await page.getByRole("button", { name: "Remove rule 5" }).click();
    await page.locator('.preview[aria-busy="false"] .preview-summary').filter({ hasText: "4 files (1.31 KiB)" })
      .waitFor();

    await page.emulateMedia({ colorScheme: "dark" });
    await ui.shot("dark");
    await page.emulateMedia({ colorScheme: "light" });

    // Go on to the end and save: the sources, rules and exclusions are what the server stores.
    await page.getByRole("button", { name: "Next →" }).click();
    await page.getByRole("heading", { name: "Schedule" }).waitFor();
    await page.getByRole("button", { name: "Next →" }).click();
    await page.getByRole("button", { name: "Save backup" }).click();
    await page.waitForURL(/#\/backup\/\d+/);
    const id = /#\/backup\/(\d+)/.exec(page.url())![1];
    const call = await passwordApi(ui.server, PASSWORD);
    const saved = (await call("GET", `/backup/${id}`)).body as {
      Backup: {
        Sources: string[];
        Filters: { Order: number; Include: boolean; Expression: string }[];
        Settings: { Name: string; Value: string }[];
      };
    };
    assertEquals(saved.Backup.Sources, [`${home}/projects/`, `${home}/photos/`]);
    assertEquals(saved.Backup.Filters.map((f) => [f.Order, f.Include, f.Expression]), [
      [0, false, `${home}/projects/app/debug.log`],
      [1, false, "*.bin"],
      [2, false, "[.*/raw/]"],
      [3, false, "{TemporaryFiles}"],
    ]);
    const setting = (name: string) => saved.Backup.Settings.find((s) => s.Name === name)?.Value;
    assertEquals(setting("--exclude-files-attributes")?.toLowerCase(), "hidden");
    assertEquals(setting("--skip-files-larger-than"), "1KB");
  } finally {
    await ui.finish();
    for (const dir of [home, data, dest]) Deno.removeSync(dir, { recursive: true });
  }
});
