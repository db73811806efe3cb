/**
 * The option registry the CLI validates against and `help` lists: engine options plus every backend's own.
 * @module
 */
import { builtinBackends } from "../backends/builtin.ts";
import { RETRY_OPTIONS } from "../backends/retry_options.ts";
import { commonOptionSpecs } from "../options/common_options.ts";
import type { OptionSpec } from "../options/option_spec.ts";
import { OptionRegistry } from "../options/registry.ts";

let registry: OptionRegistry | undefined;

/** Every option spec, each name once. */
export function allOptionSpecs(): OptionSpec<unknown>[] {
  const byName = new Map<string, OptionSpec<unknown>>();
  const add = (spec: OptionSpec<unknown>) => {
    if (!byName.has(spec.name)) byName.set(spec.name, spec);
  };
  commonOptionSpecs().forEach(add);
  RETRY_OPTIONS.forEach((s) => add(s as OptionSpec<unknown>));
  for (const factory of builtinBackends().all()) factory.options.forEach(add);
  return [...byName.values()];
}

export function cliRegistry(): OptionRegistry {
  if (!registry) {
    registry = new OptionRegistry();
    registry.register(...allOptionSpecs());
  }
  return registry;
}
