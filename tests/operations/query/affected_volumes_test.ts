import { UserInputError } from "../../../lib/core/errors.ts";
import { type AffectedVolume, listAffected } from "../../../lib/operations/query/affected_volumes.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { withDb } from "../../database/db_fixtures.ts";
import { B1, B2, buildFixture, I2, L } from "./query_fixture.ts";

function byVersion(volume: AffectedVolume): Record<number, readonly string[]> {
  return Object.fromEntries(volume.versions.map((v) => [v.version, v.paths]));
}

Deno.test("listAffected() finds every path whose content or metadata has a block in a dblock", () => {
  withDb((db) => {
    buildFixture(db);
    const [b1] = listAffected(db, [B1]);
    assertEquals([b1!.name, b1!.type, b1!.size, b1!.dblocks, b1!.pathCount], [B1, "dblock", 1001, [], 6]);
    assertEquals(byVersion(b1!), {
      0: ["/r/big.bin", "/r/new.txt", "/r/sub/"],
      1: ["/r/a.txt", "/r/big.bin", "/r/new.txt"],
      2: ["/r/", "/r/a.txt", "/r/big.bin", "/r/old.txt"],
    });
    assertEquals(b1!.versions.map((v) => v.time), [new Date(3000_000), new Date(2000_000), new Date(1000_000)]);
  });
});

Deno.test("listAffected() counts a blocklist block as part of its file; a dindex affects what its dblock does", () => {
  withDb((db) => {
    buildFixture(db);
    const [b2, i2] = listAffected(db, [B2, I2]);
    // big.bin of version 2 only has its blocklist in B2.
    const expected = {
      0: ["/r/", "/r/a.txt", "/r/big.bin", "/r/link", "/r/new.txt"],
      1: ["/r/", "/r/a.txt", "/r/big.bin", "/r/new.txt"],
      2: ["/r/big.bin"],
    };
    assertEquals(byVersion(b2!), expected);
    assertEquals(byVersion(i2!), expected);
    assertEquals([i2!.type, i2!.dblocks, i2!.pathCount], ["dindex", [B2], 5]);
  });
});

Deno.test("listAffected() of a dlist is its version; log messages naming a volume are related", () => {
  withDb((db) => {
    buildFixture(db);
    db.prepare("INSERT INTO log(operation_id, at, level, message) VALUES (1, 5000, 'Warning', ?)").run(
      `Upload of ${L[1]} was retried`,
    );
    db.prepare("INSERT INTO log(operation_id, at, level, message) VALUES (1, 6000, 'Warning', 'unrelated')").run();
    const [dlist] = listAffected(db, [L[1]!]);
    assertEquals(byVersion(dlist!), { 1: ["/r/", "/r/a.txt", "/r/big.bin", "/r/new.txt"] });
    assertEquals(dlist!.logMessages, [{ time: new Date(5000), message: `Upload of ${L[1]} was retried` }]);
  });
});

Deno.test("listAffected() refuses a name the database does not know", () => {
  withDb((db) => {
    buildFixture(db);
    assertThrows(
      () => listAffected(db, [B1, "duplicati-bnope.dblock.zip"]),
      UserInputError,
      `Cannot find remote volume "duplicati-bnope.dblock.zip" in the local database`,
    );
  });
});
