import { Filter, type FilterRule } from "../../../lib/filters/filter.ts";
import {
  createSourceSelector,
  exclusionLogLine,
  type SourceCandidate,
  type SourceSelection,
} from "../../../lib/operations/backup/source_selection.ts";
import type { AttributePlatform } from "../../../lib/operations/backup/file_attributes.ts";
import { assertEquals } from "../../support/assert.ts";

const LINUX: AttributePlatform = { os: "linux", uid: 1000, gid: 100 };

function candidate(path: string, extra: Partial<Omit<SourceCandidate, "path">> = {}): SourceCandidate {
  const folder = path.endsWith("/");
  return {
    path,
    kind: extra.kind ?? (folder ? "folder" : "file"),
    info: extra.info ?? ({ size: 10, mode: 0o644, uid: 1000, gid: 100 } as Deno.FileInfo),
    link: extra.link ?? false,
    root: extra.root ?? false,
  };
}

function selector(rules: FilterRule[], rest: Omit<SourceSelection, "filter"> = {}) {
  const filter = Filter.from(rules, { caseSensitive: true, os: "linux" });
  return createSourceSelector({ filter, ...rest }, LINUX);
}

const inc = (expression: string): FilterRule => ({ include: true, expression });
const exc = (expression: string): FilterRule => ({ include: false, expression });

Deno.test("createSourceSelector() with only includes enters every folder but stores only what an include matches", () => {
  const select = selector([inc("*.txt")]);
  assertEquals(select(candidate("/src/", { root: true })), { take: true, store: false });
  assertEquals(select(candidate("/src/sub/")), { take: true, store: false });
  assertEquals(select(candidate("/src/sub/a.txt")), { take: true, store: true });
  assertEquals(select(candidate("/src/sub/a.log")), {
    take: false,
    exclusion: { reason: "filter", path: "/src/sub/a.log", rule: undefined },
  });
  // A folder an include names is stored; a root file no include matches is left out.
  assertEquals(selector([inc("*/sub/")])(candidate("/src/sub/")), { take: true, store: true });
  assertEquals(select(candidate("/src/one.log", { root: true })).take, false);
});

Deno.test("createSourceSelector() with an exclude: unmatched entries are kept, first match wins, roots never excluded", () => {
  const select = selector([inc("*/keep.log"), exc("*.log"), exc("*/")]);
  assertEquals(select(candidate("/src/", { root: true })), { take: true, store: true });
  assertEquals(select(candidate("/src/sub/")), {
    take: false,
    exclusion: { reason: "filter", path: "/src/sub/", rule: exc("*/") },
  });
  assertEquals(select(candidate("/src/keep.log")), { take: true, store: true });
  assertEquals(select(candidate("/src/a.log")).take, false);
  assertEquals(select(candidate("/src/a.bin")), { take: true, store: true });
});

Deno.test("createSourceSelector() excludes by attribute below the roots, and files over the size limit", () => {
  const select = selector([], { excludeAttributes: ["Hidden", "System", "Temporary", "ReadOnly"], maxFileSize: 100 });
  assertEquals(select(candidate("/src/.git/")), {
    take: false,
    exclusion: { reason: "attribute", path: "/src/.git/", attributes: ["Hidden"] },
  });
  assertEquals(select(candidate("/src/.hidden/", { root: true })), { take: true, store: true });
  const readOnly = { size: 1, mode: 0o444, uid: 1000, gid: 100 } as Deno.FileInfo;
  assertEquals(select(candidate("/src/ro.txt", { info: readOnly })).take, false);
  const big = { size: 101, mode: 0o644, uid: 1000, gid: 100 } as Deno.FileInfo;
  assertEquals(select(candidate("/src/big.bin", { info: big })), {
    take: false,
    exclusion: { reason: "size", path: "/src/big.bin", size: 101, limit: 100 },
  });
  // The size limit applies to files only, also to a root file; exactly the limit is kept.
  assertEquals(select(candidate("/src/big.bin", { info: big, root: true })).take, false);
  assertEquals(select(candidate("/src/big/", { info: big })), { take: true, store: true });
  const exact = { size: 100, mode: 0o644, uid: 1000, gid: 100 } as Deno.FileInfo;
  assertEquals(select(candidate("/src/exact.bin", { info: exact })), { take: true, store: true });
});

Deno.test("createSourceSelector() without a selection takes everything", () => {
  const select = createSourceSelector();
  assertEquals(select(candidate("/src/.x")), { take: true, store: true });
  assertEquals(select(candidate("/src/a/")), { take: true, store: true });
});

Deno.test("exclusionLogLine() uses Duplicati's verbose messages", () => {
  assertEquals(exclusionLogLine({ reason: "attribute", path: "/a/.b", attributes: ["Hidden"] }), {
    tag: "FileEnumerationProcess",
    message: "Excluding path due to attribute filter: /a/.b",
  });
  assertEquals(
    exclusionLogLine({ reason: "filter", path: "/a/b.log", rule: exc("*.log") }).message,
    "Excluding path due to filter: /a/b.log => (*.log)",
  );
  assertEquals(
    exclusionLogLine({ reason: "filter", path: "/a/b.log", rule: undefined }).message,
    "Excluding path due to filter: /a/b.log => null",
  );
  assertEquals(exclusionLogLine({ reason: "size", path: "/a/big", size: 9, limit: 1 }), {
    tag: "FilePreFilterProcess",
    message: "Skipped checking file, because the size exceeds limit /a/big",
  });
});
