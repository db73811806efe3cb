import { UserInputError } from "../../../lib/core/errors.ts";
import { listFolderContents, parentOf } from "../../../lib/operations/query/folder_contents.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { withDb } from "../../database/db_fixtures.ts";
import { buildFixture } from "./query_fixture.ts";

Deno.test("listFolderContents() without folders lists the roots of the newest version", () => {
  withDb((db) => {
    buildFixture(db);
    const listing = listFolderContents(db, { selector: {}, folders: [] });
    assertEquals([listing.version, listing.time], [0, new Date(3000_000)]);
    assertEquals(listing.groups, [{
      folder: undefined,
      found: true,
      entries: [{ path: "/r/", type: "Folder", size: 0 }],
    }]);
  });
});

Deno.test("listFolderContents() lists immediate children sorted, with or without the trailing separator", () => {
  withDb((db) => {
    buildFixture(db);
    const listing = listFolderContents(db, { selector: {}, folders: ["/r", "/r/sub/", "/nope"] });
    assertEquals(listing.groups, [
      {
        folder: "/r/",
        found: true,
        entries: [
          { path: "/r/a.txt", type: "File", size: 6 },
          { path: "/r/big.bin", type: "File", size: 1124 },
          { path: "/r/link", type: "Symlink", size: 0 },
          { path: "/r/new.txt", type: "File", size: 3 },
          { path: "/r/sub/", type: "Folder", size: 0 },
        ],
      },
      { folder: "/r/sub/", found: true, entries: [] },
      { folder: "/nope/", found: false, entries: [] },
    ]);
  });
});

Deno.test("listFolderContents() works on the version --version or --time selects", () => {
  withDb((db) => {
    buildFixture(db);
    const paths = (selector: Parameters<typeof listFolderContents>[1]["selector"]) => {
      const listing = listFolderContents(db, { selector, folders: ["/r/"] });
      return [listing.version, ...listing.groups[0]!.entries.map((e) => e.path)];
    };
    assertEquals(paths({ versions: [2] }), [2, "/r/a.txt", "/r/big.bin", "/r/old.txt"]);
    assertEquals(paths({ time: new Date(2500_000) }), [1, "/r/a.txt", "/r/big.bin", "/r/new.txt"]);
    assertThrows(
      () => listFolderContents(db, { selector: { versions: [0, 1] }, folders: [] }),
      UserInputError,
      "Cannot list folder contents of 2 versions at once: choose one with --version or --time",
    );
  });
});

Deno.test("parentOf() strips the last name and keeps the separator", () => {
  assertEquals(parentOf("/"), undefined);
  assertEquals(parentOf("/r/"), "/");
  assertEquals(parentOf("/r/a.txt"), "/r/");
  assertEquals(parentOf("/r/sub/"), "/r/");
  assertEquals(parentOf("C:\\"), undefined);
  assertEquals(parentOf("C:\\data\\x.doc"), "C:\\data\\");
});
