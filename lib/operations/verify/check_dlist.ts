/**
 * Content check of a downloaded dlist: `filelist.json` must parse and, in a full check, list exactly the entries
 * of the version the database records for this dlist, with the same types, hashes, sizes, times, metadata and
 * blocklists (the fields a database rebuild reads).
 * @module
 */
import type { Db } from "../../database/connection.ts";
import { listFilesets } from "../../database/filesets.ts";
import { decodeFilelist, type DlistEntry } from "../../volumes/dlist.ts";
import type { OpenedVolume } from "../../volumes/volume_reader.ts";
import { dlistEntries } from "../common/fileset_writer.ts";
import { entryProblem } from "./entry_problem.ts";
import type { TestError } from "./test_result.ts";

const COMPARED: readonly (keyof DlistEntry)[] = [
  "type",
  "hash",
  "size",
  "time",
  "metahash",
  "metasize",
  "blocklists",
  "metablocklists",
];

/** Problems of a dlist; `full` compares it with the database's version. */
export function checkFilelist(db: Db, volume: OpenedVolume, env: { volumeId: number; full: boolean }): TestError[] {
  if (!volume.zip.has("filelist.json")) return [{ kind: "MissingEntry", detail: "filelist.json" }];
  let entries: DlistEntry[];
  try {
    entries = decodeFilelist(volume.zip.read("filelist.json"), volume.name);
  } catch (error) {
    return [entryProblem("filelist.json", error)];
  }
  if (!env.full) return [];
  const fileset = listFilesets(db).find((f) => f.volumeId === env.volumeId);
  if (!fileset) return [];
  const expected = new Map<string, DlistEntry>();
  for (const entry of dlistEntries(db, fileset.id)) expected.set(entry.path, entry);
  const errors: TestError[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    seen.add(entry.path);
    const wanted = expected.get(entry.path);
    if (!wanted) {
      errors.push({ kind: "ExtraEntry", detail: `"${entry.path}" is not in the version the database records` });
      continue;
    }
    for (const field of COMPARED) {
      const actual = show(entry[field]), recorded = show(wanted[field]);
      if (actual !== recorded) {
        errors.push({
          kind: "ModifiedEntry",
          detail: `"${entry.path}": ${field} is ${actual}, but the database has ${recorded}`,
        });
      }
    }
  }
  for (const path of expected.keys()) {
    if (!seen.has(path)) errors.push({ kind: "MissingEntry", detail: `"${path}" is in the database's version` });
  }
  return errors;
}

function show(value: unknown): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return "absent";
  return JSON.stringify(value);
}
