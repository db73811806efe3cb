/**
 * Reading request bodies and query parameters with errors that name the field: bad JSON and bad fields become
 * HttpError 400, never a 500.
 * @module
 */
import type { Context } from "hono";
import { UserInputError } from "../core/errors.ts";
import { InvalidValueError } from "../options/invalid_value_error.ts";
import { badField, HttpError } from "./http_error.ts";

/** The JSON body; 400 when it is not valid JSON (an empty body is `{}` when `allowEmpty`). */
export async function readJson(c: Context, env: { allowEmpty?: boolean } = {}): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") {
    if (env.allowEmpty) return {};
    throw new HttpError(400, "The request body is empty; a JSON body is required", { reason: "invalid-json" });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `The request body is not valid JSON: ${(error as Error).message}`, {
      reason: "invalid-json",
    });
  }
}

/** The value as a plain object, else 400 naming `field`. */
export function objectField(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw badField(field, "must be an object");
  return value as Record<string, unknown>;
}

export function stringField(
  obj: Record<string, unknown>,
  key: string,
  env: { path?: string; optional?: false },
): string;
export function stringField(
  obj: Record<string, unknown>,
  key: string,
  env: { path?: string; optional: true },
): string | undefined;
/** obj[key] as a string; 400 naming `path.key` when missing (unless optional) or of another type. */
export function stringField(
  obj: Record<string, unknown>,
  key: string,
  env: { path?: string; optional?: boolean },
): string | undefined {
  const value = obj[key];
  const name = env.path ? `${env.path}.${key}` : key;
  if (value === undefined || value === null) {
    if (env.optional) return undefined;
    throw badField(name, "is required");
  }
  if (typeof value !== "string") throw badField(name, "must be a string");
  return value;
}

/** obj[key] as a boolean (true/false or "true"/"false"); `fallback` when absent. */
export function booleanField(obj: Record<string, unknown>, key: string, env: { path?: string; fallback: boolean }) {
  const value = obj[key];
  const name = env.path ? `${env.path}.${key}` : key;
  if (value === undefined || value === null) return env.fallback;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  throw badField(name, "must be true or false");
}

/** obj[key] as an array of strings; `fallback` when absent. */
export function stringArrayField(
  obj: Record<string, unknown>,
  key: string,
  env: { path?: string; fallback?: string[] },
): string[] {
  const value = obj[key];
  const name = env.path ? `${env.path}.${key}` : key;
  if (value === undefined || value === null) {
    if (env.fallback) return env.fallback;
    throw badField(name, "is required");
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw badField(name, "must be an array of strings");
  }
  return value as string[];
}

/** A boolean query parameter ("true"/"false"/"1"/"0", case-insensitive); `fallback` when absent. */
export function queryBoolean(c: Context, name: string, fallback: boolean): boolean {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return fallback;
  const lower = raw.toLowerCase();
  if (lower === "true" || lower === "1") return true;
  if (lower === "false" || lower === "0") return false;
  throw badField(name, `must be true or false, not "${raw}"`);
}

/** An integer query parameter within [min, max]; `fallback` when absent. */
export function queryInteger(c: Context, name: string, env: { fallback: number; min: number; max: number }): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return env.fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < env.min || value > env.max) {
    throw badField(name, `must be a whole number from ${env.min} to ${env.max}, not "${raw}"`);
  }
  return value;
}

/**
 * What `parse()` returns; a UserInputError it throws becomes a 400 naming `field` (an InvalidValueError as
 * `"<text>" is not a <what>: <detail>`).
 */
export function parsedField<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidValueError) {
      throw badField(field, `"${error.text}" is not a ${error.what}: ${error.detail}`);
    }
    if (error instanceof UserInputError) throw badField(field, error.message);
    throw error;
  }
}

/**
 * The numeric route parameter `name` (a positive whole number); 404 `<what> "<raw>" was not found` otherwise, as
 * for an id that does not exist.
 */
export function idParam(c: Context, env: { name: string; what: string }): number {
  const raw = c.req.param(env.name) ?? "";
  const id = Number(raw);
  if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) {
    throw new HttpError(404, `${env.what} "${raw}" was not found`, { reason: "not-found" });
  }
  return id;
}

/** The numeric `:id` route parameter of a configured backup; 404 for anything that is not a positive integer. */
export function backupIdParam(c: Context): number {
  return idParam(c, { name: "id", what: "Backup" });
}
