/**
 * Reading a backend option where a URL query parameter overrides the command line, as Duplicati does
 * (`file:///x?disable-length-verification=true`).
 * @module
 */
import type { Options, OptionSpec } from "../options/option_spec.ts";
import type { TargetUrl } from "./target_url.ts";

/** The value of `spec` from the URL query (name or alias, case-insensitive) or else from `options`. */
export function backendOption<T>(spec: OptionSpec<T>, source: { url: TargetUrl; options: Options }): T {
  for (const name of [spec.name, ...(spec.aliases ?? [])]) {
    const raw = source.url.query.get(name.toLowerCase());
    if (raw !== undefined) return spec.parse(raw);
  }
  return source.options.get(spec);
}
