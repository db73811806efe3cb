import {
  blocksOfIndex,
  createVolume,
  deleteVolumeRow,
  getVolume,
  getVolumeByName,
  indexesOf,
  linkIndex,
  listVolumes,
  setVolumeState,
} from "../../lib/database/remote_volumes.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";
import { countRows, withDb } from "./db_fixtures.ts";

Deno.test("createVolume() records a volume without size or hash", () => {
  withDb((db) => {
    const before = Date.now();
    const id = createVolume(db, { name: "duplicati-b1.dblock.zip", type: "dblock", state: "Temporary" });
    assertEquals(getVolume(db, id), {
      id,
      name: "duplicati-b1.dblock.zip",
      type: "dblock",
      state: "Temporary",
      size: -1,
      hash: null,
      verifiedAt: 0,
      damage: null,
    });
    const createdAt = Number(
      (db.prepare("SELECT created_at FROM remote_volume WHERE id = ?").get(id) as { created_at: number }).created_at,
    );
    assertEquals(createdAt >= before && createdAt <= Date.now(), true);
    assertEquals(getVolume(db, id + 100), undefined);
  });
});

Deno.test("createVolume() refuses duplicate names and unknown states", () => {
  withDb((db) => {
    createVolume(db, { name: "n", type: "dblock", state: "Temporary" });
    assertThrows(() => createVolume(db, { name: "n", type: "dindex", state: "Temporary" }));
    // deno-lint-ignore no-explicit-any
    assertThrows(() => createVolume(db, { name: "m", type: "dblock", state: "Lost" as any }));
  });
});

Deno.test("setVolumeState() moves Temporary -> Uploading (with size and hash) -> Uploaded -> Verified", () => {
  withDb((db) => {
    const id = createVolume(db, { name: "v", type: "dblock", state: "Temporary" });
    setVolumeState(db, id, { state: "Uploading", size: 1234, hash: "aGFzaA==" });
    assertEquals(getVolume(db, id), {
      id,
      name: "v",
      type: "dblock",
      state: "Uploading",
      size: 1234,
      hash: "aGFzaA==",
      verifiedAt: 0,
      damage: null,
    });
    setVolumeState(db, id, { state: "Uploaded" });
    assertEquals(getVolume(db, id), {
      id,
      name: "v",
      type: "dblock",
      state: "Uploaded",
      size: 1234,
      hash: "aGFzaA==",
      verifiedAt: 0,
      damage: null,
    });
    setVolumeState(db, id, { state: "Verified" });
    setVolumeState(db, id, { state: "Deleting" });
    setVolumeState(db, id, { state: "Deleted" });
    assertEquals(getVolume(db, id)?.state, "Deleted");
    assertEquals(getVolume(db, id)?.size, 1234);
  });
});

Deno.test("getVolumeByName() and listVolumes() filter by state and type, in id order", () => {
  withDb((db) => {
    const a = createVolume(db, { name: "a", type: "dblock", state: "Uploaded" });
    const b = createVolume(db, { name: "b", type: "dindex", state: "Uploading" });
    const c = createVolume(db, { name: "c", type: "dblock", state: "Temporary" });
    const d = createVolume(db, { name: "d", type: "dlist", state: "Uploaded" });
    assertEquals(getVolumeByName(db, "c")?.id, c);
    assertEquals(getVolumeByName(db, "zzz"), undefined);
    assertEquals(listVolumes(db).map((v) => v.id), [a, b, c, d]);
    assertEquals(listVolumes(db, { states: ["Uploaded"] }).map((v) => v.name), ["a", "d"]);
    assertEquals(listVolumes(db, { type: "dblock" }).map((v) => v.name), ["a", "c"]);
    assertEquals(listVolumes(db, { states: ["Temporary", "Uploading"], type: "dblock" }).map((v) => v.name), ["c"]);
    assertEquals(listVolumes(db, { states: [] }).map((v) => v.name), []);
  });
});

Deno.test("linkIndex() links dindex and dblock once; indexesOf() and blocksOfIndex() follow the links", () => {
  withDb((db) => {
    const block1 = createVolume(db, { name: "b1", type: "dblock", state: "Uploaded" });
    const block2 = createVolume(db, { name: "b2", type: "dblock", state: "Uploaded" });
    const index1 = createVolume(db, { name: "i1", type: "dindex", state: "Uploaded" });
    const index2 = createVolume(db, { name: "i2", type: "dindex", state: "Uploading" });
    linkIndex(db, index1, block1);
    linkIndex(db, index1, block1);
    linkIndex(db, index1, block2);
    linkIndex(db, index2, block1);
    assertEquals(countRows(db, "index_link"), 3);
    assertEquals(indexesOf(db, block1).map((v) => [v.name, v.state]).sort(), [["i1", "Uploaded"], ["i2", "Uploading"]]);
    assertEquals(indexesOf(db, block2).map((v) => v.name), ["i1"]);
    assertEquals(blocksOfIndex(db, index1).map((v) => v.name).sort(), ["b1", "b2"]);
    assertEquals(blocksOfIndex(db, index2)[0], {
      id: block1,
      name: "b1",
      type: "dblock",
      state: "Uploaded",
      size: -1,
      hash: null,
      verifiedAt: 0,
      damage: null,
    });
  });
});

Deno.test("deleteVolumeRow() removes the volume and its index links", () => {
  withDb((db) => {
    const block = createVolume(db, { name: "b", type: "dblock", state: "Uploaded" });
    const index = createVolume(db, { name: "i", type: "dindex", state: "Uploaded" });
    linkIndex(db, index, block);
    deleteVolumeRow(db, block);
    assertEquals(getVolume(db, block), undefined);
    assertEquals(countRows(db, "index_link"), 0);
    assertEquals(getVolume(db, index)?.name, "i");
    assertEquals(blocksOfIndex(db, index), []);
  });
});
