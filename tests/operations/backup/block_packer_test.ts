/**
 * BlockPacker: volumes stay under the size limit, a seal does not hold up the next blocks, sealed volumes are
 * handed over one at a time, and failures and shutdown leave no hand-off cut off halfway.
 */
import { ZipReader } from "../../../lib/volumes/zip/zip_reader.ts";
import { BlockPacker, type SealedBlockVolume } from "../../../lib/operations/backup/block_packer.ts";
import { assert_, assertEquals, assertRejects } from "../../support/assert.ts";

const BLOCK = 1024;

interface Harness {
  readonly packer: BlockPacker;
  readonly dir: string;
  /** Volume ids in the order `newVolume` created them. */
  readonly opened: number[];
  readonly sealed: SealedBlockVolume[];
  /** What happened, in order: "start <id>", "end <id>", "add <n>". */
  readonly events: string[];
}

/** A packer with in-process lanes writing plain volumes; `onSealed` is `handOff` (default: resolves at once). */
function harness(
  options: { lanes?: number; dblockSize?: number; handOff?: (v: SealedBlockVolume) => Promise<void> } = {},
): Harness {
  const dir = Deno.makeTempDirSync({ prefix: "packer-test-" });
  const opened: number[] = [];
  const sealed: SealedBlockVolume[] = [];
  const events: string[] = [];
  const packer = new BlockPacker({
    lanes: options.lanes ?? 1,
    useWorkers: false,
    dblockSize: options.dblockSize ?? 4 * BLOCK,
    blocksize: BLOCK,
    passphrase: undefined,
    manifest: new TextEncoder().encode('{"Version":2}'),
    codec: { method: "None", level: 0 },
    newVolume: () => {
      const volumeId = opened.length + 1;
      opened.push(volumeId);
      return { volumeId, path: `${dir}/v${volumeId}.zip` };
    },
    onSealed: async (volume) => {
      events.push(`start ${volume.volumeId}`);
      await (options.handOff ?? (() => Promise.resolve()))(volume);
      sealed.push(volume);
      events.push(`end ${volume.volumeId}`);
    },
  });
  return { packer, dir, opened, sealed, events };
}

/** Runs `fn` with a {@link harness}, then closes the packer and removes its folder. */
async function withPacker(
  options: Parameters<typeof harness>[0],
  fn: (h: Harness) => Promise<void>,
): Promise<void> {
  const h = harness(options);
  try {
    await fn(h);
  } finally {
    await h.packer.close();
    Deno.removeSync(h.dir, { recursive: true });
  }
}

/** A block of BLOCK bytes whose content says which block it is. */
function block(n: number): Uint8Array {
  return new Uint8Array(BLOCK).fill(n % 251);
}

function name(n: number): string {
  return `block-${String(n).padStart(4, "0")}`;
}

/** `promise`, or a failure when it takes longer than two seconds (a packer that waits where it should not). */
async function within<T>(promise: Promise<T>, label: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} did not settle within 2 s`)), 2000);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => resolve = r);
  return { promise, resolve };
}

Deno.test("packer: every volume stays under --dblock-size and holds exactly the blocks add() named for it", async () => {
  await withPacker({ lanes: 2, dblockSize: 5 * BLOCK }, async (h) => {
    const placed = new Map<number, string[]>();
    for (let n = 0; n < 40; n++) {
      const volumeId = await h.packer.add(name(n), block(n), "store");
      placed.set(volumeId, [...placed.get(volumeId) ?? [], name(n)]);
    }
    await h.packer.finish();
    assertEquals(h.sealed.map((v) => v.volumeId).sort((a, b) => a - b), h.opened);
    for (const volume of h.sealed) {
      const bytes = Deno.readFileSync(volume.path);
      assertEquals(bytes.length, volume.size);
      assert_(volume.size <= 5 * BLOCK, `volume ${volume.volumeId} has ${volume.size} bytes`);
      const zip = new ZipReader(bytes, volume.path);
      const blocks = zip.entries.map((e) => e.name).filter((k) => k.startsWith("block-")).sort();
      assertEquals(blocks, (placed.get(volume.volumeId) ?? []).sort());
      for (const key of blocks) assertEquals(zip.read(key), block(Number(key.slice(6))));
    }
    assertEquals([...placed.values()].flat().length, 40);
  });
});

Deno.test("packer: blocks keep flowing while a sealed volume is handed over; the lane's next seal waits for it", async () => {
  const gate = deferred();
  await withPacker({
    lanes: 1,
    dblockSize: 4 * BLOCK,
    handOff: (v) => v.volumeId === 1 ? gate.promise : Promise.resolve(),
  }, async (h) => {
    // Volume 1 takes three blocks; the fourth seals it and opens volume 2.
    for (let n = 0; n < 4; n++) {
      await within(h.packer.add(name(n), block(n), "store"), `add ${n}`);
      h.events.push(`add ${n}`);
    }
    // Let the lane answer the seal: the hand-off of volume 1 starts and stays open.
    while (!h.events.includes("start 1")) await new Promise((r) => setTimeout(r, 1));
    for (let n = 4; n < 6; n++) {
      await within(h.packer.add(name(n), block(n), "store"), `add ${n}`);
      h.events.push(`add ${n}`);
    }
    assertEquals(h.events.includes("end 1"), false, "the hand-off of volume 1 is still open");
    // The seventh block needs a second seal on the same lane: it waits until volume 1 is handed over.
    const seventh = h.packer.add(name(6), block(6), "store").then(() => h.events.push("add 6"));
    await new Promise((r) => setTimeout(r, 20));
    assertEquals(h.events.includes("add 6"), false, "the second seal waits for the first hand-off");
    gate.resolve();
    await seventh;
    await h.packer.finish();
    assertEquals(h.events, [
      "add 0",
      "add 1",
      "add 2",
      "add 3",
      "start 1",
      "add 4",
      "add 5",
      "end 1",
      "add 6",
      "start 2",
      "end 2",
      "start 3",
      "end 3",
    ]);
  });
});

Deno.test("packer: hand-offs from two lanes never overlap", async () => {
  await withPacker({
    lanes: 2,
    dblockSize: 3 * BLOCK,
    handOff: () => new Promise((r) => setTimeout(r, 2)),
  }, async (h) => {
    for (let n = 0; n < 30; n++) await h.packer.add(name(n), block(n), "store");
    await h.packer.finish();
    assert_(h.sealed.length >= 10, `${h.sealed.length} volumes`);
    for (let i = 0; i < h.events.length; i += 2) {
      const started = h.events[i]!, ended = h.events[i + 1]!;
      assertEquals(ended, started.replace("start", "end"), `events ${i}-${i + 1}: ${h.events.join(", ")}`);
    }
  });
});

Deno.test("packer: a failed hand-off is thrown by the next add or by finish, and no later volume is handed over", async () => {
  await withPacker({
    lanes: 1,
    dblockSize: 3 * BLOCK,
    handOff: (v) => v.volumeId === 1 ? Promise.reject(new Error("upload refused")) : Promise.resolve(),
  }, async (h) => {
    const error = await assertRejects(async () => {
      for (let n = 0; n < 20; n++) await h.packer.add(name(n), block(n), "store");
      await h.packer.finish();
    });
    assertEquals(error.message, "upload refused");
    assertEquals(h.sealed.length, 0);
    assertEquals(h.events.filter((e) => e.startsWith("start")), ["start 1"]);
  });
});

Deno.test("packer: close() waits for a running hand-off and starts no other", async () => {
  const gate = deferred();
  const h = harness({
    lanes: 1,
    dblockSize: 3 * BLOCK,
    handOff: (v) => v.volumeId === 1 ? gate.promise : Promise.resolve(),
  });
  let closed = false;
  try {
    for (let n = 0; n < 3; n++) await h.packer.add(name(n), block(n), "store");
    while (!h.events.includes("start 1")) await new Promise((r) => setTimeout(r, 1));
    const closing = h.packer.close().then(() => closed = true);
    await new Promise((r) => setTimeout(r, 20));
    assertEquals(closed, false, "close waits while the hand-off runs");
    gate.resolve();
    await closing;
    assertEquals(h.events, ["start 1", "end 1"]);
  } finally {
    gate.resolve();
    await h.packer.close();
    Deno.removeSync(h.dir, { recursive: true });
  }
});
