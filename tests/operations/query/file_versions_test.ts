import { UserInputError } from "../../../lib/core/errors.ts";
import { listFileVersions } from "../../../lib/operations/query/file_versions.ts";
import type { PathHistory } from "../../../lib/operations/query/path_history.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { withDb } from "../../database/db_fixtures.ts";
import { buildFixture } from "./query_fixture.ts";

/** path → "version:type:size" strings. */
function summary(histories: readonly PathHistory[]): [string, string[]][] {
  return histories.map((h) => [h.path, h.versions.map((v) => `${v.version}:${v.type}:${v.size}`)]);
}

Deno.test("listFileVersions() gives each exact path's versions, newest first, in the order asked", () => {
  withDb((db) => {
    buildFixture(db);
    const histories = listFileVersions(db, {
      selector: { all: true },
      paths: ["/r/old.txt", "/r/a.txt", "/r", "/R/a.txt", "/r/a"],
    });
    assertEquals(summary(histories), [
      ["/r/old.txt", ["2:File:3"]],
      ["/r/a.txt", ["0:File:6", "1:File:6", "2:File:3"]],
      ["/r/", ["0:Folder:0", "1:Folder:0", "2:Folder:0"]],
      ["/R/a.txt", []],
      ["/r/a", []],
    ]);
    assertEquals(histories[1]!.versions.map((v) => v.time), [
      new Date(3000_000),
      new Date(2000_000),
      new Date(1000_000),
    ]);
  });
});

Deno.test("listFileVersions() limits to the selected versions; without paths lists every path", () => {
  withDb((db) => {
    buildFixture(db);
    assertEquals(summary(listFileVersions(db, { selector: { versions: [1, 2] }, paths: ["/r/a.txt"] })), [
      ["/r/a.txt", ["1:File:6", "2:File:3"]],
    ]);
    assertEquals(
      summary(listFileVersions(db, { selector: { all: true }, paths: [] })).map(([p, v]) => `${p} ${v.length}`),
      [
        "/r/ 3",
        "/r/a.txt 3",
        "/r/big.bin 3",
        "/r/link 1",
        "/r/new.txt 2",
        "/r/old.txt 1",
        "/r/sub/ 1",
      ],
    );
    assertThrows(
      () => listFileVersions(db, { selector: { versions: [7] }, paths: [] }),
      UserInputError,
      "Cannot find version 7",
    );
  });
});
