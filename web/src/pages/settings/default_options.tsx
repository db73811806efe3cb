/**
 * The default options for all backups (Duplicati's global "application options": `--name` keys among the server
 * settings, PATCH /serversettings sets one, null removes it): the current ones with Edit and Remove, and a search
 * of every option the server knows (GET /systeminfo) to add one with its description, default and a checked value.
 * @module
 */
import { useState } from "preact/hooks";
import { api, errorMessage } from "../../api/client.ts";
import { ErrorBox, Field, Notice, useAction } from "../../components/ui.tsx";
import {
  type CatalogueOption,
  initialOptionValue,
  optionValueHint,
  OptionValueInput,
  optionValueProblem,
} from "./option_input.tsx";

const MAX_RESULTS = 40;

export function DefaultOptions(props: {
  settings: Readonly<Record<string, string>>;
  catalogue: readonly CatalogueOption[];
  placeholder: string;
  onChanged: () => void;
}) {
  const [query, setQuery] = useState("");
  const [picked, setPicked] = useState<{ option: CatalogueOption; existing: boolean } | undefined>(undefined);
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [save, saving, saveError, clearError] = useAction(async (name: string, next: string | null) => {
    await api.patch("/serversettings", { [`--${name}`]: next });
  });

  const current = Object.entries(props.settings)
    .filter(([key]) => key.startsWith("--"))
    .map(([key, stored]) => ({ name: key.slice(2), stored }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const byName = new Map(props.catalogue.map((o) => [o.Name, o]));

  const pick = (option: CatalogueOption, existing: boolean, stored?: string) => {
    setPicked({ option, existing });
    setValue(stored === undefined || stored === props.placeholder ? initialOptionValue(option) : stored);
    setProblem(undefined);
    setDone(undefined);
    clearError();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!picked) return;
    const wrong = optionValueProblem(picked.option, value);
    setProblem(wrong);
    if (wrong !== undefined) return;
    const name = picked.option.Name;
    if (await save(name, value.trim())) {
      const shown = picked.option.Type === "Password" ? "(hidden)" : `"${value.trim()}"`;
      setDone(`Saved: every backup now uses --${name} = ${shown} unless it sets the option itself.`);
      setPicked(undefined);
      setQuery("");
      props.onChanged();
    }
  };

  const remove = async (name: string) => {
    setDone(undefined);
    if (await save(name, null)) {
      setDone(`Removed --${name}: backups use its built-in default again.`);
      if (picked?.option.Name === name) setPicked(undefined);
      props.onChanged();
    }
  };

  const results = search(props.catalogue, query);
  return (
    <div class="default-options">
      {done ? <Notice kind="success">{done}</Notice> : null}
      <ErrorBox error={saveError && `Not saved: ${errorMessage(saveError)}`} />
      {current.length === 0
        ? <p class="muted">No default options yet: each backup uses the built-in defaults and its own options.</p>
        : (
          <table class="options-table">
            <thead>
              <tr>
                <th scope="col">Option</th>
                <th scope="col">Value</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {current.map(({ name, stored }) => {
                const option = byName.get(name);
                return (
                  <tr key={name}>
                    <td>
                      <code>--{name}</code>
                      {option ? <div class="muted small">{option.ShortDescription}</div> : null}
                    </td>
                    <td class="option-value">
                      {stored === props.placeholder ? <em>(hidden)</em> : <code>{stored}</code>}
                    </td>
                    <td class="nowrap option-actions">
                      <button
                        type="button"
                        aria-label={`Edit --${name}`}
                        onClick={() => pick(option ?? unknownOption(name), true, stored)}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        aria-label={`Remove --${name}`}
                        disabled={saving}
                        onClick={() => void remove(name)}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}

      {picked
        ? (
          <form class="option-editor" onSubmit={submit} aria-labelledby="option-editor-title">
            <h3 id="option-editor-title">
              {picked.existing ? "Change" : "Add"} <code>--{picked.option.Name}</code>
            </h3>
            <p>{picked.option.LongDescription || picked.option.ShortDescription}</p>
            <p class="muted small">
              Type: {picked.option.Type}
              {picked.option.DefaultValue !== ""
                ? (
                  <>
                    {" · "}Built-in default: <code>{picked.option.DefaultValue}</code>
                  </>
                )
                : null}
              {picked.option.Module !== "" ? <>{" · "}Applies to: {picked.option.Module}</> : null}
            </p>
            {picked.option.Deprecated
              ? <Notice kind="warning">Deprecated: {picked.option.DeprecationMessage}</Notice>
              : null}
            <Field label="Value" hint={optionValueHint(picked.option) || undefined} error={problem}>
              {(id, describedBy) => (
                <OptionValueInput
                  option={picked.option}
                  id={id}
                  describedBy={describedBy}
                  value={value}
                  onChange={(next) => {
                    setValue(next);
                    if (problem !== undefined) setProblem(optionValueProblem(picked.option, next));
                  }}
                />
              )}
            </Field>
            <div class="button-row">
              <button type="submit" class="primary" disabled={saving}>{saving ? "Saving…" : "Save option"}</button>
              <button type="button" onClick={() => setPicked(undefined)}>Cancel</button>
            </div>
          </form>
        )
        : (
          <div class="option-search">
            <h3>Add a default option</h3>
            <Field label="Find an option" hint="Type part of an option's name or description.">
              {(id, describedBy) => (
                <input
                  id={id}
                  type="search"
                  autoComplete="off"
                  aria-describedby={describedBy}
                  value={query}
                  onInput={(e) => setQuery(e.currentTarget.value)}
                />
              )}
            </Field>
            {query.trim() === ""
              ? null
              : results.length === 0
              ? <p class="muted">No option matches “{query.trim()}”.</p>
              : (
                <ul class="option-results" aria-label="Matching options">
                  {results.map((option) => (
                    <li key={`${option.Module}:${option.Name}`}>
                      <button type="button" class="option-result" onClick={() => pick(option, false)}>
                        <code>--{option.Name}</code>
                        {option.Deprecated ? <span class="badge badge-warn">deprecated</span> : null}
                        {option.Module !== "" ? <span class="badge">{option.Module}</span> : null}
                        <span class="muted small">{option.ShortDescription}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
          </div>
        )}
    </div>
  );
}

/** Options whose name or description contains the query; name matches first, then by name. */
function search(catalogue: readonly CatalogueOption[], query: string): CatalogueOption[] {
  const q = query.trim().replace(/^-+/, "").toLowerCase();
  if (q === "") return [];
  const rank = (o: CatalogueOption) => o.Name.startsWith(q) ? 0 : o.Name.includes(q) ? 1 : 2;
  return catalogue
    .filter((o) => o.Name.includes(q) || o.ShortDescription.toLowerCase().includes(q))
    .sort((a, b) => rank(a) - rank(b) || Number(a.Deprecated) - Number(b.Deprecated) || a.Name.localeCompare(b.Name))
    .slice(0, MAX_RESULTS);
}

/** A stored option the server does not describe (set by an older version or an import): edited as text. */
function unknownOption(name: string): CatalogueOption {
  return {
    Name: name,
    Type: "String",
    Typename: "String",
    ShortDescription: "An option this server does not describe.",
    LongDescription: "",
    DefaultValue: "",
    Aliases: null,
    ValidValues: null,
    Deprecated: false,
    DeprecationMessage: "",
    Category: "core",
    Module: "",
  };
}
