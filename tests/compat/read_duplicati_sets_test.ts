/**
 * Golden compatibility tests: our CLI reads backup sets written by an independent generator that mimics Duplicati 2.x
 * with `--blocksize=100kb` and its other defaults (tests/fixtures/duplicati_sets/make_fixture.py). Each set is copied
 * to a temporary folder and read without a local database, as a user restoring on a new machine would.
 * @module
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";

interface ExpectedEntry {
  readonly path: string;
  readonly rel: string;
  readonly type: "File" | "Folder" | "Symlink";
  readonly mtime: number;
  readonly mode: number;
  readonly size?: number;
  readonly sha256?: string;
  readonly target?: string;
}

interface ExpectedVersion {
  readonly version: number;
  readonly time: string;
  readonly file_count: number;
  readonly file_bytes: number;
  readonly entries: readonly ExpectedEntry[];
}

interface Expected {
  readonly passphrase: string;
  readonly blocksize: number;
  readonly source_root: string;
  readonly sets: Record<string, { readonly encrypted: boolean; readonly files: readonly string[] }>;
  readonly versions: readonly ExpectedVersion[];
}

const FIXTURES = new URL("../fixtures/duplicati_sets/", import.meta.url);
const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const EXPECTED: Expected = JSON.parse(Deno.readTextFileSync(new URL("expected.json", FIXTURES)));

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Copies one fixture set to a fresh folder and returns that folder (the caller removes `work`). */
function copySet(setName: string, work: string): string {
  const target = join(work, setName);
  Deno.mkdirSync(target);
  for (const name of EXPECTED.sets[setName]!.files) {
    Deno.copyFileSync(new URL(`${setName}/${name}`, FIXTURES), join(target, name));
  }
  return target;
}

/** Runs `main.ts cli ...` in a subprocess with an empty data folder (so no local database) and UTC time. */
async function runCli(args: readonly string[], work: string): Promise<CliResult> {
  const dataFolder = join(work, "data");
  Deno.mkdirSync(dataFolder, { recursive: true });
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "cli", ...args],
    env: { DUPLICATI_DATA_FOLDER: dataFolder, TZ: "UTC" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: output.code, stdout: decoder.decode(output.stdout), stderr: decoder.decode(output.stderr) };
}

function accessArgs(setName: string): string[] {
  return EXPECTED.sets[setName]!.encrypted ? [`--passphrase=${EXPECTED.passphrase}`] : ["--no-encryption"];
}

function sha256Hex(path: string): string {
  return createHash("sha256").update(Deno.readFileSync(path)).digest("hex");
}

/** Every path under `root`, relative, folders with a trailing `/` (the root itself is ""). */
function listTree(root: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(join(root, prefix))) {
    const rel = prefix + entry.name;
    if (entry.isDirectory) out.push(rel + "/", ...listTree(root, rel + "/"));
    else out.push(rel);
  }
  return out;
}

function seconds(date: Date | null): number {
  assert(date !== null, "The restored entry has no modification time");
  return Math.floor(date.getTime() / 1000);
}

/** Asserts that `out` holds exactly the entries of one expected version, with content, times, modes and targets. */
function assertRestoredTree(out: string, version: ExpectedVersion): void {
  const expectedPaths = version.entries.map((e) => e.rel).filter((rel) => rel !== "").sort();
  assertEquals(listTree(out).sort(), expectedPaths);
  for (const entry of version.entries) {
    const path = entry.rel === "" ? out : join(out, entry.rel);
    const info = Deno.lstatSync(path);
    const label = `${entry.type} "${entry.rel}"`;
    if (entry.type === "Symlink") {
      assert(info.isSymlink, `${label} is not a symlink`);
      assertEquals(Deno.readLinkSync(path), entry.target, `${label} target`);
    } else if (entry.type === "Folder") {
      assert(info.isDirectory, `${label} is not a folder`);
    } else {
      assert(info.isFile, `${label} is not a file`);
      assertEquals(info.size, entry.size, `${label} size`);
      assertEquals(sha256Hex(path), entry.sha256, `${label} sha256`);
    }
    if (entry.type !== "Symlink") assertEquals((info.mode ?? 0) & 0o777, entry.mode, `${label} mode`);
    assertEquals(seconds(info.mtime), entry.mtime, `${label} mtime`);
  }
}

async function withWork(body: (work: string) => Promise<void>): Promise<void> {
  const work = Deno.makeTempDirSync({ prefix: "duplicati_sets_" });
  try {
    await body(work);
  } finally {
    Deno.removeSync(work, { recursive: true });
  }
}

/** Duplicati's size text: bytes below 1 KiB, else two decimals of the largest binary unit. */
function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(2)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** "2024-05-07T14:15:16Z" as en-US month/day/year and 12-hour time, in UTC (the tests run with TZ=UTC). */
function displayParts(iso: string): [string, string] {
  const d = new Date(iso);
  const hour = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${hour}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? "AM" : "PM"}`;
  return [`${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`, time];
}

const NEWEST = EXPECTED.versions[0]!;
const OLDER = EXPECTED.versions[1]!;

Deno.test("the fixture describes a 100 KiB two-version backup with a changed and a deleted file", () => {
  assertEquals(EXPECTED.blocksize, 102400);
  assertEquals(EXPECTED.versions.map((v) => v.version), [0, 1]);
  const files = (v: ExpectedVersion) => v.entries.filter((e) => e.type === "File").map((e) => e.rel);
  assertEquals(files(OLDER).filter((rel) => !files(NEWEST).includes(rel)), ["delete_me.txt"]);
  const readme = (v: ExpectedVersion) => v.entries.find((e) => e.rel === "docs/readme.txt")!.sha256;
  assert(readme(OLDER) !== readme(NEWEST), "docs/readme.txt should change between the versions");
  for (const set of Object.values(EXPECTED.sets)) {
    assert(set.files.filter((n) => n.includes(".dblock.")).length >= 3, "the first version should span 2+ dblocks");
  }
});

for (const setName of ["plain", "aes"]) {
  Deno.test(`restore reads the Duplicati-style ${setName} set: newest version, exact content and metadata`, async () => {
    await withWork(async (work) => {
      const remote = copySet(setName, work);
      const out = join(work, "out");
      const r = await runCli(["restore", `file://${remote}`, `--restore-path=${out}`, ...accessArgs(setName)], work);
      assertEquals(r.code, 0, `restore failed:\n${r.stdout}\n${r.stderr}`);
      assertMatch(r.stdout, new RegExp(`Restored ${NEWEST.file_count} \\(${sizeText(NEWEST.file_bytes)}\\) files`));
      assertRestoredTree(out, NEWEST);
    });
  });

  Deno.test(`restore --version=1 reads the older version of the ${setName} set, including the deleted file`, async () => {
    await withWork(async (work) => {
      const remote = copySet(setName, work);
      const out = join(work, "out");
      const args = ["restore", `file://${remote}`, `--restore-path=${out}`, "--version=1", ...accessArgs(setName)];
      const r = await runCli(args, work);
      assertEquals(r.code, 0, `restore failed:\n${r.stdout}\n${r.stderr}`);
      assertRestoredTree(out, OLDER);
    });
  });

  Deno.test(`list-filesets shows both versions of the ${setName} set with times, counts and sizes`, async () => {
    await withWork(async (work) => {
      const remote = copySet(setName, work);
      const r = await runCli(["list-filesets", `file://${remote}`, ...accessArgs(setName)], work);
      assertEquals(r.code, 0, `list-filesets failed:\n${r.stdout}\n${r.stderr}`);
      const lines = r.stdout.trimEnd().split("\n");
      assertEquals(lines[0], "Listing filesets:");
      assertEquals(lines.length, 1 + EXPECTED.versions.length);
      for (const v of EXPECTED.versions) {
        const line = lines[1 + v.version]!;
        const [date, time] = displayParts(v.time);
        assert(line.startsWith(`${v.version}\t: `), `unexpected line ${JSON.stringify(line)}`);
        assert(line.includes(date) && line.includes(time), `${JSON.stringify(line)} should show ${date} ${time}`);
        assert(
          line.endsWith(`(${v.file_count} files, ${sizeText(v.file_bytes)})`),
          `unexpected line ${JSON.stringify(line)}`,
        );
      }
    });
  });

  Deno.test(`list '*' --version=1 lists every entry of the older ${setName} version with its size`, async () => {
    await withWork(async (work) => {
      const remote = copySet(setName, work);
      const r = await runCli(["list", `file://${remote}`, "*", "--version=1", ...accessArgs(setName)], work);
      assertEquals(r.code, 0, `list failed:\n${r.stdout}\n${r.stderr}`);
      const lines = r.stdout.trimEnd().split("\n");
      assertMatch(lines[0]!, /^Listing contents \d+ \(/);
      assert(
        lines[0]!.includes(displayParts(OLDER.time)[1]),
        `header ${JSON.stringify(lines[0])} should show the older time`,
      );
      const expected = OLDER.entries.map((e) => e.type === "File" ? `${e.path} (${sizeText(e.size!)})` : e.path);
      assertEquals(lines.slice(1).map((l) => l.trimEnd()).sort(), expected.sort());
    });
  });

  Deno.test(`list '*' --version=1 names version 1 in its header for the ${setName} set`, async () => {
    await withWork(async (work) => {
      const remote = copySet(setName, work);
      const r = await runCli(["list", `file://${remote}`, "*", "--version=1", ...accessArgs(setName)], work);
      assertEquals(r.code, 0, `list failed:\n${r.stdout}\n${r.stderr}`);
      assertMatch(r.stdout.split("\n")[0]!, /^Listing contents 1 \(/);
    });
  });

  Deno.test(`list --version=0,1 shows both sizes of the changed file in the ${setName} set`, async () => {
    await withWork(async (work) => {
      const remote = copySet(setName, work);
      const args = ["list", `file://${remote}`, "*/readme.txt", "--version=0,1", ...accessArgs(setName)];
      const r = await runCli(args, work);
      assertEquals(r.code, 0, `list failed:\n${r.stdout}\n${r.stderr}`);
      const size = (v: ExpectedVersion) => sizeText(v.entries.find((e) => e.rel === "docs/readme.txt")!.size!);
      const lines = r.stdout.trimEnd().split("\n").map((l) => l.trimEnd());
      assertEquals(lines[0], "Listing files and versions:");
      assertEquals(lines[1], `${EXPECTED.source_root}docs/readme.txt`);
      assert(
        lines[2]!.startsWith("0\t: ") && lines[2]!.endsWith(size(NEWEST)),
        `unexpected ${JSON.stringify(lines[2])}`,
      );
      assert(
        lines[3]!.startsWith("1\t: ") && lines[3]!.endsWith(size(OLDER)),
        `unexpected ${JSON.stringify(lines[3])}`,
      );
    });
  });
}

Deno.test("restore of the aes set with a wrong passphrase fails and restores nothing", async () => {
  await withWork(async (work) => {
    const remote = copySet("aes", work);
    const out = join(work, "out");
    const r = await runCli(["restore", `file://${remote}`, `--restore-path=${out}`, "--passphrase=not-the-pass"], work);
    assert(r.code !== 0, `restore with a wrong passphrase should fail:\n${r.stdout}`);
    let restored: string[] = [];
    try {
      restored = listTree(out);
    } catch {
      // the restore folder was never created
    }
    assertEquals(restored, []);
  });
});
