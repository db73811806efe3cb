/**
 * listBrokenFiles: after a dblock is deleted, truncated or recorded as damaged, it names exactly the entries whose
 * content, metadata or blocklists lie in that volume, per version; worked out independently from the remote files.
 * @module
 */
import { openDatabase } from "../../../lib/database/connection.ts";
import { getVolumeByName, listVolumes } from "../../../lib/database/remote_volumes.ts";
import { brokenEntries, listBrokenFiles } from "../../../lib/operations/purge/broken_files.ts";
import { assert, assertEquals } from "../../support/assert.ts";
import { B1, B2, buildFixture } from "../query/query_fixture.ts";
import { buildVersions, type PurgeFixture, withPurgeFixture } from "./purge_fixture.ts";
import { brokenBy, pickVolume, remoteLayout } from "./remote_needs.ts";

type Damage = "delete" | "truncate" | "record";

const LABEL = { delete: "deleted", truncate: "truncated", record: "recorded as damaged" } as const;

function damage(f: PurgeFixture, name: string, how: Damage): void {
  if (how === "delete") f.backend.files.delete(name);
  else if (how === "truncate") f.backend.files.set(name, f.backend.files.get(name)!.slice(0, -100));
  else f.context.db.prepare("UPDATE remote_volume SET damage = 'x' WHERE name = ?").run(name);
}

for (const how of ["delete", "truncate", "record"] as const) {
  Deno.test(`listBrokenFiles names exactly the entries that need a dblock that is ${LABEL[how]}`, async () => {
    await withPurgeFixture(async (f) => {
      await buildVersions(f);
      const layout = await remoteLayout(f.backend.files);
      const victim = pickVolume(layout, 2);
      const expected = brokenBy(layout, [victim]).map((v) => ({
        version: v.version,
        time: v.time,
        entries: v.entries.map((e) => ({ path: e.path, type: e.type, size: e.size })),
      }));
      assert(expected.length === 2, `expected both versions to be hit, got ${expected.length}`);
      damage(f, victim, how);
      const report = await listBrokenFiles(f.context, { settings: f.settings });
      assertEquals(report.volumes.map((v) => v.name), [victim]);
      assertEquals(
        report.versions.map((v) => ({
          version: v.version,
          time: v.time,
          entries: v.entries.map((e) => ({ path: e.path, type: e.type, size: e.size })),
        })),
        expected,
      );
      const counts = f.listing().map((m) => m.size);
      assertEquals(report.versions.map((v) => v.entryCount), counts);
    });
  });
}

Deno.test("listBrokenFiles finds nothing in an intact backup and changes nothing", async () => {
  await withPurgeFixture(async (f) => {
    await buildVersions(f);
    const volumes = listVolumes(f.context.db);
    const remote = [...f.backend.files.keys()].sort();
    const report = await listBrokenFiles(f.context, { settings: f.settings });
    assertEquals([report.volumes, report.versions], [[], []]);
    assertEquals(listVolumes(f.context.db), volumes);
    assertEquals([...f.backend.files.keys()].sort(), remote);
  });
});

Deno.test("brokenEntries follows content, metadata and blocklist blocks (query fixture)", () => {
  const dir = Deno.makeTempDirSync({ prefix: "broken-entries-" });
  const db = openDatabase(`${dir}/db.sqlite`);
  try {
    buildFixture(db);
    const id = (name: string) => getVolumeByName(db, name)!.id;
    const show = (volumes: string[]) =>
      brokenEntries(db, volumes.map(id)).map((v) => [
        v.version,
        v.entryCount,
        v.entries.map((e) => `${e.path} ${e.type} ${e.size}`),
      ]);
    // B2 holds BIG's blocklist only: version 2 loses big.bin although all its data blocks are in B1.
    assertEquals(show([B2]), [
      [0, 6, ["/r/ Folder 0", "/r/a.txt File 6", "/r/big.bin File 1124", "/r/link Symlink 0", "/r/new.txt File 3"]],
      [1, 4, ["/r/ Folder 0", "/r/a.txt File 6", "/r/big.bin File 1124", "/r/new.txt File 3"]],
      [2, 4, ["/r/big.bin File 1124"]],
    ]);
    // B1 holds data blocks and the MF/MR1 metadata.
    assertEquals(show([B1]), [
      [0, 6, ["/r/big.bin File 1124", "/r/new.txt File 3", "/r/sub/ Folder 0"]],
      [1, 4, ["/r/a.txt File 6", "/r/big.bin File 1124", "/r/new.txt File 3"]],
      [2, 4, ["/r/ Folder 0", "/r/a.txt File 3", "/r/big.bin File 1124", "/r/old.txt File 3"]],
    ]);
    assertEquals(show([]), []);
  } finally {
    db.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
