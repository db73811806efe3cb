/**
 * Shared pieces of the purge CLI tests: small volumes, backups at least two seconds apart (a purged version moves
 * one second on and must stay older than the next), the destination as a name → bytes map, and the local database.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import type { Workspace } from "../support/cli_workspace.ts";
import { readTree } from "../support/engine.ts";

/** 16 KiB blocks and 100 KiB dblocks: a few files fill several volumes. */
export const OPTS: readonly string[] = ["--blocksize=16kb", "--dblock-size=100kb", "--no-encryption"];

/** Output lines without the trailing empty line. */
export function lines(stdout: string): string[] {
  const out = stdout.split("\n");
  while (out.at(-1) === "") out.pop();
  return out;
}

/** The time in a dlist name. */
export function dlistTime(name: string): Date {
  const m = /-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.dlist/.exec(name)!;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** The dlist name for `time` with the default prefix, unencrypted. */
export function dlistName(time: Date): string {
  const iso = time.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `duplicati-${iso}.dlist.zip`;
}

/** Version times, newest first, from the dlist names at the destination. */
export function versionTimes(ws: Workspace): Date[] {
  return ws.remoteNames("dlist").map(dlistTime).sort((a, b) => b.getTime() - a.getTime());
}

/** Runs a backup (exit 0) at least two seconds after the newest version; returns the source tree it saw. */
export async function spacedBackup(ws: Workspace): Promise<Map<string, string>> {
  const newest = versionTimes(ws)[0];
  if (newest) {
    const wait = newest.getTime() + 2000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const tree = readTree(ws.src);
  await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS]);
  return tree;
}

/** Every finished remote file: name → bytes. */
export function destFiles(ws: Workspace): Map<string, Uint8Array> {
  return new Map(ws.remoteNames().map((name) => [name, Deno.readFileSync(`${ws.dest}/${name}`)]));
}

/** Runs `sql` with `params` on the workspace's local database (path from the data folder's dbconfig.json). */
export function runSql(ws: Workspace, sql: string, ...params: string[]): void {
  const text = Deno.readTextFileSync(`${ws.data}/dbconfig.json`).replace(/^\uFEFF/, "");
  const [entry] = JSON.parse(text) as { Databasepath: string }[];
  const db = new DatabaseSync(entry!.Databasepath);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** Restores one version into a fresh folder under the workspace and returns readTree() of it. */
export async function restoreVersion(ws: Workspace, version: number, name: string): Promise<Map<string, string>> {
  const target = `${ws.restore}/${name}`;
  await ws.expect(0, ["restore", ws.destUrl, `--version=${version}`, `--restore-path=${target}`, ...OPTS]);
  return readTree(target);
}

/** Files only (folders dropped). */
export function filesOf(tree: Map<string, string>): Map<string, string> {
  return new Map([...tree].filter(([path]) => !path.endsWith("/")));
}
