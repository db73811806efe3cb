import { type OptionDef, parseLine } from "../../lib/serverutil/args.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const DEFS: OptionDef[] = [
  { name: "hosturl", kind: "value", description: "" },
  { name: "json", kind: "flag", description: "" },
];
const RUN_DEFS: OptionDef[] = [...DEFS, { name: "wait", kind: "flag", description: "" }, {
  name: "poll-interval",
  kind: "value",
  description: "",
}];
const known = (command: string | undefined) =>
  new Map((command === "run" ? RUN_DEFS : DEFS).map((def) => [def.name, def]));

Deno.test("parseLine() accepts --opt value and --opt=value before and after the command", () => {
  const line = parseLine(["--hosturl", "http://h:1", "run", "7", "--poll-interval=2", "--wait"], known);
  assertEquals(line.command, "run");
  assertEquals(line.positionals, ["7"]);
  assertEquals(line.values.get("hosturl"), "http://h:1");
  assertEquals(line.values.get("poll-interval"), "2");
  assertEquals(line.flags.get("wait"), true);
});

Deno.test("parseLine() lets a flag take true/false but not a backup ID", () => {
  const line = parseLine(["run", "--wait", "1", "--json", "false"], known);
  assertEquals(line.positionals, ["1"]);
  assertEquals(line.flags.get("wait"), true);
  assertEquals(line.flags.get("json"), false);
  assertEquals(parseLine(["run", "--wait=no", "x"], known).flags.get("wait"), false);
});

Deno.test("parseLine() rejects unknown options, missing values and non-boolean flag values", () => {
  assertThrows(
    () => parseLine(["run", "--bogus", "1"], known),
    UserInputError,
    'unknown option "--bogus" for command "run"',
  );
  assertThrows(() => parseLine(["run", "1", "--poll-interval"], known), UserInputError, "needs a value");
  assertThrows(() => parseLine(["run", "1", "--wait=maybe"], known), UserInputError, "takes true or false");
  // --wait is only known to run
  assertThrows(() => parseLine(["status", "--wait"], known), UserInputError, "unknown option");
});

Deno.test("parseLine() treats everything after -- as positional", () => {
  const line = parseLine(["run", "--", "--odd-name"], known);
  assertEquals(line.command, "run");
  assertEquals(line.positionals, ["--odd-name"]);
});

Deno.test('parseLine() reads -x as --x, strips quotes from --name="value" and takes a blank flag value as true', () => {
  const line = parseLine(["-hosturl", "http://h:1", "run", "2", '--poll-interval="5"', "--wait=", "-json=off"], known);
  assertEquals(line.values.get("hosturl"), "http://h:1");
  assertEquals(line.values.get("poll-interval"), "5");
  assertEquals(line.flags.get("wait"), true);
  assertEquals(line.flags.get("json"), false);
  assertEquals(line.positionals, ["2"]);
  assertEquals(parseLine(["--HostUrl=http://x:2", "status"], known).command, "status");
});
