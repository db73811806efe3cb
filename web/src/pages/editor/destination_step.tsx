/**
 * Step 2 of the backup wizard: where the backup is stored. Choose a storage type from /systeminfo BackendModules,
 * fill its fields (a folder with a Browse button for "file"; server, port, path, user name and password for the
 * others; the module's own options), see the URL they build, or edit the URL directly. "Test connection" checks it.
 * @module
 */
import { useState } from "preact/hooks";
import { Field } from "../../components/ui.tsx";
import {
  buildDestination,
  type DestinationFields,
  destinationProblems,
  parseDestination,
  schemeOf,
} from "./backend_fields.ts";
import { ConnectionTest } from "./connection_test.tsx";
import { FolderBrowser } from "../../components/folder_browser.tsx";
import type { EditorModel, FieldErrors } from "./model.ts";
import { OptionInput } from "./option_input.tsx";
import { optionValueProblem } from "./option_values.ts";
import { type ContextStepProps, firstError, type ModuleDto } from "./step_context.ts";

/** Step 2: storage type, its fields, the URL and the connection test. */
export function DestinationStep(props: ContextStepProps) {
  const { model, update, errors, context } = props;
  const modules = context.system.BackendModules;
  const [urlMode, setUrlMode] = useState(false);
  const [browsing, setBrowsing] = useState(false);
  const fields = parseDestination(model.targetUrl, model.backend);
  const module = modules.find((m) => m.Key === model.backend);
  const setFields = (patch: Partial<DestinationFields>) =>
    update({ targetUrl: buildDestination({ ...fields, ...patch, scheme: model.backend }) });

  return (
    <div class="editor-step">
      <div class="grid-2">
        <Field label="Storage type" hint={module?.Description}>
          {(id, describedBy) => (
            <select
              id={id}
              value={model.backend}
              aria-describedby={describedBy}
              onChange={(e) => update({ backend: e.currentTarget.value, targetUrl: "" })}
            >
              {modules.map((m) => <option key={m.Key} value={m.Key}>{m.DisplayName}</option>)}
              {module === undefined
                ? <option value={model.backend}>{model.backend} (not available on this server)</option>
                : null}
            </select>
          )}
        </Field>
      </div>
      <label class="check url-mode">
        <input type="checkbox" checked={urlMode} onChange={(e) => setUrlMode(e.currentTarget.checked)} />
        Edit the URL directly
      </label>
      {urlMode
        ? (
          <Field
            label="Destination URL"
            error={firstError(errors, "targetUrl", "targetUrl.path", "targetUrl.server", "targetUrl.port")}
            hint='For example file:///mnt/backup/documents. Options go after "?", such as ?name=value.'
          >
            {(id, describedBy) => (
              <input
                id={id}
                type="text"
                class="mono"
                value={model.targetUrl}
                spellcheck={false}
                autoComplete="off"
                aria-describedby={describedBy}
                aria-invalid={errors.targetUrl ? true : undefined}
                onInput={(e) => {
                  const url = e.currentTarget.value;
                  update({ targetUrl: url, backend: schemeOf(url) || model.backend });
                }}
              />
            )}
          </Field>
        )
        : (
          <>
            {model.backend === "file"
              ? <FolderField fields={fields} errors={errors} setFields={setFields} browse={() => setBrowsing(true)} />
              : <ServerFields fields={fields} errors={errors} setFields={setFields} />}
            {module && module.Options.length > 0
              ? <ModuleOptions module={module} fields={fields} errors={errors} setFields={setFields} />
              : null}
            <p class="url-preview">
              <span class="muted">Destination URL:</span>{" "}
              {model.targetUrl === "" ? <span class="muted">not set yet</span> : <code>{shownUrl(fields, model)}</code>}
            </p>
          </>
        )}
      <ConnectionTest url={model.targetUrl} backupId={context.backupId} />
      {browsing
        ? (
          <FolderBrowser
            title="Choose a destination folder"
            start={fields.path}
            newFolderHint="Created when you test the connection."
            onClose={() => setBrowsing(false)}
            onChoose={(path) => {
              setBrowsing(false);
              setFields({ path });
            }}
          />
        )
        : null}
    </div>
  );
}

/** The URL with a typed password hidden (the server's placeholder is not a secret). */
function shownUrl(fields: DestinationFields, model: EditorModel): string {
  if (fields.password === "" || fields.password.startsWith("*")) return model.targetUrl;
  return buildDestination({ ...fields, password: "••••••" });
}

interface FieldsProps {
  readonly fields: DestinationFields;
  readonly errors: FieldErrors;
  readonly setFields: (patch: Partial<DestinationFields>) => void;
}

function FolderField(props: FieldsProps & { browse: () => void }) {
  const error = firstError(props.errors, "targetUrl.path", "targetUrl");
  return (
    <div class="folder-field">
      <Field label="Destination folder" error={error} hint="A folder on this computer, a mounted share or a drive.">
        {(id, describedBy) => (
          <div class="input-with-button">
            <input
              id={id}
              type="text"
              value={props.fields.path}
              spellcheck={false}
              autoComplete="off"
              placeholder="/mnt/backup/documents"
              aria-describedby={describedBy}
              aria-invalid={error ? true : undefined}
              onInput={(e) => props.setFields({ path: e.currentTarget.value })}
            />
            <button type="button" onClick={props.browse}>Browse…</button>
          </div>
        )}
      </Field>
    </div>
  );
}

function ServerFields(props: FieldsProps) {
  const { fields, errors, setFields } = props;
  const text = (label: string, key: "server" | "port" | "path" | "username" | "password", hint?: string) => (
    <Field label={label} error={firstError(errors, `targetUrl.${key}`)} hint={hint}>
      {(id, describedBy) => (
        <input
          id={id}
          type={key === "password" ? "password" : "text"}
          value={fields[key]}
          spellcheck={false}
          autoComplete={key === "password" ? "new-password" : "off"}
          aria-describedby={describedBy}
          aria-invalid={errors[`targetUrl.${key}`] ? true : undefined}
          onInput={(e) => setFields({ [key]: e.currentTarget.value })}
        />
      )}
    </Field>
  );
  return (
    <div>
      {errors.targetUrl ? <div class="field-error" role="alert">{errors.targetUrl}</div> : null}
      <div class="grid-2">
        {text("Server", "server", "Host name or IP address.")}
        {text("Port", "port", "Leave empty for the default port.")}
      </div>
      {text("Path on the server", "path")}
      <div class="grid-2">
        {text("User name", "username")}
        {text("Password", "password")}
      </div>
    </div>
  );
}

function ModuleOptions(props: FieldsProps & { module: ModuleDto }) {
  const { fields, setFields, errors } = props;
  const valueOf = (name: string) => fields.options.find(([k]) => k.toLowerCase() === name)?.[1] ?? "";
  const set = (name: string, value: string, fallback: string) => {
    const rest = fields.options.filter(([k]) => k.toLowerCase() !== name);
    setFields({ options: value === "" || value === fallback ? rest : [...rest, [name, value]] });
  };
  return (
    <fieldset class="module-options">
      <legend>Options of this storage type</legend>
      {props.module.Options.map((option) => (
        <Field
          key={option.Name}
          label={option.ShortDescription}
          error={errors[`targetUrl.option.${option.Name}`]}
          hint={<code>--{option.Name}</code>}
        >
          {(id, describedBy) => (
            <OptionInput
              option={option}
              id={id}
              describedBy={describedBy}
              invalid={errors[`targetUrl.option.${option.Name}`] !== undefined}
              value={valueOf(option.Name) || option.DefaultValue}
              onChange={(value) => set(option.Name, value, option.DefaultValue)}
            />
          )}
        </Field>
      ))}
    </fieldset>
  );
}

/** What is wrong with step 2; `modules` are the server's BackendModules. */
export function validateDestination(model: EditorModel, modules: readonly ModuleDto[]): FieldErrors {
  const errors: Record<string, string> = {};
  const url = model.targetUrl.trim();
  const fields = parseDestination(url, model.backend);
  const module = modules.find((m) => m.Key === schemeOf(url || `${model.backend}://`));
  if (module === undefined) {
    const known = modules.map((m) => `${m.DisplayName} (${m.Key}://)`).join(", ");
    errors.targetUrl = `This server cannot store backups at "${schemeOf(url) || model.backend}" destinations. ` +
      `Choose one it supports: ${known}.`;
    return errors;
  }
  for (const [key, problem] of Object.entries(destinationProblems(fields))) errors[`targetUrl.${key}`] = problem;
  if (url === "" && Object.keys(errors).length === 0) errors.targetUrl = "Choose where to store the backup.";
  for (const option of module.Options) {
    const value = fields.options.find(([k]) => k.toLowerCase() === option.Name)?.[1];
    const problem = value === undefined ? undefined : optionValueProblem(option, value);
    if (problem) errors[`targetUrl.option.${option.Name}`] = problem;
  }
  return errors;
}
