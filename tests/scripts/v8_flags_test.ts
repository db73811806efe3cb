import { V8_FLAGS, v8FlagsArgument } from "../../scripts/v8_flags.ts";
import { oursCommand } from "../../bench/tools.ts";
import { assert, assertEquals } from "../support/assert.ts";

const root = new URL("../../", import.meta.url);

Deno.test("the V8 flags are the same for deno task start/cli, the compiled executables and the bench", () => {
  assertEquals(v8FlagsArgument(), "--v8-flags=--max-semi-space-size=1,--heap-growing-percent=50");
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

Deno.test("with the V8 flags the old generation grows to about 1.5x its live size, not 3x", async () => {
  // About 40 MB stays live while short-lived objects are promoted and die in the old generation.
  const script = `import v8 from "node:v8";
    const live = [];
    for (let i = 0; i < 300_000; i++) live.push({ i, s: "live-" + i + "-".repeat(40) });
    const ring = new Array(100_000);
    let max = 0;
    for (let i = 0; i < 4_000_000; i++) {
      ring[i % ring.length] = { i, s: "churn-" + i };
      if (i % 50_000 === 0) max = Math.max(max, v8.getHeapStatistics().total_heap_size);
    }
    console.log(live.length > 0 ? max : 0);`;
  const run = async (flags: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), { args: ["eval", ...flags, script] }).output();
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    return Number(new TextDecoder().decode(out.stdout)) / 1048576;
  };
  const semiSpaceOnly = `--v8-flags=${V8_FLAGS.filter((f) => !f.startsWith("--heap-growing-percent")).join(",")}`;
  const [without, flagged] = [await run([semiSpaceOnly]), await run([v8FlagsArgument()])];
  // Measured: 321 MiB without, 129 MiB with.
  assert(flagged < 200, `heap peaked at ${flagged.toFixed(1)} MiB with the flags`);
  assert(without > 1.8 * flagged, `heap peaked at ${without.toFixed(1)} MiB without, ${flagged.toFixed(1)} with`);
});
