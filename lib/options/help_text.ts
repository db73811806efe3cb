/**
 * Help text for options, in the layout of Duplicati's `help <option>` output:
 * `--name (Type): summary`, then aliases, values, default and deprecation lines.
 * @module
 */
import type { OptionKind, OptionSpec } from "./option_spec.ts";

const TYPE_NAMES = {
  boolean: "Boolean",
  integer: "Integer",
  size: "Size",
  timespan: "Timespan",
  string: "String",
  path: "Path",
  enum: "Enumeration",
  password: "Password",
  datetime: "DateTime",
  decimal: "Decimal",
} as const satisfies Record<OptionKind, string>;

/** Duplicati's name of an option type (CommandLineArgument.ArgumentType). */
export type OptionTypeName = (typeof TYPE_NAMES)[OptionKind];

/** The type name help and the API show for an option kind ("Size", "Enumeration", ...). */
export function optionTypeName(kind: OptionKind): OptionTypeName {
  return TYPE_NAMES[kind];
}

/** Layout settings for help text. */
export interface HelpLayout {
  /** Prefix of the first line; continuation lines get two more spaces. Default two spaces. */
  readonly indent?: string;
  /** Wrap width in characters; default 100. */
  readonly width?: number;
}

/** The help block of one option, lines joined with "\n" and no trailing newline. */
export function formatOptionHelp(spec: OptionSpec<unknown>, layout: HelpLayout = {}): string {
  const indent = layout.indent ?? "  ";
  const width = layout.width ?? 100;
  const inner = `${indent}  `;
  const lines = wrap(`--${spec.name} (${optionTypeName(spec.kind)}): ${spec.summary}`, width, indent, inner);
  if (spec.deprecated !== undefined) lines.push(...wrap(`[DEPRECATED]: ${spec.deprecated}`, width, inner, inner));
  if (spec.aliases && spec.aliases.length > 0) {
    lines.push(...wrap(`* aliases: ${spec.aliases.map((alias) => `--${alias}`).join(", ")}`, width, inner, inner));
  }
  if (spec.values && spec.values.length > 0) {
    lines.push(...wrap(`* values: ${spec.values.join(", ")}`, width, inner, inner));
  }
  const defaultText = describeDefault(spec);
  if (defaultText !== undefined) lines.push(`${inner}* default value: ${defaultText}`);
  return lines.join("\n");
}

/**
 * Help for many options, grouped by category (in order of first appearance; uncategorised last under "Other")
 * and sorted by name within a group. Each group starts with a `<Category> options:` heading.
 */
export function formatOptionList(specs: readonly OptionSpec<unknown>[], layout: HelpLayout = {}): string {
  const groups = new Map<string, OptionSpec<unknown>[]>();
  for (const spec of specs) {
    const key = spec.category ?? "";
    const group = groups.get(key) ?? [];
    group.push(spec);
    groups.set(key, group);
  }
  const keys = [...groups.keys()].sort((a, b) => (a === "" ? 1 : 0) - (b === "" ? 1 : 0));
  const blocks: string[] = [];
  for (const key of keys) {
    const group = [...(groups.get(key) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    const title = key === "" ? "Other" : key.charAt(0).toUpperCase() + key.slice(1);
    blocks.push([`${title} options:`, ...group.map((spec) => formatOptionHelp(spec, layout))].join("\n"));
  }
  return blocks.join("\n\n");
}

/**
 * The default as the user would type it ("50mb", "10s", a list joined with ","); undefined when there is none to
 * show (no default, an empty one, or a password's).
 */
export function describeDefault(spec: OptionSpec<unknown>): string | undefined {
  if (spec.kind === "password") return undefined;
  if (spec.defaultText !== undefined) return spec.defaultText === "" ? undefined : spec.defaultText;
  const value = spec.default;
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.join(",");
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function wrap(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}
