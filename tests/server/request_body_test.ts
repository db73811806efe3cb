/**
 * Request helpers: parse failures as 400s naming the field, and numeric route ids as 404s when malformed.
 * @module
 */
import { Hono } from "hono";
import { UserInputError } from "../../lib/core/errors.ts";
import { parseTimespan } from "../../lib/options/parse_timespan.ts";
import { HttpError } from "../../lib/server/http_error.ts";
import { idParam, parsedField } from "../../lib/server/request_body.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

Deno.test("parsedField returns the parsed value", () => {
  assertEquals(parsedField("duration", () => parseTimespan("5m")), 300_000);
});

Deno.test("parsedField turns an InvalidValueError into a 400 naming the field with the value and the problem", () => {
  const error = assertThrows(() => parsedField("duration", () => parseTimespan("5x")), HttpError);
  assertEquals([error.status, error.details.field, error.details.reason], [400, "duration", "invalid-field"]);
  assertEquals(error.message.startsWith('Invalid field "duration": "5x" is not a timespan: '), true, error.message);
});

Deno.test("parsedField passes a UserInputError's message on and rethrows other errors", () => {
  const error = assertThrows(() =>
    parsedField("filter", () => {
      throw new UserInputError("Cannot compile filter");
    }), HttpError);
  assertEquals([error.status, error.message], [400, 'Invalid field "filter": Cannot compile filter']);
  assertThrows(() =>
    parsedField("filter", () => {
      throw new RangeError("bug");
    }), RangeError);
});

Deno.test("idParam reads a positive whole number and answers 404 naming the id otherwise", async () => {
  const app = new Hono();
  app.get("/task/:taskid", (c) => c.json({ id: idParam(c, { name: "taskid", what: "Task" }) }));
  app.onError((error, c) => {
    if (!(error instanceof HttpError)) throw error;
    return c.json({ Error: error.message, Reason: error.details.reason }, 404);
  });
  const get = async (id: string) => {
    const response = await app.request(`/task/${id}`);
    return [response.status, await response.json()];
  };
  assertEquals(await get("12"), [200, { id: 12 }]);
  for (const id of ["0", "-1", "1.5", "abc", "99999999999999999999"]) {
    assertEquals(await get(id), [404, { Error: `Task "${id}" was not found`, Reason: "not-found" }], id);
  }
});
