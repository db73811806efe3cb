/**
 * POST /filesystem/preview over a real temp folder: plain walk, globs, regex, a filter group, the hidden attribute,
 * the size limit, counts, truncation at Limit and at the walk budget, missing sources, special-folder tokens, and
 * 400s naming the field for a bad regex and other bad input.
 * @module
 */
import type { Hono } from "hono";
import { join } from "node:path";
import { createApp } from "../../../lib/server/app.ts";
import {
  type FilesystemPreviewDto,
  parsePreviewRequest,
  previewSources,
} from "../../../lib/server/routes/filesystem_preview.ts";
import { assert, assertEquals } from "../../support/assert.ts";
import { assertNeedsToken, callJson, fakeServerDeps } from "../../support/fake_server_deps.ts";

const unix = Deno.build.os !== "windows";

/** The tree every test walks; sizes in bytes. */
const FILES: Record<string, number> = {
  ".dot.txt": 4,
  ".hidden/secret.txt": 6,
  "cache/one.bin": 10,
  "cache/two.bin": 20,
  "docs/a.txt": 5,
  "docs/b.log": 3,
  "docs/big.bin": 2048,
  "docs/notes.txt~": 7,
  "src/main.ts": 11,
  "src/util.ts": 12,
};

async function withTree(body: (dir: string, app: Hono) => Promise<void>): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "preview-" }));
  try {
    for (const [path, size] of Object.entries(FILES)) {
      await Deno.mkdir(join(dir, path, ".."), { recursive: true });
      await Deno.writeFile(join(dir, path), new Uint8Array(size).fill(65));
    }
    await body(dir, createApp(fakeServerDeps().deps));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function preview(app: Hono, body: unknown): Promise<{ status: number; body: FilesystemPreviewDto }> {
  const answer = await callJson(app, "/api/v1/filesystem/preview", { method: "POST", body });
  return answer as { status: number; body: FilesystemPreviewDto };
}

function rules(...items: [boolean, string][]) {
  return items.map(([include, expression], i) => ({ Order: i, Include: include, Expression: expression }));
}

const total = (names: string[]) => names.reduce((sum, name) => sum + (FILES[name] ?? 0), 0);

Deno.test({
  name: "POST /filesystem/preview without filters lists every file in walk order with exact counts",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      const { status, body } = await preview(app, { Sources: [`${dir}/`] });
      assertEquals(status, 200);
      const names = Object.keys(FILES);
      assertEquals(body.Included.map((f) => f.Path), names.map((n) => `${dir}/${n}`));
      assertEquals(body.Included.find((f) => f.Path.endsWith("big.bin"))?.Size, 2048);
      assertEquals(body.IncludedCount, names.length);
      assertEquals(body.IncludedSize, total(names));
      assertEquals([body.ExcludedCount, body.Excluded, body.Missing], [0, [], []]);
      assertEquals([body.Truncated, body.Complete], [false, true]);
    }),
});

Deno.test({
  name: "POST /filesystem/preview applies a glob, a regex and a filter group in order, naming the rule",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      const Filters = rules([false, "*.log"], [false, "[.*/cache/]"], [false, "{TemporaryFiles}"]);
      const { status, body } = await preview(app, { Sources: [`${dir}/`], Filters });
      assertEquals(status, 200);
      assertEquals(body.Excluded, [
        { Path: `${dir}/cache/`, Reason: "filter", Rule: "[.*/cache/]", Order: 1 },
        { Path: `${dir}/docs/b.log`, Reason: "filter", Rule: "*.log", Order: 0 },
        { Path: `${dir}/docs/notes.txt~`, Reason: "filter", Rule: "{TemporaryFiles}", Order: 2 },
      ]);
      const kept = [".dot.txt", ".hidden/secret.txt", "docs/a.txt", "docs/big.bin", "src/main.ts", "src/util.ts"];
      assertEquals(body.Included.map((f) => f.Path), kept.map((n) => `${dir}/${n}`));
      assertEquals([body.IncludedCount, body.IncludedSize, body.ExcludedCount], [6, total(kept), 3]);
    }),
});

Deno.test({
  name: "POST /filesystem/preview: the first matching rule wins, so an include before an exclude keeps the file",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      const Filters = rules([true, `${dir}/src/main.ts`], [false, "*.ts"]);
      const { body } = await preview(app, { Sources: [`${dir}/src/`], Filters });
      assertEquals(body.Included.map((f) => f.Path), [`${dir}/src/main.ts`]);
      assertEquals(body.Excluded, [{ Path: `${dir}/src/util.ts`, Reason: "filter", Rule: "*.ts", Order: 1 }]);
    }),
});

Deno.test({
  name: "POST /filesystem/preview excludes hidden files and folders (not entering them) and files over the size",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      const { body } = await preview(app, {
        Sources: [`${dir}/`],
        ExcludeAttributes: ["hidden", "temporary"],
        SkipFilesLargerThan: "1KB",
      });
      assertEquals(body.Excluded, [
        { Path: `${dir}/.dot.txt`, Reason: "hidden", Rule: "hidden file" },
        { Path: `${dir}/.hidden/`, Reason: "hidden", Rule: "hidden folder" },
        { Path: `${dir}/docs/big.bin`, Reason: "size", Rule: "larger than 1.00 KiB" },
      ]);
      assertEquals(body.IncludedCount, Object.keys(FILES).length - 3);
      assert(!body.Included.some((f) => f.Path.includes("secret")));
      // A hidden folder chosen as a source itself is still walked (the attribute applies below the roots).
      const inside = await preview(app, { Sources: [`${dir}/.hidden/`], ExcludeAttributes: ["hidden"] });
      assertEquals(inside.body.Included.map((f) => f.Path), [`${dir}/.hidden/secret.txt`]);
    }),
});

Deno.test({
  name: "POST /filesystem/preview with only include rules walks every folder and keeps the matching files",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      const { body } = await preview(app, { Sources: [`${dir}/`], Filters: rules([true, "*.txt"]) });
      const kept = [".dot.txt", ".hidden/secret.txt", "docs/a.txt"];
      assertEquals(body.Included.map((f) => f.Path), kept.map((n) => `${dir}/${n}`));
      assertEquals([body.IncludedCount, body.IncludedSize], [3, total(kept)]);
      // Folders are entered, not reported; each file no include matches is.
      assertEquals(body.Excluded.map((e) => [e.Path.slice(dir.length), e.Reason]), [
        ["/cache/one.bin", "no-include"],
        ["/cache/two.bin", "no-include"],
        ["/docs/b.log", "no-include"],
        ["/docs/big.bin", "no-include"],
        ["/docs/notes.txt~", "no-include"],
        ["/src/main.ts", "no-include"],
        ["/src/util.ts", "no-include"],
      ]);
    }),
});

Deno.test({
  name: "POST /filesystem/preview names other excluded attributes (readonly) with the engine's own judgement",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      await Deno.chmod(`${dir}/src/util.ts`, 0o444);
      const { body } = await preview(app, { Sources: [`${dir}/src/`], ExcludeAttributes: ["readonly"] });
      assertEquals(body.Excluded, [{ Path: `${dir}/src/util.ts`, Reason: "attribute", Rule: "readonly file" }]);
      assertEquals(body.Included.map((f) => f.Path), [`${dir}/src/main.ts`]);
    }),
});

Deno.test({
  name: "POST /filesystem/preview cuts the lists at Limit but keeps counting; a spent budget says incomplete",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      const { body } = await preview(app, { Sources: [`${dir}/docs/`], Filters: rules([false, "*.log"]), Limit: 2 });
      assertEquals(body.Included.map((f) => f.Path), [`${dir}/docs/a.txt`, `${dir}/docs/big.bin`]);
      assertEquals([body.IncludedCount, body.ExcludedCount, body.Truncated, body.Complete], [3, 1, true, true]);
      const input = parsePreviewRequest({ Sources: [`${dir}/`] });
      const partial = await previewSources(input, { timeMs: 60_000, entries: 4 });
      assertEquals([partial.Truncated, partial.Complete], [true, false]);
      assert(partial.IncludedCount < Object.keys(FILES).length, "the walk stopped early");
    }),
});

Deno.test({
  name: "POST /filesystem/preview lists missing sources and expands special-folder tokens",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      const { body } = await preview(app, { Sources: [`${dir}/nothing-here/`, `${dir}/src/main.ts`] });
      assertEquals(body.Missing, [`${dir}/nothing-here/`]);
      assertEquals(body.Included.map((f) => f.Path), [`${dir}/src/main.ts`]);
      const home = Deno.env.get("HOME");
      Deno.env.set("HOME", dir);
      try {
        const special = await preview(app, { Sources: ["%HOME%/src/"] });
        assertEquals(special.body.Included.map((f) => f.Path), [`${dir}/src/main.ts`, `${dir}/src/util.ts`]);
      } finally {
        if (home === undefined) Deno.env.delete("HOME");
        else Deno.env.set("HOME", home);
      }
    }),
});

Deno.test({
  name: "POST /filesystem/preview answers 400 naming the field for a bad regex and other bad input",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      const cases: [unknown, string][] = [
        [{ Sources: [`${dir}/`], Filters: rules([false, "*.log"], [false, "[a(b]"]) }, "Filters[1].Expression"],
        [{ Sources: [`${dir}/`], Filters: rules([false, "{NoSuchGroup}"]) }, "Filters[0].Expression"],
        [{ Sources: [`${dir}/`], Filters: rules([false, "  "]) }, "Filters[0].Expression"],
        [{ Sources: [`${dir}/`], Filters: [{ Expression: "*.x" }] }, "Filters[0].Include"],
        [{ Sources: [] }, "Sources"],
        [{ Sources: ["relative/path"] }, "Sources[0]"],
        [{ Sources: ["%NO_SUCH_FOLDER%/x"] }, "Sources[0]"],
        [{ Sources: [`${dir}/`], ExcludeAttributes: ["shiny"] }, "ExcludeAttributes"],
        [{ Sources: [`${dir}/`], SkipFilesLargerThan: "big" }, "SkipFilesLargerThan"],
        [{ Sources: [`${dir}/`], Limit: 0 }, "Limit"],
      ];
      for (const [body, field] of cases) {
        const answer = await callJson(app, "/api/v1/filesystem/preview", { method: "POST", body });
        assertEquals(answer.status, 400, JSON.stringify(body));
        assertEquals((answer.body as { Field?: string }).Field, field, JSON.stringify(answer.body));
      }
      const bad = await callJson(app, "/api/v1/filesystem/preview", {
        method: "POST",
        body: { Sources: [`${dir}/`], Filters: rules([false, "[a(b]"]) },
      });
      assert(/invalid regular expression/.test((bad.body as { Error: string }).Error), JSON.stringify(bad.body));
      await assertNeedsToken(app, [["POST", "/filesystem/preview"]]);
    }),
});
