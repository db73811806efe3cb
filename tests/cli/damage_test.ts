/**
 * CLI integration: a remote dblock that is bit-flipped, truncated or deleted is detected and named, restore exits 3,
 * files that do not need it are restored byte-identical and files that do are not written at all. Which files
 * need which volume is worked out independently from the volumes' block lists and the source files' block hashes.
 * @module
 */
import { createHash } from "node:crypto";
import { entryNameToBase64 } from "../../lib/core/bytes.ts";
import { decodeFilelist } from "../../lib/volumes/dlist.ts";
import { openVolume } from "../../lib/volumes/volume_reader.ts";
import { assert, assertEquals } from "../support/assert.ts";
import { withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { readTree, seededBytes, writeTree } from "../support/engine.ts";
import { describeRun } from "../support/run_main.ts";

const BLOCK = 1024;
const SMALL = ["--blocksize=1kb", "--dblock-size=64kb"];
const PASSPHRASE = "damage secret";

type Damage = "flip" | "truncate" | "delete";

interface Layout {
  /** Relative file path → base64 hashes of its content blocks. */
  readonly needs: Map<string, Set<string>>;
  /** Relative file path → base64 hash of its metadata block. */
  readonly meta: Map<string, string>;
  /** dblock name → base64 hashes of the blocks it holds. */
  readonly volumes: Map<string, Set<string>>;
}

function makeTree(ws: Workspace): void {
  const tree: Record<string, Uint8Array | string> = {};
  for (let i = 0; i < 10; i++) tree[`f${i}.bin`] = seededBytes(20_000 + i * 2_000 + (i % 3), 1000 + i);
  tree["small/tiny.txt"] = "tiny";
  tree["small/empty.txt"] = "";
  writeTree(ws.src, tree);
}

function blockHashes(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let at = 0; at < bytes.length; at += BLOCK) {
    out.push(createHash("sha256").update(bytes.subarray(at, at + BLOCK)).digest("base64"));
  }
  return out;
}

/** Reads the (still intact) remote volumes and the source files. */
async function layoutOf(ws: Workspace, passphrase: string | undefined): Promise<Layout> {
  const volumes = new Map<string, Set<string>>();
  for (const name of ws.remoteNames("dblock")) {
    const volume = await openVolume(name, Deno.readFileSync(`${ws.dest}/${name}`), { passphrase });
    volumes.set(
      name,
      new Set(volume.zip.entries.filter((e) => e.name !== "manifest").map((e) => entryNameToBase64(e.name))),
    );
  }
  const [dlistName] = ws.remoteNames("dlist");
  const dlist = await openVolume(dlistName!, Deno.readFileSync(`${ws.dest}/${dlistName}`), { passphrase });
  const needs = new Map<string, Set<string>>();
  const meta = new Map<string, string>();
  for (const entry of decodeFilelist(dlist.zip.read("filelist.json"), dlistName!)) {
    if (entry.type !== "File") continue;
    const rel = entry.path.slice(ws.src.length + 1);
    needs.set(rel, new Set(blockHashes(Deno.readFileSync(`${ws.src}/${rel}`))));
    if (entry.metahash) meta.set(rel, entry.metahash);
  }
  return { needs, meta, volumes };
}

/** Files whose content needs one of `blocks`. */
function dependents(layout: Layout, blocks: Set<string>): string[] {
  return [...layout.needs].filter(([, hashes]) => [...hashes].some((h) => blocks.has(h))).map(([rel]) => rel).sort();
}

/** Files whose content is intact but whose metadata block is among `blocks`. */
function metadataOnly(layout: Layout, blocks: Set<string>): string[] {
  const content = new Set(dependents(layout, blocks));
  return [...layout.meta].filter(([rel, hash]) => !content.has(rel) && blocks.has(hash)).map(([rel]) => rel).sort();
}

/**
 * The dblock whose loss hurts the most files while leaving at least one file intact, preferring one that also
 * holds the metadata of files whose content lies elsewhere (so that case is exercised on every run).
 */
function pickVolume(layout: Layout): string {
  let best: [string, number] | undefined;
  for (const [name, blocks] of layout.volumes) {
    const hurt = dependents(layout, blocks).length;
    const score = hurt + (metadataOnly(layout, blocks).length > 0 ? 1000 : 0);
    if (hurt > 0 && hurt < layout.needs.size && (!best || score > best[1])) best = [name, score];
  }
  assert(best, `no dblock with some but not all files: ${[...layout.volumes.keys()]}`);
  return best[0];
}

/** Flips one bit inside the stored data of a content block of an unencrypted zip; returns that block's hash. */
async function flipInsideBlock(path: string, name: string, layout: Layout): Promise<string> {
  const bytes = Deno.readFileSync(path);
  const volume = await openVolume(name, bytes, { passphrase: undefined });
  const candidates = volume.zip.entries.filter((e) =>
    e.name !== "manifest" && e.compressedSize > 0 &&
    dependents(layout, new Set([entryNameToBase64(e.name)])).length > 0
  );
  const entry = candidates[Math.floor(candidates.length / 2)]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataStart = entry.localHeaderOffset + 30 + view.getUint16(entry.localHeaderOffset + 26, true) +
    view.getUint16(entry.localHeaderOffset + 28, true);
  bytes[dataStart + Math.floor(entry.compressedSize / 2)]! ^= 0x10;
  Deno.writeFileSync(path, bytes);
  return entryNameToBase64(entry.name);
}

function damageCase(encrypted: boolean, damage: Damage): void {
  const label = `${damage === "flip" ? "a bit-flipped" : damage === "truncate" ? "a truncated" : "a deleted"} dblock (${
    encrypted ? "AES" : "unencrypted"
  })`;
  Deno.test(`restore with ${label}: exit 3 naming it; only the files that need it are missing`, async () => {
    await withWorkspace(async (ws) => {
      makeTree(ws);
      const crypt = encrypted ? [`--passphrase=${PASSPHRASE}`] : ["--no-encryption"];
      await ws.expect(0, ["backup", ws.destUrl, ws.src, ...SMALL, ...crypt]);
      const layout = await layoutOf(ws, encrypted ? PASSPHRASE : undefined);
      assert(layout.volumes.size >= 3, `several dblocks expected, got ${layout.volumes.size}`);
      const victim = pickVolume(layout);
      const path = `${ws.dest}/${victim}`;
      let damagedBlocks = layout.volumes.get(victim)!;
      if (damage === "delete") Deno.removeSync(path);
      else if (damage === "truncate") Deno.truncateSync(path, Math.floor(Deno.statSync(path).size / 2));
      else if (encrypted) {
        const bytes = Deno.readFileSync(path);
        bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
        Deno.writeFileSync(path, bytes);
      } else {
        // Unencrypted: the zip's CRC and the block hash catch the damaged block; the others are still good.
        damagedBlocks = new Set([await flipInsideBlock(path, victim, layout)]);
      }
      const mustFail = dependents(layout, damagedBlocks);
      // Content intact, metadata lost: restoring the content (with a warning) or leaving the file out are both sound.
      const mayFail = new Set(metadataOnly(layout, damagedBlocks));
      const source = readTree(ws.src);
      for (const extra of [[], ["--no-local-db"]]) {
        const target = `${ws.restore}/${extra.length ? "remote_only" : "local_db"}`;
        const result = await ws.run(["restore", ws.destUrl, ...crypt, ...extra, `--restore-path=${target}`]);
        const context = `${label} ${extra}\nexpected missing: ${mustFail} (maybe: ${[...mayFail]})\n${
          describeRun(result)
        }`;
        const restored = readTree(target);
        const problems: string[] = [];
        for (const [rel, content] of restored) {
          if (content !== source.get(rel)) problems.push(`restored "${rel}" differs from the source`);
          if (rel.endsWith(".dup-restore")) problems.push(`partial file left: ${rel}`);
        }
        const missing = [...layout.needs.keys()].filter((rel) => !restored.has(rel)).sort();
        if (missing.filter((rel) => !mayFail.has(rel)).join() !== mustFail.join()) {
          problems.push(`missing files: ${missing}`);
        }
        if (result.code !== 3) problems.push(`exit code ${result.code}, expected 3`);
        if (!result.stderr.includes(victim)) problems.push(`stderr does not name the volume "${victim}"`);
        for (const rel of missing) {
          if (!result.stderr.includes(`${ws.src}/${rel}`)) problems.push(`stderr does not name "${rel}"`);
        }
        for (const rel of mayFail) {
          if (!(result.stdout + result.stderr).includes(`${ws.src}/${rel}`)) {
            problems.push(`lost metadata of "${rel}" not reported`);
          }
        }
        const restoredCount = layout.needs.size - missing.length;
        if (!result.stdout.includes(`Restored ${restoredCount} (`)) {
          problems.push(`stdout does not say "Restored ${restoredCount}"`);
        }
        assertEquals(problems, [], context);
      }
    });
  });
}

for (const encrypted of [false, true]) {
  for (const damage of ["flip", "truncate", "delete"] as const) damageCase(encrypted, damage);
}
