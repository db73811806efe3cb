/**
 * The restore wizard in a real browser against a real server: a backup of a generated folder (nested folders,
 * binary files) made through the API, then, through the page, one file and one folder restored to another folder
 * and compared byte for byte; a search across versions that finds a file changed between two versions, shows
 * both, and restores the older one; a direct restore from the destination folder and passphrase (after a wrong
 * passphrase is refused with a clear message) restoring a file byte-identically; a wrong passphrase typed for a
 * configured backup whose passphrase is not stored is refused before the restore runs. Screenshots of every step,
 * the direct restore in the dark theme.
 * @module
 */
import { Filter } from "../../lib/filters/filter.ts";
import { pathMatcher } from "../../lib/cli/path_patterns.ts";
import {
  checkState,
  nameSearchFilter,
  restorePattern,
  selectionWords,
  toggle,
} from "../../web/src/pages/restore/selection.ts";
import { assert, assertEquals } from "../support/assert.ts";
import { type Page, passwordApi, startUi } from "../support/browser.ts";

const PASSWORD = "restore test password";
type Call = Awaited<ReturnType<typeof passwordApi>>;

/** Deterministic bytes that are not text. */
function bytes(n: number, seed: number): Uint8Array {
  let x = seed * 2654435761 >>> 0;
  return Uint8Array.from({ length: n }, () => (x = (x * 1103515245 + 12345) >>> 0) >>> 24);
}

/** src/top.bin, src/docs/a.bin, src/docs/deep/{b,c}.bin, src/photos/p1.bin. */
function makeSource(root: string): string {
  const src = `${root}/src`;
  Deno.mkdirSync(`${src}/docs/deep`, { recursive: true });
  Deno.mkdirSync(`${src}/photos`, { recursive: true });
  Deno.writeFileSync(`${src}/top.bin`, bytes(7_000, 1));
  Deno.writeFileSync(`${src}/docs/a.bin`, bytes(1_500, 2));
  Deno.writeFileSync(`${src}/docs/deep/b.bin`, bytes(90_000, 3));
  Deno.writeFileSync(`${src}/docs/deep/c.bin`, bytes(33, 4));
  Deno.writeFileSync(`${src}/photos/p1.bin`, bytes(20_000, 5));
  return src;
}

async function waitTask(call: Call, id: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const task = (await call("GET", `/task/${id}`)).body as { Status: string; ErrorMessage: string | null };
    if (task.Status === "Completed") return;
    if (task.Status === "Failed") throw new Error(`task ${id} failed: ${task.ErrorMessage}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`task ${id} did not end`);
}

/** Creates the backup "Docs" of `src` to `dest` (passphrase stored) and runs it once. */
async function backUp(call: Call, src: string, dest: string): Promise<string> {
  const created = await call("POST", "/backups", {
    Backup: {
      Name: "Docs",
      TargetURL: `file://${dest}`,
      Sources: [`${src}/`],
      Settings: [{ Name: "passphrase", Value: "secret words" }],
    },
  });
  assertEquals(created.status, 200, JSON.stringify(created.body));
  const id = (created.body as { ID: string }).ID;
  await run(call, id);
  return id;
}

async function run(call: Call, id: string): Promise<void> {
  const started = await call("POST", `/backup/${id}/run`);
  await waitTask(call, (started.body as { ID: number }).ID);
}

/** Every file below `folder`, as relative path → bytes. */
function filesBelow(folder: string, prefix = ""): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const entry of Deno.readDirSync(folder)) {
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory) { for (const [k, v] of filesBelow(`${folder}/${entry.name}`, `${rel}/`)) out.set(k, v); }
    else out.set(rel, Deno.readFileSync(`${folder}/${entry.name}`));
  }
  return out;
}

/** How {@link restoreTo} goes through the options step. */
interface RestoreSteps {
  /** Screenshot names get this prefix; no screenshots without it. */
  readonly shot?: (name: string) => Promise<void>;
  /** Choose the folder with the Browse… dialog (clicking these folder names from the top) before typing it. */
  readonly browse?: readonly string[];
  /** Runs after "Restore now" was clicked, before waiting for the result. */
  readonly whileQueued?: () => Promise<void>;
}

/** Fills the options step with "another folder" and starts; waits for the result heading. */
async function restoreTo(page: Page, folder: string, steps: RestoreSteps = {}): Promise<void> {
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { name: "Restore options" }).waitFor();
  await page.getByLabel("Another folder").check();
  const field = page.getByLabel("Folder to restore into");
  if (steps.browse) {
    await page.getByRole("button", { name: "Browse…" }).click();
    const dialog = page.getByRole("dialog", { name: "Choose the folder to restore into" });
    await dialog.getByRole("button", { name: steps.browse[0]!, exact: true }).waitFor();
    await steps.shot?.("browse");
    const last = steps.browse.length - 1;
    for (const name of steps.browse.slice(0, last)) await dialog.getByRole("button", { name, exact: true }).click();
    // The last folder's listing is held back: until it arrives, the dialog still shows its parent, and
    // "Use this folder" must not be clickable (it would choose the parent).
    let release = () => {};
    const held = new Promise<void>((resolve) => release = resolve);
    await page.route((url) => url.pathname === "/api/v1/filesystem", async (route) => {
      await held;
      await route.continue();
    }, { times: 1 });
    await dialog.getByRole("button", { name: steps.browse[last]!, exact: true }).click();
    await dialog.getByText("Loading folders…").waitFor();
    assert(await dialog.getByRole("button", { name: "Use this folder" }).isDisabled(), "disabled while loading");
    release();
    await dialog.getByText(`/${steps.browse.join("/")}/`, { exact: true }).waitFor();
    await dialog.getByRole("button", { name: "Use this folder" }).click();
    assertEquals(await field.inputValue(), `/${steps.browse.join("/")}/`, "the chosen folder fills the field");
  }
  await field.fill(folder);
  await steps.shot?.("options");
  await page.getByRole("button", { name: "Restore now" }).click();
  await steps.whileQueued?.();
  await page.getByRole("heading", { name: "The restore finished" }).waitFor({ timeout: 30_000 });
}

Deno.test("restore wizard: one file and one folder to another folder; search across versions", async () => {
  const root = Deno.makeTempDirSync({ prefix: "web-restore-" });
  const ui = await startUi({ dataFolder: `${root}/data`, prefix: "restore", password: PASSWORD });
  try {
    const { page } = ui;
    const call = await passwordApi(ui.server, PASSWORD);
    const src = makeSource(root);
    const id = await backUp(call, src, `${root}/dest`);
    const oldA = Deno.readFileSync(`${src}/docs/a.bin`);
    Deno.writeFileSync(`${src}/docs/a.bin`, bytes(4_321, 9));
    await run(call, id);

    await ui.signIn();
    await page.goto(`${ui.server.baseUrl}/#/restore`);
    await page.getByRole("cell", { name: "2", exact: true }).waitFor();
    await ui.shot("choose");
    await page.getByRole("link", { name: "Restore files from Docs" }).click();

    // Files: the newest version is chosen; expand the tree and pick one file and one folder.
    await page.getByRole("heading", { name: "Choose what to restore" }).waitFor();
    const version = page.getByLabel("Version", { exact: true });
    assertEquals(await version.inputValue(), "0");
    assertEquals(await version.locator("option").count(), 2);
    await page.getByRole("button", { name: `Expand ${src}/` }).click();
    await page.getByRole("checkbox", { name: "top.bin" }).check();
    await page.getByRole("button", { name: "Expand docs" }).click();
    await page.getByRole("checkbox", { name: "deep" }).check();
    await page.getByRole("button", { name: "Expand deep" }).click();
    await page.getByRole("checkbox", { name: "c.bin" }).waitFor();
    assert(await page.getByRole("checkbox", { name: "c.bin" }).isChecked(), "a checked folder checks its contents");
    const docs = page.getByRole("checkbox", { name: "docs" });
    assert(
      await docs.evaluate((el) => (el as unknown as { indeterminate: boolean }).indeterminate),
      "docs is partly selected",
    );
    await page.getByText("1 file and 1 folder selected").waitFor();
    await ui.shot("files");

    const target = `${root}/restored`;
    await restoreTo(page, target, { shot: (name) => ui.shot(name) });
    await ui.shot("result");
    const restored = filesBelow(target);
    assertEquals([...restored.keys()].sort(), ["docs/deep/b.bin", "docs/deep/c.bin", "top.bin"]);
    for (const [rel, content] of restored) assertEquals(content, Deno.readFileSync(`${src}/${rel}`), rel);

    // Search across versions: a.bin changed between the two versions; take the older one.
    await page.getByRole("button", { name: "Restore more" }).click();
    await page.getByRole("button", { name: "Search all versions" }).click();
    await page.getByLabel("Find files and folders by name").fill("A.BIN");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const row = page.getByRole("row").filter({ hasText: "a.bin" });
    await row.getByText("Version 1").first().waitFor();
    const versions = await row.locator(".version-list li").allTextContents();
    assertEquals(versions.length, 2, versions.join(" | "));
    assert(versions[0]!.startsWith("Version 0") && versions[0]!.endsWith("4.22 KiB"), versions[0]);
    assert(versions[1]!.startsWith("Version 1") && versions[1]!.endsWith("1.46 KiB"), versions[1]);
    await ui.shot("search");
    await row.getByLabel("Version of a.bin to restore").selectOption("1");
    await row.getByRole("button", { name: "Select a.bin" }).click();
    await page.getByText("1 file selected").waitFor();
    assertEquals(await version.inputValue(), "1", "picking a match's version switches the wizard to it");
    assertEquals((await call("POST", "/serverstate/pause")).status, 200);
    // With the server paused the restore waits in the queue, and the page says so.
    await restoreTo(page, `${root}/older`, {
      whileQueued: async () => {
        await page.getByText("The server is paused").waitFor();
        await ui.shot("queued-paused");
        await call("POST", "/serverstate/resume");
      },
    });
    assertEquals(Deno.readFileSync(`${root}/older/a.bin`), oldA);
  } finally {
    await ui.finish();
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("restore wizard: direct restore from a destination folder and passphrase; wrong passphrases", async () => {
  const root = Deno.makeTempDirSync({ prefix: "web-restore-direct-" });
  const ui = await startUi({ dataFolder: `${root}/data`, prefix: "restore-direct", password: PASSWORD });
  try {
    const { page } = ui;
    const call = await passwordApi(ui.server, PASSWORD);
    const src = makeSource(root);
    await backUp(call, src, `${root}/dest`);
    await page.emulateMedia({ colorScheme: "dark" });
    await ui.signIn();
    await page.goto(`${ui.server.baseUrl}/#/restore`);

    const folder = page.getByLabel("Backup folder");
    await folder.fill(`${root}/dest`);
    await page.getByText(`Storage URL: file://${root}/dest`).waitFor();
    await page.getByLabel("Passphrase").fill("not the words");
    ui.expectHttpError({ status: 400, path: /^\/api\/v1\/directrestore\/connect$/ });
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("alert").filter({ hasText: "Wrong passphrase" }).waitFor();
    await ui.shot("wrong-passphrase");

    await folder.fill(`${root}/nothing-here`);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("alert").filter({ hasText: "does not exist" }).waitFor();
    await ui.shot("missing-folder");

    await folder.fill(`${root}/dest`);
    await page.getByLabel("Passphrase").fill("secret words");
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByRole("heading", { name: "Choose what to restore" }).waitFor({ timeout: 30_000 });
    assert(new URL(page.url()).hash.startsWith("#/restore/-"), page.url());
    const temporaryId = decodeURIComponent(new URL(page.url()).hash.replace("#/restore/", ""));
    await page.getByRole("button", { name: `Expand ${src}/` }).click();
    await page.getByRole("button", { name: "Expand photos" }).click();
    await page.getByRole("checkbox", { name: "p1.bin" }).check();
    await ui.shot("direct-files");
    await restoreTo(page, `${root}/direct`, {
      shot: (name) => ui.shot(`direct-${name}`),
      browse: root.split("/").filter((p) => p !== ""),
    });
    await ui.shot("direct-result");
    assertEquals(Deno.readFileSync(`${root}/direct/p1.bin`), Deno.readFileSync(`${src}/photos/p1.bin`));

    await page.getByRole("button", { name: "Done" }).click();
    await page.getByRole("heading", { name: "Backups" }).waitFor();
    for (let i = 0; i < 50 && (await call("GET", `/backup/${temporaryId}`)).status !== 404; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assertEquals((await call("GET", `/backup/${temporaryId}`)).status, 404, "Done lets go of the destination");
    const listed = (await call("GET", "/backups")).body as unknown[];
    assertEquals(listed.length, 1, "the temporary backup was never listed");

    // A configured backup whose passphrase the server does not store (it came from a global default that is gone):
    // the options step asks for it and refuses a wrong one before anything runs.
    assertEquals((await call("PATCH", "/serversettings", { "--passphrase": "global words" })).status, 200);
    const created = await call("POST", "/backups", {
      Backup: { Name: "Unstored", TargetURL: `file://${root}/dest2`, Sources: [`${src}/`], Settings: [] },
    });
    assertEquals(created.status, 200, JSON.stringify(created.body));
    await run(call, (created.body as { ID: string }).ID);
    assertEquals((await call("PATCH", "/serversettings", { "--passphrase": null })).status, 200);
    await page.goto(`${ui.server.baseUrl}/#/restore`);
    await page.getByRole("link", { name: "Restore files from Unstored" }).click();
    await page.getByRole("button", { name: `Expand ${src}/` }).click();
    await page.getByRole("checkbox", { name: "top.bin" }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByLabel("Another folder").check();
    await page.getByLabel("Folder to restore into").fill(`${root}/unstored`);
    await page.getByLabel("Passphrase").fill("global word");
    ui.expectHttpError({ status: 400, path: /^\/api\/v1\/backup\/\d+\/check-passphrase$/ });
    await page.getByRole("button", { name: "Restore now" }).click();
    await page.getByRole("alert").filter({ hasText: "Wrong passphrase" }).waitFor();
    await ui.shot("configured-wrong-passphrase");
    await page.getByLabel("Passphrase").fill("global words");
    await page.getByRole("button", { name: "Restore now" }).click();
    await page.getByRole("heading", { name: "The restore finished" }).waitFor({ timeout: 30_000 });
    assertEquals(Deno.readFileSync(`${root}/unstored/top.bin`), Deno.readFileSync(`${src}/top.bin`));
  } finally {
    await ui.finish();
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("restore selection: tri-state, splitting a selected folder, counts, patterns and the name search", () => {
  const tree: Record<string, string[]> = {
    "/s/": ["/s/a/", "/s/x.txt"],
    "/s/a/": ["/s/a/b.txt", "/s/a/c.txt"],
  };
  const childrenOf = (folder: string) => tree[folder];
  let selection = toggle("/s/", new Set(), childrenOf);
  assertEquals([...selection], ["/s/"]);
  assertEquals(checkState("/s/a/b.txt", selection, childrenOf), "checked");
  selection = toggle("/s/a/b.txt", selection, childrenOf);
  assertEquals([...selection].sort(), ["/s/a/c.txt", "/s/x.txt"]);
  assertEquals(checkState("/s/", selection, childrenOf), "partial");
  assertEquals(checkState("/s/a/", selection, childrenOf), "partial");
  assertEquals(selectionWords(selection), "2 files selected");
  selection = toggle("/s/a/b.txt", selection, childrenOf);
  assertEquals(checkState("/s/", selection, childrenOf), "checked", "every child checked checks the folder");
  selection = toggle("/s/", selection, childrenOf);
  assertEquals(selection.size, 0);
  assertEquals(selectionWords(toggle("/s/a/", new Set(["/s/x.txt"]), childrenOf)), "1 file and 1 folder selected");
  // An unloaded level cannot be split: the selection stays.
  assertEquals([...toggle("/t/u/v.txt", new Set(["/t/"]), () => undefined)], ["/t/"]);

  const restoreMatch = (path: string, selected: string) =>
    pathMatcher([restorePattern(selected)], Filter.none(), { forRestore: true })(path);
  assert(restoreMatch("/s/a/b.txt", "/s/a/"));
  assert(!restoreMatch("/s/ab.txt", "/s/a/"));
  assert(restoreMatch("/s/a*b.txt", "/s/a*b.txt"));
  assert(!restoreMatch("/s/aXb.txt", "/s/a*b.txt"), "wildcards in a name are taken literally");
  assert(restoreMatch("/s/[x]/y", "/s/[x]/"));
  assert(!restoreMatch("/s/x/y", "/s/[x]/"));

  const found = Filter.from([{ include: true, expression: nameSearchFilter("Rep.") }]);
  assert(found.matches("/home/me/Annual REP.pdf"));
  assert(found.matches("/home/me/rep.d/"));
  assert(!found.matches("/home/rep.d/me.txt"), "only the last part of the path is searched");
  assert(!found.matches("/home/me/repx"), "a dot in the text is a dot");
});
