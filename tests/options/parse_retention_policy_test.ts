import { UserInputError } from "../../lib/core/errors.ts";
import { parseRetentionPolicy } from "../../lib/options/parse_retention_policy.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const S = 1000;
const D = 86_400 * S;
const FORMS = `use units s, m, h, D, W, M, Y (case-sensitive), for example "1D", "2h30m" or "1D-1s"`;

Deno.test("parseRetentionPolicy() reads timeframe:interval pairs in order, intervals in ms (a month is 30 days)", () => {
  assertEquals(parseRetentionPolicy("1W:1D,4W:1W,12M:1M"), [
    { timeframe: "1W", interval: D },
    { timeframe: "4W", interval: 7 * D },
    { timeframe: "12M", interval: 30 * D },
  ]);
  assertEquals(parseRetentionPolicy("2h30m:15m"), [{ timeframe: "2h30m", interval: 15 * 60 * S }]);
  assertEquals(parseRetentionPolicy("1Y:1D-1s"), [{ timeframe: "1Y", interval: D - S }]);
});

Deno.test("parseRetentionPolicy() reads U as an unlimited timeframe and 0s or U as keep-everything", () => {
  assertEquals(parseRetentionPolicy("U:1M"), [{ timeframe: undefined, interval: 30 * D }]);
  assertEquals(parseRetentionPolicy("7D:0s"), [{ timeframe: "7D", interval: 0 }]);
  assertEquals(parseRetentionPolicy("7D:U"), [{ timeframe: "7D", interval: 0 }]);
  assertEquals(parseRetentionPolicy("u:u"), [{ timeframe: undefined, interval: 0 }]);
  assertEquals(parseRetentionPolicy("7D:0s,3M:1D,U:1M"), [
    { timeframe: "7D", interval: 0 },
    { timeframe: "3M", interval: D },
    { timeframe: undefined, interval: 30 * D },
  ]);
});

Deno.test("parseRetentionPolicy() ignores spaces and empty parts between commas", () => {
  assertEquals(parseRetentionPolicy(" 1W : 1D , 4W:1W "), [
    { timeframe: "1W", interval: D },
    { timeframe: "4W", interval: 7 * D },
  ]);
  assertEquals(parseRetentionPolicy("1W:1D,,4W:1W,"), [
    { timeframe: "1W", interval: D },
    { timeframe: "4W", interval: 7 * D },
  ]);
});

function refused(text: string): string {
  return assertThrows(() => parseRetentionPolicy(text), UserInputError).message;
}

Deno.test("parseRetentionPolicy() refuses a part that is not timeframe:interval", () => {
  const form = (policy: string, part: string) =>
    `Cannot parse retention policy "${policy}": "${part}" is not of the form timeframe:interval, such as "4W:1W"`;
  assertEquals(refused("1W"), form("1W", "1W"));
  assertEquals(refused("1W:1D:2"), form("1W:1D:2", "1W:1D:2"));
  assertEquals(refused(":1D"), form(":1D", ":1D"));
  assertEquals(refused("1W:"), form("1W:", "1W:"));
  assertEquals(refused("1W:1D,4W"), form("1W:1D,4W", "4W"));
});

Deno.test("parseRetentionPolicy() refuses an empty policy", () => {
  assertEquals(refused(""), `Cannot parse retention policy "": it has no rules`);
  assertEquals(refused(" , "), `Cannot parse retention policy " , ": it has no rules`);
});

Deno.test("parseRetentionPolicy() refuses unknown units in the timeframe or the interval, naming the span", () => {
  assertEquals(
    refused("1X:1D"),
    `Cannot parse retention policy "1X:1D": Cannot parse timespan "1X": unknown unit "X"; ${FORMS}`,
  );
  assertEquals(
    refused("1W:1X"),
    `Cannot parse retention policy "1W:1X": Cannot parse timespan "1X": unknown unit "X"; ${FORMS}`,
  );
  assertEquals(
    refused("1w:1D"),
    `Cannot parse retention policy "1w:1D": Cannot parse timespan "1w": unknown unit "w" (did you mean "W"?); ${FORMS}`,
  );
  assertEquals(
    refused("1.5D:1D"),
    `Cannot parse retention policy "1.5D:1D": Cannot parse timespan "1.5D": fractions are not allowed; ` +
      `use smaller units such as "90m"`,
  );
});

Deno.test("parseRetentionPolicy() refuses a timeframe that is not positive and a negative interval", () => {
  assertEquals(refused("-1W:1D"), `Cannot parse retention policy "-1W:1D": the timeframe "-1W" is not positive`);
  assertEquals(refused("0s:1D"), `Cannot parse retention policy "0s:1D": the timeframe "0s" is not positive`);
  assertEquals(refused("1W:-1D"), `Cannot parse retention policy "1W:-1D": the interval "-1D" is negative`);
  assertEquals(
    refused("1W:1D,4W:-1W"),
    `Cannot parse retention policy "1W:1D,4W:-1W": the interval "-1W" is negative`,
  );
});
