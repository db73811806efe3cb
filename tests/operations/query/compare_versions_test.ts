import { UserInputError } from "../../../lib/core/errors.ts";
import { addFilesetEntry, findOrInsertFile, insertFileset, listFilesets } from "../../../lib/database/filesets.ts";
import { createVolume } from "../../../lib/database/remote_volumes.ts";
import { compareVersions, type VersionChanges } from "../../../lib/operations/query/compare_versions.ts";
import { pickComparedVersions } from "../../../lib/operations/query/pick_compared_versions.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { withDb } from "../../database/db_fixtures.ts";
import { buildFixture } from "./query_fixture.ts";

function changeLines(result: VersionChanges): string[] {
  return result.changes.map((c) => `${c.kind} ${c.type} ${c.path}`);
}

Deno.test("compareVersions() compares the two newest versions by default", () => {
  withDb((db) => {
    buildFixture(db);
    const result = compareVersions(db, {});
    assertEquals(result.base, { version: 1, time: new Date(2000_000), size: 1133 });
    assertEquals(result.compareTo, { version: 0, time: new Date(3000_000), size: 1133 });
    assertEquals(changeLines(result), ["Modified File /r/a.txt", "Added Symlink /r/link", "Added Folder /r/sub/"]);
    assertEquals(result.counts, {
      Added: { File: 0, Folder: 1, Symlink: 1 },
      Modified: { File: 1, Folder: 0, Symlink: 0 },
      Deleted: { File: 0, Folder: 0, Symlink: 0 },
    });
    assertEquals([result.addedSize, result.deletedSize], [0, 0]);
  });
});

Deno.test("compareVersions() finds added, deleted and modified content, metadata and folders", () => {
  withDb((db) => {
    buildFixture(db);
    const result = compareVersions(db, { base: { index: 2 } });
    assertEquals([result.base.version, result.compareTo.version], [2, 0]);
    assertEquals(result.base.size, 3 + 1124 + 3);
    assertEquals(changeLines(result), [
      "Modified Folder /r/",
      "Modified File /r/a.txt",
      "Added Symlink /r/link",
      "Added File /r/new.txt",
      "Deleted File /r/old.txt",
      "Added Folder /r/sub/",
    ]);
    assertEquals([result.addedSize, result.deletedSize], [3, 3]);
  });
});

Deno.test("compareVersions() applies the filter to both versions", () => {
  withDb((db) => {
    buildFixture(db);
    const result = compareVersions(db, { base: { index: 2 }, match: (path) => path.endsWith(".txt") });
    assertEquals(changeLines(result), ["Modified File /r/a.txt", "Added File /r/new.txt", "Deleted File /r/old.txt"]);
    assertEquals([result.base.size, result.compareTo.size], [6, 9]);
  });
});

Deno.test("compareVersions() counts a changed entry type as modified", () => {
  withDb((db) => {
    const volume = (name: string) => createVolume(db, { name, type: "dlist", state: "Uploaded" });
    const older = insertFileset(db, { volumeId: volume("a"), timestamp: 10, isFull: true });
    const newer = insertFileset(db, { volumeId: volume("b"), timestamp: 20, isFull: true });
    addFilesetEntry(
      db,
      older,
      findOrInsertFile(db, { path: "/x", type: "Symlink", blocksetId: -1, metaBlocksetId: -1 }),
      0,
    );
    addFilesetEntry(
      db,
      newer,
      findOrInsertFile(db, { path: "/x", type: "Folder", blocksetId: -1, metaBlocksetId: -1 }),
      0,
    );
    assertEquals(changeLines(compareVersions(db, {})), ["Modified Folder /x"]);
  });
});

Deno.test("compareVersions() with identical versions reports no changes", () => {
  withDb((db) => {
    buildFixture(db);
    const result = compareVersions(db, {
      base: { index: 1 },
      compareTo: { index: 0 },
      match: (p) => p === "/r/big.bin",
    });
    assertEquals(result.changes, []);
  });
});

Deno.test("pickComparedVersions() picks by index or nearest time, never the same version twice", () => {
  withDb((db) => {
    buildFixture(db);
    const filesets = listFilesets(db);
    const picked = (refs: Parameters<typeof pickComparedVersions>[1]) => {
      const { base, compareTo } = pickComparedVersions(filesets, refs);
      return [base.version, compareTo.version];
    };
    assertEquals(picked({}), [1, 0]);
    assertEquals(picked({ base: { index: 2 } }), [2, 0]);
    assertEquals(picked({ base: { index: 0 } }), [0, 1]);
    assertEquals(picked({ base: { index: 2 }, compareTo: { index: 1 } }), [2, 1]);
    assertEquals(picked({ base: { time: new Date(1100_000) } }), [2, 0]);
    assertEquals(picked({ base: { time: new Date(1900_000) }, compareTo: { time: new Date(99999_000) } }), [1, 0]);
    // The same version twice: compare-to falls back to the nearest other one, the newer on a tie.
    assertEquals(picked({ base: { index: 1 }, compareTo: { index: 1 } }), [1, 0]);
  });
});

Deno.test("pickComparedVersions() refuses missing versions and backups with fewer than two", () => {
  withDb((db) => {
    buildFixture(db);
    const filesets = listFilesets(db);
    assertThrows(
      () => pickComparedVersions(filesets, { base: { index: 3 } }),
      UserInputError,
      "Cannot find version 3: the backup has versions 0 to 2",
    );
    assertThrows(
      () => pickComparedVersions(filesets, { compareTo: { index: 9 } }),
      UserInputError,
      "Cannot find version 9: the backup has versions 0 to 2",
    );
    assertThrows(
      () => pickComparedVersions(filesets.slice(0, 1), {}),
      UserInputError,
      "Cannot compare versions: the backup has 1 version and two are needed",
    );
  });
});
