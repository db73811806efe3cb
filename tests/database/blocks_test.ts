import { toBase64 } from "../../lib/core/bytes.ts";
import { buildBlocklists, hashesPerBlocklist } from "../../lib/blocks/blocklist.ts";
import { digest, digestBase64 } from "../../lib/blocks/hash.ts";
import {
  blocklistHashesOf,
  blocklistsInVolume,
  blocksInVolume,
  blocksOfBlockset,
  deleteBlocksInVolume,
  findBlock,
  findBlockset,
  getBlockset,
  insertBlock,
  insertBlockset,
} from "../../lib/database/blocks.ts";
import type { Db } from "../../lib/database/connection.ts";
import { createVolume } from "../../lib/database/remote_volumes.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";
import { countRows, withDb } from "./db_fixtures.ts";

/** Base64 SHA-256 of a label, a realistic-looking block key. */
function key(label: string): string {
  return digestBase64("SHA256", new TextEncoder().encode(label));
}

function volume(db: Db, name: string): number {
  return createVolume(db, { name, type: "dblock", state: "Uploaded" });
}

Deno.test("insertBlock() and findBlock() key blocks by (hash, size); the pair is unique", () => {
  withDb((db) => {
    const v = volume(db, "v");
    const id = insertBlock(db, key("a"), 1024, v);
    assertEquals(findBlock(db, key("a"), 1024), id);
    assertEquals(findBlock(db, key("a"), 1023), undefined);
    assertEquals(findBlock(db, key("b"), 1024), undefined);
    assertThrows(() => insertBlock(db, key("a"), 1024, v));
    const other = insertBlock(db, key("a"), 5, v);
    assertEquals(findBlock(db, key("a"), 5), other);
    assertThrows(() => insertBlock(db, key("c"), 1, 999));
  });
});

Deno.test("blocksInVolume() lists a volume's blocks in insertion order", () => {
  withDb((db) => {
    const v1 = volume(db, "v1"), v2 = volume(db, "v2");
    const a = insertBlock(db, key("a"), 10, v1);
    const b = insertBlock(db, key("b"), 20, v2);
    const c = insertBlock(db, key("c"), 30, v1);
    assertEquals(blocksInVolume(db, v1), [{ id: a, hash: key("a"), size: 10 }, { id: c, hash: key("c"), size: 30 }]);
    assertEquals(blocksInVolume(db, v2), [{ id: b, hash: key("b"), size: 20 }]);
    assertEquals(blocksInVolume(db, 999), []);
  });
});

Deno.test("insertBlockset() stores ordered entries and blocklist keys; lookups read them back", () => {
  withDb((db) => {
    const v1 = volume(db, "v1"), v2 = volume(db, "v2");
    const a = insertBlock(db, key("a"), 1024, v1);
    const b = insertBlock(db, key("b"), 1024, v2);
    const c = insertBlock(db, key("c"), 7, v1);
    const id = insertBlockset(db, {
      hash: key("file"),
      length: 2055,
      blockIds: [b, a, c, a],
      blocklistHashes: [key("l0")],
    });
    assertEquals(findBlockset(db, key("file"), 2055), id);
    assertEquals(findBlockset(db, key("file"), 2054), undefined);
    assertEquals(getBlockset(db, id), { id, hash: key("file"), length: 2055 });
    assertEquals(getBlockset(db, id + 1), undefined);
    assertEquals(blocksOfBlockset(db, id), [
      { idx: 0, hash: key("b"), size: 1024, volumeId: v2 },
      { idx: 1, hash: key("a"), size: 1024, volumeId: v1 },
      { idx: 2, hash: key("c"), size: 7, volumeId: v1 },
      { idx: 3, hash: key("a"), size: 1024, volumeId: v1 },
    ]);
    assertEquals(blocklistHashesOf(db, id), [key("l0")]);
    assertThrows(() => insertBlockset(db, { hash: key("file"), length: 2055, blockIds: [], blocklistHashes: [] }));
  });
});

Deno.test("insertBlockset() of an empty stream has no entries", () => {
  withDb((db) => {
    const id = insertBlockset(db, {
      hash: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
      length: 0,
      blockIds: [],
      blocklistHashes: [],
    });
    assertEquals(blocksOfBlockset(db, id), []);
    assertEquals(blocklistHashesOf(db, id), []);
  });
});

/** A 65-block stream at blocksize 1024: data in `dataVolume`, its three blocklists as blocks in `listVolumes`. */
function bigStream(db: Db, dataVolume: number, listVolumes: readonly number[], label: string) {
  const raw = Array.from({ length: 65 }, (_, i) => digest("SHA256", new TextEncoder().encode(`${label}${i}`)));
  const hashes = raw.map(toBase64);
  const blockIds = hashes.map((h) => insertBlock(db, h, 1024, dataVolume));
  const lists = buildBlocklists(raw, hashesPerBlocklist(1024, 32));
  const listKeys = lists.map((l) => digestBase64("SHA256", l));
  lists.forEach((l, i) => insertBlock(db, listKeys[i]!, l.length, listVolumes[i]!));
  const id = insertBlockset(db, { hash: key(label), length: 65 * 1024, blockIds, blocklistHashes: listKeys });
  return { id, hashes, listKeys };
}

Deno.test("blocklistsInVolume() maps each blocklist stored in a volume to the hashes it lists", () => {
  withDb((db) => {
    const data = volume(db, "data"), lists = volume(db, "lists"), last = volume(db, "last");
    const stream = bigStream(db, data, [lists, lists, last], "s");
    const perList = hashesPerBlocklist(1024, 32);
    assertEquals(
      [...blocklistsInVolume(db, lists, perList)].sort(),
      [[stream.listKeys[0]!, stream.hashes.slice(0, 32)], [stream.listKeys[1]!, stream.hashes.slice(32, 64)]].sort(),
    );
    assertEquals([...blocklistsInVolume(db, last, perList)], [[stream.listKeys[2]!, [stream.hashes[64]!]]]);
    assertEquals(blocklistsInVolume(db, data, perList).size, 0);
  });
});

Deno.test("blocklistsInVolume() lists a blocklist shared by two blocksets once", () => {
  withDb((db) => {
    const v = volume(db, "v");
    const stream = bigStream(db, v, [v, v, v], "s");
    const blockIds = blocksOfBlockset(db, stream.id).slice(0, 32).map((b) =>
      blocksInVolume(db, v).find((x) => x.hash === b.hash)!.id
    );
    // A second stream made of the first 32 blocks plus one more shares blocklist 0.
    const extra = insertBlock(db, key("extra"), 1024, v);
    const lastList = buildBlocklists([digest("SHA256", new TextEncoder().encode("extra"))], 32)[0]!;
    const lastKey = digestBase64("SHA256", lastList);
    insertBlock(db, lastKey, 32, v);
    insertBlockset(db, {
      hash: key("t"),
      length: 33 * 1024,
      blockIds: [...blockIds, extra],
      blocklistHashes: [stream.listKeys[0]!, lastKey],
    });
    const map = blocklistsInVolume(db, v, 32);
    assertEquals(map.size, 4);
    assertEquals(map.get(stream.listKeys[0]!), stream.hashes.slice(0, 32));
    assertEquals(map.get(lastKey), [key("extra")]);
  });
});

Deno.test("deleteBlocksInVolume() removes the volume's blocks and every blockset using them", () => {
  withDb((db) => {
    const keep = volume(db, "keep"), gone = volume(db, "gone");
    const a = insertBlock(db, key("a"), 10, keep);
    const b = insertBlock(db, key("b"), 10, gone);
    const c = insertBlock(db, key("c"), 10, gone);
    const onlyKeep = insertBlockset(db, { hash: key("s1"), length: 10, blockIds: [a], blocklistHashes: [] });
    const mixed = insertBlockset(db, { hash: key("s2"), length: 20, blockIds: [a, b], blocklistHashes: [key("l")] });
    const onlyGone = insertBlockset(db, { hash: key("s3"), length: 10, blockIds: [c], blocklistHashes: [] });
    deleteBlocksInVolume(db, gone);
    assertEquals(blocksInVolume(db, gone), []);
    assertEquals(blocksInVolume(db, keep).map((x) => x.id), [a]);
    assertEquals(getBlockset(db, onlyKeep)?.id, onlyKeep);
    assertEquals(getBlockset(db, mixed), undefined);
    assertEquals(getBlockset(db, onlyGone), undefined);
    // Entries and blocklist keys of the removed blocksets go with them (ON DELETE CASCADE).
    assertEquals(countRows(db, "blockset_entry"), 1);
    assertEquals(countRows(db, "blocklist_hash"), 0);
  });
});

Deno.test("deleteBlocksInVolume() also removes blocksets whose blocklist block lived in that volume", () => {
  withDb((db) => {
    const data = volume(db, "data"), lists = volume(db, "lists");
    const stream = bigStream(db, data, [data, data, lists], "s");
    deleteBlocksInVolume(db, lists);
    assertEquals(findBlock(db, stream.listKeys[2]!, 32), undefined);
    // The blockset still names blocklist 2, whose only copy was just deleted: it can no longer be described.
    assertEquals(getBlockset(db, stream.id), undefined, "blockset kept although its blocklist block is gone");
  });
});
