/**
 * Turns the raw option map from the command line, a parameters file or the server database into typed
 * {@link Options}. Everything is validated here, eagerly, so bad values fail before any work starts.
 * @module
 */
import { UserInputError } from "../core/errors.ts";
import type { Options, OptionSpec } from "./option_spec.ts";
import { INTERNAL_OPTION_NAMES, normalizeOptionName, type OptionRegistry } from "./registry.ts";

/** The outcome of {@link resolveOptions}: typed options and the warnings to log. */
export interface ResolvedOptions {
  readonly options: Options;
  /** Unknown, deprecated, junk-boolean and similar notices, in input order, ready to log as warnings. */
  readonly warnings: readonly string[];
}

interface Supplied {
  readonly raw: string | undefined;
  readonly value: unknown;
}

/**
 * Resolves raw options against the registry.
 * - Names are case-insensitive and aliases map to their spec; when a name and its alias are both given, the
 *   later entry of the map wins (parseArgs keeps the map in order of last occurrence).
 * - Unknown names give the warning `The supplied option --X is not supported and will be ignored`, and stay
 *   readable through `raw()` (backends with free-form query options use that).
 * - Deprecated options give `The option --X has been deprecated: <advice>`.
 * - Bad values throw UserInputError naming the option and the accepted form; internal options
 *   ({@link INTERNAL_OPTION_NAMES}) throw too.
 */
export function resolveOptions(
  raw: ReadonlyMap<string, string | undefined>,
  registry: OptionRegistry,
): ResolvedOptions {
  const warnings: string[] = [];
  const rawByName = new Map<string, string | undefined>();
  const chosen = new Map<string, { spec: OptionSpec<unknown>; raw: string | undefined }>();
  for (const [givenName, value] of raw) {
    const name = normalizeOptionName(givenName);
    if (INTERNAL_OPTION_NAMES.includes(name)) {
      throw new UserInputError(`Cannot use --${name}: the option is reserved for internal use`);
    }
    rawByName.set(name, value);
    const spec = registry.lookup(name);
    if (spec === undefined) {
      warnings.push(`The supplied option --${name} is not supported and will be ignored`);
      continue;
    }
    if (spec.deprecated !== undefined) warnings.push(`The option --${name} has been deprecated: ${spec.deprecated}`);
    chosen.delete(spec.name);
    chosen.set(spec.name, { spec, raw: value });
  }
  const supplied = new Map<string, Supplied & { readonly spec: OptionSpec<unknown> }>();
  for (const [name, { spec, raw: value }] of chosen) {
    supplied.set(name, { spec, raw: value, value: spec.parse(value) });
    const warning = spec.warning?.(value);
    if (warning !== undefined) warnings.push(warning);
  }
  return { options: new ResolvedOptionSet(supplied, rawByName), warnings };
}

/**
 * Resolves a plain record (server settings, tests). Keys may carry leading dashes. Warnings are dropped;
 * bad values still throw UserInputError.
 */
export function optionsFromRecord(record: Readonly<Record<string, string>>, registry: OptionRegistry): Options {
  return resolveOptions(new Map(Object.entries(record)), registry).options;
}

class ResolvedOptionSet implements Options {
  readonly #supplied: ReadonlyMap<string, Supplied>;
  readonly #raw: ReadonlyMap<string, string | undefined>;
  readonly #byAnyName = new Map<string, Supplied>();
  readonly #lazy = new Map<string, unknown>();

  constructor(
    supplied: ReadonlyMap<string, Supplied & { readonly spec: OptionSpec<unknown> }>,
    raw: ReadonlyMap<string, string | undefined>,
  ) {
    this.#supplied = supplied;
    this.#raw = raw;
    for (const entry of supplied.values()) {
      for (const name of [entry.spec.name, ...(entry.spec.aliases ?? [])]) this.#byAnyName.set(name, entry);
    }
  }

  get<T>(spec: OptionSpec<T>): T {
    const supplied = this.#supplied.get(spec.name);
    if (supplied !== undefined) return supplied.value as T;
    // A spec that was not registered (for example a backend's own option): parse its raw text on first use.
    if (this.#lazy.has(spec.name)) return this.#lazy.get(spec.name) as T;
    const name = this.#rawName(spec);
    if (name === undefined) return spec.default;
    const value = spec.parse(this.#raw.get(name));
    this.#lazy.set(spec.name, value);
    return value;
  }

  isSet(spec: OptionSpec<unknown>): boolean {
    return this.#supplied.has(spec.name) || this.#rawName(spec) !== undefined;
  }

  raw(name: string): string | undefined {
    const normalized = normalizeOptionName(name);
    const supplied = this.#byAnyName.get(normalized);
    return supplied !== undefined ? supplied.raw : this.#raw.get(normalized);
  }

  /** The name (spec name or alias) under which an unregistered spec was supplied last. */
  #rawName(spec: OptionSpec<unknown>): string | undefined {
    const names = new Set([spec.name, ...(spec.aliases ?? [])]);
    let found: string | undefined;
    for (const name of this.#raw.keys()) if (names.has(name)) found = name;
    return found;
  }
}
