import { Filter, type FilterRule } from "../../../lib/filters/filter.ts";
import { type EnumerateOptions, enumerateSources } from "../../../lib/operations/backup/enumerate.ts";
import type { SourceExclusion, SourceSelection } from "../../../lib/operations/backup/source_selection.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { withTempDir } from "../../database/db_fixtures.ts";
import { writeTree } from "../../support/engine.ts";

const TREE = {
  "src/a.txt": "aaa",
  "src/b.log": "bbbbb",
  "src/.env": "secret",
  "src/.git/config": "cfg",
  "src/docs/c.txt": "cc",
  "src/docs/big.txt": "x".repeat(3000),
  "src/docs/deep/d.txt": "dddd",
  "src/empty/": "",
};

/** Walks `root/src`; returns yielded entries and exclusions as "<kind> <relative path>" lines in walk order. */
function walk(
  root: string,
  selection: SourceSelection,
  extra: Partial<EnumerateOptions> & { sources?: string[] } = {},
): { entries: string[]; excluded: string[] } {
  const excluded: string[] = [];
  const rel = (path: string) => path.slice(root.length);
  const describe = (e: SourceExclusion) =>
    `${e.reason} ${rel(e.path)}${e.reason === "filter" ? ` ${e.rule?.expression ?? "(none)"}` : ""}`;
  const entries = [
    ...enumerateSources(extra.sources ?? [`${root}/src`], {
      selection,
      warn: (message) => excluded.push(`warning ${message}`),
      excluded: (e) => excluded.push(describe(e)),
      ...extra,
    }),
  ].map((e) => `${e.kind} ${rel(e.path)}`);
  return { entries, excluded };
}

const rules = (...items: FilterRule[]) => ({ filter: Filter.from(items, { caseSensitive: true, os: "linux" }) });

Deno.test("enumerateSources() with only include rules enters every folder and yields just the matches", () => {
  withTempDir((root) => {
    writeTree(root, TREE);
    const { entries, excluded } = walk(root, rules({ include: true, expression: "*.txt" }));
    assertEquals(entries, [
      "file /src/a.txt",
      "file /src/docs/big.txt",
      "file /src/docs/c.txt",
      "file /src/docs/deep/d.txt",
    ]);
    assertEquals(excluded, ["filter /src/.env (none)", "filter /src/.git/config (none)", "filter /src/b.log (none)"]);
    // An include naming folders stores them too (the root as well), as Duplicati's "*/" idiom does.
    const withFolders = walk(root, rules({ include: true, expression: "*.txt" }, { include: true, expression: "*/" }));
    assertEquals(withFolders.entries.filter((e) => e.startsWith("folder")), [
      "folder /src/",
      "folder /src/.git/",
      "folder /src/docs/",
      "folder /src/docs/deep/",
      "folder /src/empty/",
    ]);
  });
});

Deno.test("enumerateSources() never excludes a source itself, whatever the rules and attributes", () => {
  withTempDir((root) => {
    writeTree(root, TREE);
    const { entries } = walk(root, { ...rules({ include: false, expression: "*/" }), excludeAttributes: ["Hidden"] }, {
      sources: [`${root}/src/.git`],
    });
    assertEquals(entries, ["folder /src/.git/", "file /src/.git/config"]);
    const excludedRoot = walk(root, rules({ include: false, expression: "*/" }));
    assertEquals(excludedRoot.entries, ["folder /src/", "file /src/.env", "file /src/a.txt", "file /src/b.log"]);
  });
});

Deno.test("enumerateSources() leaves out hidden entries without entering them, and files over the size limit", () => {
  withTempDir((root) => {
    writeTree(root, TREE);
    const { entries, excluded } = walk(root, { excludeAttributes: ["Hidden"], maxFileSize: 1024 });
    assertEquals(entries, [
      "folder /src/",
      "file /src/a.txt",
      "file /src/b.log",
      "folder /src/docs/",
      "file /src/docs/c.txt",
      "folder /src/docs/deep/",
      "file /src/docs/deep/d.txt",
      "folder /src/empty/",
    ]);
    assertEquals(excluded, ["attribute /src/.env", "attribute /src/.git/", "size /src/docs/big.txt"]);
  });
});

Deno.test("enumerateSources() judges a stored symlink by its own attributes and a followed one by its target", () => {
  withTempDir((root) => {
    writeTree(root, { "src/big.bin": new Uint8Array(2000), "src/small.bin": "s" });
    Deno.symlinkSync(`${root}/src/big.bin`, `${root}/src/link`);
    const stored = walk(root, { excludeAttributes: ["ReparsePoint"] });
    assertEquals(stored.excluded, ["attribute /src/link"]);
    const followed = walk(root, { maxFileSize: 1000 }, { symlinkPolicy: "Follow" });
    assertEquals(followed.entries, ["folder /src/", "file /src/small.bin"]);
    assertEquals(followed.excluded, ["size /src/big.bin", "size /src/link"]);
  });
});

Deno.test("enumerateSources() calls examine before each decision; a throw there ends the walk", () => {
  withTempDir((root) => {
    writeTree(root, TREE);
    const seen: string[] = [];
    walk(root, {}, { examine: (path) => seen.push(path.slice(root.length)) });
    assertEquals(seen.slice(0, 4), ["/src/", "/src/.env", "/src/.git/", "/src/.git/config"]);
    assertEquals(seen.length, 12);
    let count = 0;
    const stop = () => {
      if (++count > 2) throw new RangeError("budget spent");
    };
    assertThrows(() => walk(root, {}, { examine: stop }), RangeError, "budget spent");
  });
});
