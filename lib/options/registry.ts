/**
 * The collection of every known option spec. It only collects: help, `systeminfo` and validation read it;
 * option values never live here.
 * @module
 */
import type { OptionSpec } from "./option_spec.ts";

/** Options that only Duplicati itself may set; supplying one is refused (CLI exit 200). */
export const INTERNAL_OPTION_NAMES: readonly string[] = ["main-action"];

/** Normalises a user-supplied option name: lower-case, without leading dashes. */
export function normalizeOptionName(name: string): string {
  return name.replace(/^--?/, "").toLowerCase();
}

/** Specs by name and alias, case-insensitive. */
export class OptionRegistry {
  readonly #specs: OptionSpec<unknown>[] = [];
  readonly #byName = new Map<string, OptionSpec<unknown>>();

  /**
   * Adds specs. Registering the very same spec object again is a no-op (several commands share specs);
   * a different spec that reuses a name or alias throws TypeError.
   */
  register(...specs: OptionSpec<unknown>[]): void {
    for (const spec of specs) {
      const names = [spec.name, ...(spec.aliases ?? [])].map(normalizeOptionName);
      const owners = names.map((name) => this.#byName.get(name));
      if (owners.every((owner) => owner === spec)) continue;
      const clash = names.find((name, index) => owners[index] !== undefined || names.indexOf(name) !== index);
      if (clash !== undefined) {
        const owner = this.#byName.get(clash);
        const by = owner === undefined ? `--${spec.name} itself` : `--${owner.name}`;
        throw new TypeError(`Cannot register option --${spec.name}: the name "${clash}" is already used by ${by}`);
      }
      for (const name of names) this.#byName.set(name, spec);
      this.#specs.push(spec);
    }
  }

  /** The spec for a name or alias (any case, with or without leading dashes), or undefined. */
  lookup(name: string): OptionSpec<unknown> | undefined {
    return this.#byName.get(normalizeOptionName(name));
  }

  /** Every registered spec, in registration order. */
  all(): readonly OptionSpec<unknown>[] {
    return [...this.#specs];
  }
}
