/**
 * The advanced options editor of step 5: every option of GET /systeminfo (engine options, the chosen storage
 * type's and the compression and encryption modules'), searchable, added one at a time. Each added option shows
 * its description and default and an input that fits its type, checked as the user types; Remove takes it out.
 * @module
 */
import { useState } from "preact/hooks";
import { Field } from "../../components/ui.tsx";
import type { EditorModel, FieldErrors } from "./model.ts";
import { OptionInput } from "./option_input.tsx";
import { initialOptionValue, optionValueProblem, searchOptions } from "./option_values.ts";
import type { ContextStepProps, OptionDto, SystemInfoDto } from "./step_context.ts";

/** Options that have their own fields in the wizard (or that the server sets itself), so they are not offered. */
const OWN_FIELDS: ReadonlySet<string> = new Set([
  "passphrase",
  "no-encryption",
  "encryption-module",
  "dblock-size",
  "keep-time",
  "keep-versions",
  "retention-policy",
  "skip-files-larger-than",
  "exclude-files-attributes",
  "dbpath",
  "backup-id",
  "backup-name",
]);

/** Every option a backup with storage type `backend` can take, by name and by alias (lower case). */
export function optionCatalogue(system: SystemInfoDto, backend: string): Map<string, OptionDto> {
  const modules = [
    ...system.BackendModules.filter((m) => m.Key === backend),
    ...system.CompressionModules,
    ...system.EncryptionModules,
  ];
  const map = new Map<string, OptionDto>();
  for (const option of [...system.Options, ...modules.flatMap((m) => m.Options)]) {
    for (const name of [option.Name, ...(option.Aliases ?? [])]) {
      if (!map.has(name.toLowerCase())) map.set(name.toLowerCase(), option);
    }
  }
  return map;
}

/** Type problems of the added options, keyed `advanced.<name>`. */
export function advancedProblems(model: EditorModel, catalogue: ReadonlyMap<string, OptionDto>): FieldErrors {
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(model.advanced)) {
    const option = catalogue.get(name.toLowerCase());
    const problem = option === undefined ? undefined : optionValueProblem(option, value);
    if (problem) errors[`advanced.${name}`] = problem;
  }
  return errors;
}

/** The editor: added options first, then the search to add more. */
export function AdvancedOptions(props: ContextStepProps) {
  const { model, update, errors, context } = props;
  const [query, setQuery] = useState("");
  const catalogue = optionCatalogue(context.system, model.backend);
  const unique = [...new Set(catalogue.values())].filter((o) => !OWN_FIELDS.has(o.Name))
    .sort((a, b) => a.Name.localeCompare(b.Name));
  const added = Object.keys(model.advanced);
  const isAdded = (o: OptionDto) => added.some((k) => catalogue.get(k.toLowerCase()) === o);
  const matches = searchOptions(unique, query);
  const set = (name: string, value: string) => update({ advanced: { ...model.advanced, [name]: value } });
  const remove = (name: string) => {
    const next = { ...model.advanced };
    delete next[name];
    update({ advanced: next });
  };

  return (
    <section class="advanced" aria-labelledby="advanced-title">
      <h3 id="advanced-title">Advanced options</h3>
      <p class="hint">
        Passed to every run of this backup. The defaults suit most backups: add only what you need.
      </p>
      {added.length === 0
        ? <p class="muted">No advanced options are set.</p>
        : (
          <ul class="advanced-list" aria-label="Added options">
            {added.map((name) => {
              const option = catalogue.get(name.toLowerCase());
              const error = errors[`advanced.${name}`];
              return (
                <li key={name} class="advanced-item">
                  <div class="advanced-item-body">
                    <Field label={`--${name}`} error={error} hint={hintOf(option)}>
                      {(id, describedBy) =>
                        option === undefined
                          ? (
                            <input
                              id={id}
                              type="text"
                              value={model.advanced[name]}
                              aria-describedby={describedBy}
                              onInput={(e) => set(name, e.currentTarget.value)}
                            />
                          )
                          : (
                            <OptionInput
                              option={option}
                              id={id}
                              describedBy={describedBy}
                              invalid={error !== undefined}
                              value={model.advanced[name] ?? ""}
                              label={`--${name}`}
                              onChange={(value) => set(name, value)}
                            />
                          )}
                    </Field>
                  </div>
                  <button
                    type="button"
                    class="remove-option"
                    aria-label={`Remove --${name}`}
                    onClick={() => remove(name)}
                  >
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      <div class="option-picker">
        <Field label="Add an option" hint={`${matches.length} of ${unique.length} options. Search by name or words.`}>
          {(id, describedBy) => (
            <input
              id={id}
              type="search"
              value={query}
              placeholder="Search, e.g. retries, verify, log"
              aria-describedby={describedBy}
              onInput={(e) => setQuery(e.currentTarget.value)}
            />
          )}
        </Field>
        <ul class="option-results" aria-label="Options to add">
          {matches.map((option) => (
            <li key={option.Name}>
              <button
                type="button"
                class="option-pick"
                disabled={isAdded(option)}
                aria-label={`Add --${option.Name}`}
                onClick={() => {
                  set(option.Name, initialOptionValue(option));
                  setQuery("");
                }}
              >
                <code>--{option.Name}</code>
                <span class="option-pick-text">{option.ShortDescription}</span>
                <span class="badge">{isAdded(option) ? "added" : option.Type}</span>
              </button>
            </li>
          ))}
          {matches.length === 0 ? <li class="muted">No option matches “{query}”.</li> : null}
        </ul>
      </div>
    </section>
  );
}

function hintOf(option: OptionDto | undefined): string {
  return option === undefined ? "Not an option this server knows; it is passed on as it is." : option.LongDescription;
}
