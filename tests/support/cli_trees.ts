/**
 * Generated source trees for the CLI integration tests, and the comparison of a restored tree with its source.
 * @module
 */
import { lutimesSync } from "node:fs";
import { assertEquals } from "./assert.ts";
import { treeFacts } from "./cli_workspace.ts";
import { readTree, seededBytes, writeTree } from "./engine.ts";

/** Block size the feature tree is built around (pass `--blocksize=1kb`). */
export const BLOCK = 1024;

/** Sizes around block and blocklist boundaries (a 1 KiB block's blocklist holds 32 hashes). */
export const BOUNDARY_SIZES: Readonly<Record<string, number>> = {
  "sizes/empty.bin": 0,
  "sizes/one_block.bin": BLOCK,
  "sizes/one_byte.bin": 1,
  "sizes/block_minus_1.bin": BLOCK - 1,
  "sizes/block_plus_1.bin": BLOCK + 1,
  "sizes/three_blocks.bin": 3 * BLOCK,
  "sizes/three_blocks_minus_1.bin": 3 * BLOCK - 1,
  "sizes/three_blocks_plus_1.bin": 3 * BLOCK + 1,
  "sizes/one_blocklist.bin": 32 * BLOCK,
  "sizes/one_blocklist_plus_1.bin": 32 * BLOCK + 1,
  "sizes/two_blocklists.bin": 40 * BLOCK + 7,
  "sizes/four_blocklists.bin": 100 * BLOCK,
};

/** NFC and NFD spellings of the same name: different files on Linux. */
export const NFC_NAME = "unicode/caf\u00e9.txt";
export const NFD_NAME = "unicode/cafe\u0301.txt";

/** A 30-level deep folder chain. */
export const DEEP_FOLDER: string = Array.from({ length: 30 }, (_, i) => `level${String(i).padStart(2, "0")}`).join("/");

/** Counts of what {@link writeFeatureTree} makes. */
export interface FeatureTreeCounts {
  readonly files: number;
  readonly symlinks: number;
  readonly bytes: number;
}

/**
 * Writes a tree with empty files, boundary sizes, multi-blocklist files, duplicate content, unicode names (NFC and
 * NFD), a deep path, symlinks (relative, absolute, dangling), empty folders, chosen permission bits and mtimes
 * with milliseconds. Deterministic for a given seed.
 */
export function writeFeatureTree(root: string, seed = 1): FeatureTreeCounts {
  const tree: Record<string, string | Uint8Array> = {};
  let n = seed * 100;
  for (const [path, size] of Object.entries(BOUNDARY_SIZES)) tree[path] = seededBytes(size, n++);
  tree["dedupe/zeros.bin"] = new Uint8Array(20 * BLOCK);
  tree["dedupe/copy_a.bin"] = seededBytes(5 * BLOCK + 3, seed * 7);
  tree["dedupe/copy_b.bin"] = seededBytes(5 * BLOCK + 3, seed * 7);
  tree[NFC_NAME] = `NFC spelling ${seed}\n`;
  tree[NFD_NAME] = `NFD spelling ${seed}, longer\n`;
  tree["unicode/日本語/ファイル.txt"] = "にほんご";
  tree["unicode/emoji 😀 name.bin"] = seededBytes(2 * BLOCK + 5, n++);
  tree["names/with spaces & 'quotes' [x].txt"] = "odd name";
  tree[`${DEEP_FOLDER}/leaf.txt`] = `deep leaf ${seed}`;
  tree["perm/private.txt"] = "0640";
  tree["perm/script.sh"] = "#!/bin/sh\necho 0755\n";
  tree["perm/readonly.txt"] = "0444";
  tree["empty/"] = "";
  tree["empty_parent/empty_child/"] = "";
  tree["perm/locked_folder/"] = "";
  writeTree(root, tree);
  Deno.mkdirSync(`${root}/links`);
  Deno.symlinkSync("../sizes/one_block.bin", `${root}/links/relative`);
  Deno.symlinkSync(`${root}/dedupe`, `${root}/links/absolute_folder`);
  Deno.symlinkSync("nowhere/at/all", `${root}/links/dangling`);
  Deno.chmodSync(`${root}/perm/private.txt`, 0o640);
  Deno.chmodSync(`${root}/perm/script.sh`, 0o755);
  Deno.chmodSync(`${root}/perm/readonly.txt`, 0o444);
  Deno.chmodSync(`${root}/perm/locked_folder`, 0o750);
  Deno.chmodSync(`${root}/perm`, 0o711);
  setMtimes(root, Date.UTC(2021, 2, 4, 5, 6, 7, 123) + seed * 1000);
  const files = Object.keys(tree).filter((p) => !p.endsWith("/")).length;
  const bytes = Object.values(tree).reduce(
    (sum, c) => sum + (typeof c === "string" ? new TextEncoder().encode(c).length : c.length),
    0,
  );
  return { files, symlinks: 3, bytes };
}

/** Gives every entry under root (root itself excluded) a distinct mtime with milliseconds, children first. */
export function setMtimes(root: string, base: number): void {
  let i = 0;
  const walk = (dir: string) => {
    for (const entry of [...Deno.readDirSync(dir)].sort((a, b) => a.name < b.name ? -1 : 1)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) walk(path);
      const when = new Date(base + (i++) * 1001 + 7);
      if (entry.isSymlink) lutimesSync(path, when, when);
      else Deno.utimeSync(path, when, when);
    }
  };
  walk(root);
}

/** Asserts that `restored` holds exactly the entries, bytes and symlink targets of `source`. */
export function assertSameContent(restored: string, source: string, message = "restored tree differs"): void {
  assertEquals([...readTree(restored)], [...readTree(source)], message);
}

/** Asserts equal content plus permission bits (not of symlinks) and mtimes (files, folders, symlinks' own). */
export function assertSameTree(restored: string, source: string): void {
  assertSameContent(restored, source);
  const got = treeFacts(restored);
  const modeDiffs: string[] = [];
  const timeDiffs: string[] = [];
  for (const [path, want] of treeFacts(source)) {
    const have = got.get(path);
    if (!have) continue; // content comparison already covers missing entries
    if (want.kind !== "symlink" && have.mode !== want.mode) {
      modeDiffs.push(`${path}: mode ${have.mode.toString(8)}, expected ${want.mode.toString(8)}`);
    }
    if (have.mtimeMs !== want.mtimeMs) {
      timeDiffs.push(`${want.kind} ${path}: mtime ${have.mtimeMs}, expected ${want.mtimeMs}`);
    }
  }
  assertEquals(modeDiffs, [], "permission bits differ");
  assertEquals(timeDiffs, [], "mtimes differ");
}
