import { parseBenchArgs } from "../../bench/bench_options.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

Deno.test("parseBenchArgs() has the documented defaults", () => {
  assertEquals(parseBenchArgs([]), {
    scale: 1,
    keep: false,
    workDir: "/tmp/dup-bench",
    tools: ["ours", "restic"],
    rounds: 1,
    passphrase: "bench-password-1",
    extraArgs: [],
    jsonFile: null,
    timeoutS: 1800,
    help: false,
  });
});

Deno.test("parseBenchArgs() accepts --name=value and --name value forms", () => {
  const options = parseBenchArgs([
    "--scale=0.05",
    "--rounds",
    "3",
    "--only=restic",
    "--work-dir",
    "/tmp/x",
    "--keep",
    "--passphrase=p w",
    "--extra-args=--zip-compression-method=ZStandard --blocksize=1MB",
    "--extra-args",
    "--dblock-size=50MB",
    "--json",
    "--timeout=60",
  ]);
  assertEquals(options.scale, 0.05);
  assertEquals(options.rounds, 3);
  assertEquals(options.tools, ["restic"]);
  assertEquals(options.workDir, "/tmp/x");
  assertEquals(options.keep, true);
  assertEquals(options.passphrase, "p w");
  assertEquals(options.extraArgs, ["--zip-compression-method=ZStandard", "--blocksize=1MB", "--dblock-size=50MB"]);
  assertEquals(options.jsonFile, "");
  assertEquals(options.timeoutS, 60);
  assertEquals(parseBenchArgs(["--json=/tmp/r.json"]).jsonFile, "/tmp/r.json");
});

Deno.test("parseBenchArgs() rejects bad values and unknown options", () => {
  assertThrows(() => parseBenchArgs(["--scale=0"]), UserInputError, "expected a positive number");
  assertThrows(() => parseBenchArgs(["--rounds=1.5"]), UserInputError, "expected a positive integer");
  assertThrows(() => parseBenchArgs(["--only=borg"]), UserInputError, 'expected "ours" or "restic"');
  assertThrows(() => parseBenchArgs(["--rounds"]), UserInputError, "missing value");
  assertThrows(() => parseBenchArgs(["--keep=yes"]), UserInputError, "takes no value");
  assertThrows(() => parseBenchArgs(["--fast"]), UserInputError, 'Cannot parse bench option "--fast": unknown option');
  assertThrows(() => parseBenchArgs(["scale=1"]), UserInputError, 'Cannot parse bench argument "scale=1"');
});
