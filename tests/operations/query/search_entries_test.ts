import type { PathHistory } from "../../../lib/operations/query/path_history.ts";
import { searchEntries } from "../../../lib/operations/query/search_entries.ts";
import { assertEquals } from "../../support/assert.ts";
import { withDb } from "../../database/db_fixtures.ts";
import { buildFixture } from "./query_fixture.ts";

/** path → "version:type:size" strings. */
function summary(histories: readonly PathHistory[]): [string, string[]][] {
  return histories.map((h) => [h.path, h.versions.map((v) => `${v.version}:${v.type}:${v.size}`)]);
}

Deno.test("searchEntries() keeps paths below the folders that the filter accepts", () => {
  withDb((db) => {
    buildFixture(db);
    const txt = (path: string) => path.endsWith(".txt");
    assertEquals(summary(searchEntries(db, { selector: { all: true }, folders: [], match: txt })), [
      ["/r/a.txt", ["0:File:6", "1:File:6", "2:File:3"]],
      ["/r/new.txt", ["0:File:3", "1:File:3"]],
      ["/r/old.txt", ["2:File:3"]],
    ]);
    assertEquals(summary(searchEntries(db, { selector: { versions: [2] }, folders: ["/r"], match: txt })), [
      ["/r/a.txt", ["2:File:3"]],
      ["/r/old.txt", ["2:File:3"]],
    ]);
    // Below a folder means strictly inside it: the folder itself is not listed.
    assertEquals(searchEntries(db, { selector: { all: true }, folders: ["/r/sub/"], match: () => true }), []);
    assertEquals(searchEntries(db, { selector: { all: true }, folders: ["/elsewhere"], match: () => true }), []);
  });
});
