import { UserInputError } from "../../../lib/core/errors.ts";
import { type LogEntry, LogWriter } from "../../../lib/core/log.ts";
import { Filter } from "../../../lib/filters/filter.ts";
import type { SourceSelection } from "../../../lib/operations/backup/source_selection.ts";
import { type FilterTestEvent, testFilters } from "../../../lib/operations/query/test_filters.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { withTempDir } from "../../database/db_fixtures.ts";
import { writeTree } from "../../support/engine.ts";

function describe(e: FilterTestEvent, root: string): string {
  if (e.kind === "included") return `+ ${e.path.slice(root.length)} ${e.size}`;
  const why = e.exclusion.reason === "filter"
    ? e.exclusion.rule?.expression ?? "(none)"
    : e.exclusion.reason === "attribute"
    ? e.exclusion.attributes.join(",")
    : `size ${e.exclusion.size}`;
  return `- ${e.path.slice(root.length)} ${why}`;
}

function run(
  root: string,
  rules: { include: boolean; expression: string }[],
  extra: { missing?: boolean; selection?: Omit<SourceSelection, "filter"> } = {},
) {
  const events: string[] = [];
  const logged: LogEntry[] = [];
  const report = (e: FilterTestEvent) => events.push(describe(e, root));
  const sources = [`${root}/src`, ...(extra.missing ? [`${root}/missing`] : [])];
  const result = testFilters(sources, {
    selection: { filter: Filter.from(rules, { caseSensitive: true, os: "linux" }), ...extra.selection },
    log: new LogWriter({ log: (e) => logged.push(e) }),
    report,
    allowMissingSource: extra.missing ?? false,
  });
  return { result, events, warnings: logged.filter((e) => e.level === "Warning").map((e) => e.message) };
}

const TREE = { "src/a.txt": "aaa", "src/b.log": "bbbbb", "src/cache/c.txt": "cc", "src/sub/d.txt": "dddd" };

Deno.test("testFilters() counts the files a backup would examine and reports each decision in walk order", () => {
  withTempDir((root) => {
    writeTree(root, TREE);
    const { result, events } = run(root, [{ include: false, expression: "*.log" }, {
      include: false,
      expression: `${root}/src/cache/`,
    }]);
    assertEquals(result, { fileCount: 2, fileSize: 7 });
    assertEquals(events, [
      "+ /src/a.txt 3",
      "- /src/b.log *.log",
      `- /src/cache/ ${root}/src/cache/`,
      "+ /src/sub/d.txt 4",
    ]);
  });
});

Deno.test("testFilters() without rules matches everything; includes alone still enter every folder", () => {
  withTempDir((root) => {
    writeTree(root, TREE);
    assertEquals(run(root, []).result, { fileCount: 4, fileSize: 14 });
    const onlyIncludes = run(root, [{ include: true, expression: "*.txt" }]);
    assertEquals(onlyIncludes.result, { fileCount: 3, fileSize: 9 });
    assertEquals(onlyIncludes.events, [
      "+ /src/a.txt 3",
      "- /src/b.log (none)",
      "+ /src/cache/c.txt 2",
      "+ /src/sub/d.txt 4",
    ]);
  });
});

Deno.test("testFilters() leaves out hidden entries and files over the size limit, without counting them", () => {
  withTempDir((root) => {
    writeTree(root, { ...TREE, "src/.dot.txt": "x", "src/.git/config": "yy", "src/big.txt": "z".repeat(2000) });
    const { result, events } = run(root, [], { selection: { excludeAttributes: ["Hidden"], maxFileSize: 1024 } });
    assertEquals(result, { fileCount: 4, fileSize: 14 });
    assertEquals(events, [
      "- /src/.dot.txt Hidden",
      "- /src/.git/ Hidden",
      "+ /src/a.txt 3",
      "+ /src/b.log 5",
      "- /src/big.txt size 2000",
      "+ /src/cache/c.txt 2",
      "+ /src/sub/d.txt 4",
    ]);
  });
});

Deno.test("testFilters() refuses a missing source unless missing sources are allowed", () => {
  withTempDir((root) => {
    writeTree(root, TREE);
    assertThrows(
      () =>
        testFilters([`${root}/missing`], {
          selection: {},
          log: new LogWriter({ log() {} }),
        }),
      UserInputError,
      `Cannot test filters on "${root}/missing": the source path does not exist`,
    );
    const allowed = run(root, [], { missing: true });
    assertEquals(allowed.result.fileCount, 4);
    assertEquals(allowed.warnings, [`The source path "${root}/missing" does not exist and is skipped`]);
  });
});
