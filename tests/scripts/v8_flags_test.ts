import { V8_FLAGS, v8FlagsArgument } from "../../scripts/v8_flags.ts";
import { oursCommand } from "../../bench/tools.ts";
import { assert, assertEquals } from "../support/assert.ts";

const root = new URL("../../", import.meta.url);

Deno.test("the V8 flags are the same for deno task start/cli, the compiled executables and the bench", () => {
  assertEquals(v8FlagsArgument(), "--v8-flags=--max-semi-space-size=1");
  const tasks = JSON.parse(Deno.readTextFileSync(new URL("deno.json", root))).tasks as Record<string, string>;
  for (const name of ["start", "cli"]) {
    assert(
      tasks[name]!.startsWith(`deno run --allow-all ${v8FlagsArgument()} main.ts`),
      `task ${name}: ${tasks[name]}`,
    );
  }
  assert(Deno.readTextFileSync(new URL("scripts/compile.ts", root)).includes("v8FlagsArgument()"), "compile.ts");
  const argv = oursCommand({ repoRoot: "/repo" }, ["version"]);
  assertEquals(argv.slice(1), ["run", "--allow-all", v8FlagsArgument(), "/repo/main.ts", "version"]);
});

Deno.test("deno accepts the V8 flags, and with them the young generation stays at 2 MB", async () => {
  // Much short-lived garbage: without the flag V8 grows the young generation ("new_space") to tens of MB.
  const script = `import v8 from "node:v8";
    let keep = [];
    for (let i = 0; i < 3_000_000; i++) { keep.push({ i, s: "x" + i }); if (keep.length > 20000) keep = []; }
    console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size);`;
  const run = async (flags: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), { args: ["eval", ...flags, script] }).output();
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    return Number(new TextDecoder().decode(out.stdout)) / 1048576;
  };
  const [plain, flagged] = [await run([]), await run([v8FlagsArgument()])];
  assert(V8_FLAGS.length > 0);
  assert(flagged <= 2, `new space ${flagged} MiB with the flags`);
  assert(plain > 8, `new space ${plain} MiB without them (else this test proves nothing)`);
});
