/**
 * A temporary workspace for CLI integration tests: source, destination, data folder, restore target and temp
 * folder under one directory that is removed afterwards, plus helpers to inspect trees and the destination.
 * @module
 */
import { describeRun, type MainProcess, runMain, type RunResult, spawnMain } from "./run_main.ts";
import { createHash } from "node:crypto";
import { assertEquals } from "./assert.ts";
import { readTree } from "./engine.ts";

/** The folders of one test. */
export class Workspace {
  readonly root: string;
  readonly src: string;
  readonly dest: string;
  readonly destUrl: string;
  readonly data: string;
  readonly restore: string;
  readonly tmp: string;

  constructor(root: string) {
    this.root = root;
    this.src = `${root}/src`;
    this.dest = `${root}/dest`;
    this.destUrl = `file://${root}/dest`;
    this.data = `${root}/data`;
    this.restore = `${root}/restore`;
    this.tmp = `${root}/tmp`;
    Deno.mkdirSync(this.src);
    Deno.mkdirSync(this.tmp);
  }

  /** Runs `main.ts cli <args>` with this workspace's data folder (or `dataFolder`) and temp folder. */
  run(
    args: readonly string[],
    options: { dataFolder?: string; env?: Record<string, string> } = {},
  ): Promise<RunResult> {
    return runMain(args, {
      dataFolder: options.dataFolder ?? this.data,
      tempDir: this.tmp,
      ...(options.env ? { env: options.env } : {}),
    });
  }

  /** Runs and checks the exit code, returning the result. */
  async expect(code: number, args: readonly string[], options: { dataFolder?: string } = {}): Promise<RunResult> {
    const result = await this.run(args, options);
    assertEquals(result.code, code, `"${args.join(" ")}" gave ${describeRun(result)}`);
    return result;
  }

  /** Starts a run without waiting. */
  spawn(args: readonly string[]): MainProcess {
    return spawnMain(args, { dataFolder: this.data, tempDir: this.tmp });
  }

  /** Names of the finished remote files (no partial uploads), sorted. */
  remoteNames(kind?: "dblock" | "dindex" | "dlist"): string[] {
    let names: string[];
    try {
      names = [...Deno.readDirSync(this.dest)].filter((e) => e.isFile).map((e) => e.name);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return [];
      throw error;
    }
    names = names.filter((n) => !/\.partial-[a-z0-9]+$/.test(n));
    if (kind) names = names.filter((n) => n.includes(`.${kind}.`));
    return names.sort();
  }

  /** Every file in a folder (name → bytes as hex digest), for before/after comparisons. */
  snapshotFolder(folder: string): Map<string, string> {
    const out = new Map<string, string>();
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(folder)];
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return out;
      throw error;
    }
    for (const entry of entries.sort((a, b) => a.name < b.name ? -1 : 1)) {
      const path = `${folder}/${entry.name}`;
      out.set(entry.name, entry.isFile ? digest(Deno.readFileSync(path)) : entry.isDirectory ? "<dir>" : "<other>");
    }
    return out;
  }
}

/** Runs `fn` with a fresh workspace and removes it afterwards (also on failure). */
export async function withWorkspace(fn: (ws: Workspace) => Promise<void>): Promise<void> {
  const root = Deno.makeTempDirSync({ prefix: "cli-test-" });
  try {
    await fn(new Workspace(root));
  } finally {
    makeWritable(root);
    Deno.removeSync(root, { recursive: true });
  }
}

function makeWritable(path: string): void {
  try {
    const info = Deno.lstatSync(path);
    if (!info.isDirectory) return;
    Deno.chmodSync(path, 0o755);
    for (const entry of Deno.readDirSync(path)) makeWritable(`${path}/${entry.name}`);
  } catch {
    // best effort
  }
}

/** A content digest: length and SHA-256 hex (native, so large trees are cheap to compare). */
export function digest(bytes: Uint8Array): string {
  return `${bytes.length}:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** readTree() with every file as a {@link digest}: for trees of many megabytes. */
export function treeDigests(root: string): Map<string, string> {
  return readTree(root, digest);
}

/** Metadata of one entry of a tree: kind, permission bits and mtime in ms (lstat). */
export interface EntryFacts {
  readonly kind: "file" | "folder" | "symlink";
  readonly mode: number;
  readonly mtimeMs: number;
}

/** Relative path (folders end with "/") → facts, for every entry under root. */
export function treeFacts(root: string): Map<string, EntryFacts> {
  const out = new Map<string, EntryFacts>();
  const walk = (dir: string, rel: string) => {
    for (const entry of [...Deno.readDirSync(dir)].sort((a, b) => a.name < b.name ? -1 : 1)) {
      const path = `${dir}/${entry.name}`;
      const key = rel ? `${rel}/${entry.name}` : entry.name;
      const info = Deno.lstatSync(path);
      const kind = info.isSymlink ? "symlink" : info.isDirectory ? "folder" : "file";
      out.set(kind === "folder" ? key + "/" : key, {
        kind,
        mode: (info.mode ?? 0) & 0o7777,
        mtimeMs: info.mtime?.getTime() ?? -1,
      });
      if (kind === "folder") walk(path, key);
    }
  };
  walk(root, "");
  return out;
}

/** Lines of `text` that match `pattern`. */
export function linesMatching(text: string, pattern: RegExp): string[] {
  return text.split("\n").filter((line) => pattern.test(line));
}

/** The value of a `Name: value` line of `--full-result` output. */
export function fullResultField(stdout: string, name: string): string | undefined {
  const line = stdout.split("\n").find((l) => l.startsWith(`${name}: `) || l === `${name}:`);
  return line === undefined ? undefined : line.slice(name.length + 1).trim();
}

/** The numbered lines (`N\t: ...`) of `list` / `list-filesets` output. */
export function versionLines(stdout: string): string[] {
  return linesMatching(stdout, /^\d+\t: /);
}
