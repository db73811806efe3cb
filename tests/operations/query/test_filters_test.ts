import { UserInputError } from "../../../lib/core/errors.ts";
import { type LogEntry, LogWriter } from "../../../lib/core/log.ts";
import { Filter } from "../../../lib/filters/filter.ts";
import { type FilterTestEvent, testFilters } from "../../../lib/operations/query/test_filters.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { withTempDir } from "../../database/db_fixtures.ts";
import { writeTree } from "../../support/engine.ts";

function run(root: string, rules: { include: boolean; expression: string }[], extra: { missing?: boolean } = {}) {
  const events: string[] = [];
  const logged: LogEntry[] = [];
  const report = (e: FilterTestEvent) =>
    events.push(
      e.kind === "included"
        ? `+ ${e.path.slice(root.length)} ${e.size}`
        : `- ${e.path.slice(root.length)} ${e.rule ? e.rule.expression : "(none)"}`,
    );
  const sources = [`${root}/src`, ...(extra.missing ? [`${root}/missing`] : [])];
  const result = testFilters(sources, {
    filter: Filter.from(rules, { caseSensitive: true, os: "linux" }),
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

Deno.test("testFilters() without rules matches everything; includes alone exclude the unmatched folders", () => {
  withTempDir((root) => {
    writeTree(root, TREE);
    assertEquals(run(root, []).result, { fileCount: 4, fileSize: 14 });
    const onlyIncludes = run(root, [{ include: true, expression: "*.txt" }]);
    assertEquals(onlyIncludes.result, { fileCount: 0, fileSize: 0 });
    assertEquals(onlyIncludes.events, ["- /src/ (none)"]);
  });
});

Deno.test("testFilters() refuses a missing source unless missing sources are allowed", () => {
  withTempDir((root) => {
    writeTree(root, TREE);
    assertThrows(
      () =>
        testFilters([`${root}/missing`], {
          filter: Filter.none(),
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
