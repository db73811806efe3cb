import { assert, assertEquals, assertStringIncludes } from "../support/assert.ts";
import { runUtil } from "./serverutil_helpers.ts";

async function withDataFolder(body: (dataFolder: string) => Promise<void>): Promise<void> {
  const dataFolder = await Deno.makeTempDir({ prefix: "serverutil-" });
  try {
    await body(dataFolder);
  } finally {
    await Deno.remove(dataFolder, { recursive: true });
  }
}

Deno.test("serverutil decides --json from the parsed line: `--json false` prints text", async () => {
  await withDataFolder(async (dataFolder) => {
    const text = await runUtil(["bogus", "--json", "false"], { dataFolder });
    assertEquals(text.code, 2);
    assertEquals(text.out, []);
    assertEquals(text.err, ['Unknown command "bogus"; run "serverutil help" for the list of commands']);

    const json = await runUtil(["bogus", "--json=yes"], { dataFolder });
    assertEquals(json.code, 2);
    assertEquals(JSON.parse(json.out.join("\n")).Exceptions, [
      'Unknown command "bogus"; run "serverutil help" for the list of commands',
    ]);
  });
});

Deno.test("serverutil reports a line that does not parse as JSON when --json is on it", async () => {
  await withDataFolder(async (dataFolder) => {
    const run = await runUtil(["status", "--no-such-option", "--json"], { dataFolder });
    assertEquals(run.code, 2);
    const result = JSON.parse(run.out.join("\n"));
    assertEquals(result.Success, false);
    assertStringIncludes(result.Exceptions[0], 'unknown option "--no-such-option"');
    const text = await runUtil(["status", "--no-such-option"], { dataFolder });
    assert(text.out.length === 0 && text.err[0]!.includes('unknown option "--no-such-option"'), text.text);
  });
});
