import { DatabaseSync } from "node:sqlite";
import { UserInputError } from "../../../lib/core/errors.ts";
import { CONFIG_PASSPHRASE_CHECK, setConfig } from "../../../lib/database/configuration.ts";
import { createReport } from "../../../lib/operations/query/create_report.ts";
import { assert, assertEquals, assertThrows } from "../../support/assert.ts";
import { withDb } from "../../database/db_fixtures.ts";
import { buildFixture } from "./query_fixture.ts";

/** The fixture plus secrets and log lines that must not reach a report. */
function fill(db: DatabaseSync): string[] {
  buildFixture(db);
  setConfig(db, "blocksize", "1024");
  setConfig(db, "encryption-module", "aes");
  setConfig(db, CONFIG_PASSPHRASE_CHECK, "SECRET-CHECK-VALUE");
  setConfig(db, "some-future-key", "maybe-secret");
  db.prepare("INSERT INTO operation(description, started_at, result) VALUES ('Backup', 1, 'Failed on /r/a.txt')").run();
  db.prepare("INSERT INTO log(operation_id, at, level, message) VALUES (1, 2, 'Warning', 'Cannot read /r/old.txt')")
    .run();
  return db.prepare("SELECT path FROM file ORDER BY id").all().map((r) => r.path as string);
}

Deno.test("createReport() writes a copy with scrambled paths and no log, results or secrets", () => {
  withDb((db, path) => {
    const original = fill(db);
    const outputPath = `${path}.report`;
    const result = createReport(db, { outputPath });
    assertEquals([result.outputPath, result.paths], [outputPath, 7]);
    assertEquals(result.size, Deno.statSync(outputPath).size);
    const copy = new DatabaseSync(outputPath, { readOnly: true });
    try {
      const paths = copy.prepare("SELECT path FROM file ORDER BY id").all().map((r) => r.path as string);
      assertEquals(paths.length, original.length);
      paths.forEach((scrambled, i) => {
        const before = original[i]!;
        assert(scrambled !== before, `${before} was kept`);
        assertEquals(scrambled.split("/").length, before.split("/").length);
        assertEquals(scrambled.endsWith("/"), before.endsWith("/"));
        if (/\.(txt|bin)$/.test(before)) assertEquals(scrambled.slice(-4), before.slice(-4));
      });
      // The same folder scrambles the same way in every path.
      assertEquals(new Set(paths.map((p) => p.split("/")[1])).size, 1);
      assertEquals(copy.prepare("SELECT COUNT(*) AS n FROM log").get()!.n, 0);
      assertEquals(copy.prepare("SELECT result FROM operation").get()!.result, null);
      assertEquals(
        copy.prepare("SELECT key, value FROM configuration ORDER BY key").all().map((r) => [r.key, r.value]),
        [
          ["blocksize", "1024"],
          ["encryption-module", "aes"],
        ],
      );
      assertEquals(copy.prepare("PRAGMA journal_mode").get()!.journal_mode, "delete");
      // Structure is intact: blocksets, volumes and filesets are all there.
      assertEquals(copy.prepare("SELECT COUNT(*) AS n FROM fileset_entry").get()!.n, 14);
    } finally {
      copy.close();
    }
    // Nothing removed lingers in the file's free pages.
    const bytes = new TextDecoder("latin1").decode(Deno.readFileSync(outputPath));
    for (const secret of ["SECRET-CHECK-VALUE", "maybe-secret", "/r/a.txt", "old.txt", "Failed on"]) {
      assert(!bytes.includes(secret), `the report still contains "${secret}"`);
    }
    // The source database is unchanged.
    assertEquals(db.prepare("SELECT path FROM file ORDER BY id").all().map((r) => r.path), original);
  });
});

Deno.test("createReport() refuses to overwrite an existing file", () => {
  withDb((db, path) => {
    fill(db);
    const outputPath = `${path}.report`;
    Deno.writeTextFileSync(outputPath, "keep me");
    assertThrows(
      () => createReport(db, { outputPath }),
      UserInputError,
      `Cannot write the report to "${outputPath}": the file already exists`,
    );
    assertEquals(Deno.readTextFileSync(outputPath), "keep me");
  });
});
