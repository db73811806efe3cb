/**
 * Step 5 of the backup wizard: the remote volume size (--dblock-size), how long versions are kept (all; the newest
 * N; for a time; smart retention; a custom --retention-policy) and the advanced options editor.
 * @module
 */
import { Field } from "../../components/ui.tsx";
import { AdvancedOptions, advancedProblems } from "./advanced_options.tsx";
import type { EditorModel, FieldErrors, Retention } from "./model.ts";
import { SMART_RETENTION } from "./model.ts";
import type { ContextStepProps, OptionDto } from "./step_context.ts";
import {
  describeRetentionPolicy,
  describeTimespan,
  integerProblem,
  retentionPolicyProblem,
  sizeProblem,
  timespanProblem,
} from "./value_checks.ts";

const UNITS = ["KB", "MB", "GB"] as const;
const MAX_VOLUME = 2 * 1024 ** 3;

/** "50MB" → ["50", "MB"]; undefined for sizes the number-and-unit inputs cannot show. */
function splitSize(text: string): [string, (typeof UNITS)[number]] | undefined {
  const match = /^\s*(\d*(?:\.\d+)?)\s*(kb|kib|mb|mib|gb|gib)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? "mb").slice(0, 1).toUpperCase() + "B";
  return [match[1] ?? "", unit as (typeof UNITS)[number]];
}

/** Step 5: volume size, retention and advanced options. */
export function OptionsStep(props: ContextStepProps) {
  const { model, update, errors } = props;
  const size = splitSize(model.volumeSize);
  return (
    <div class="editor-step">
      <h3>Remote volume size</h3>
      <p class="hint">
        The backup is uploaded in files of at most this size. 50 MB suits most destinations; use larger volumes for fast
        local drives and very large backups.
      </p>
      {size === undefined
        ? (
          <Field label="Volume size" error={errors.volumeSize}>
            {(id, describedBy) => (
              <input
                id={id}
                type="text"
                value={model.volumeSize}
                aria-describedby={describedBy}
                onInput={(e) => update({ volumeSize: e.currentTarget.value })}
              />
            )}
          </Field>
        )
        : (
          <div class="row volume-row">
            <Field label="Volume size" error={errors.volumeSize}>
              {(id, describedBy) => (
                <input
                  id={id}
                  type="text"
                  inputMode="decimal"
                  value={size[0]}
                  aria-describedby={describedBy}
                  aria-invalid={errors.volumeSize ? true : undefined}
                  onInput={(e) => update({ volumeSize: `${e.currentTarget.value.trim()}${size[1]}` })}
                />
              )}
            </Field>
            <Field label="Unit">
              {(id) => (
                <select
                  id={id}
                  value={size[1]}
                  onChange={(e) => update({ volumeSize: `${size[0]}${e.currentTarget.value}` })}
                >
                  {UNITS.map((u) => <option key={u} value={u}>{u}</option>)}
                </select>
              )}
            </Field>
          </div>
        )}
      <RetentionFields {...props} />
      <AdvancedOptions {...props} />
    </div>
  );
}

const RETENTION_CHOICES: readonly { kind: Retention["kind"]; label: string; hint: string }[] = [
  { kind: "all", label: "Keep all versions", hint: "Nothing is ever deleted; the destination only grows." },
  { kind: "versions", label: "Keep a number of versions", hint: "The newest versions are kept, older ones deleted." },
  { kind: "time", label: "Keep versions for a time", hint: "Versions older than this are deleted." },
  {
    kind: "smart",
    label: "Smart retention",
    hint: "One version a day for the last week, one a week for the last 4 weeks, one a month for the last year.",
  },
  { kind: "custom", label: "Custom retention policy", hint: "Your own rules of how many versions to keep by age." },
];

function retentionOf(kind: Retention["kind"], current: Retention): Retention {
  if (kind === current.kind) return current;
  if (kind === "versions") return { kind, versions: "10" };
  if (kind === "time") return { kind, time: "3M" };
  if (kind === "custom") return { kind, policy: SMART_RETENTION };
  return { kind };
}

function RetentionFields(props: ContextStepProps) {
  const { model, update, errors } = props;
  const r = model.retention;
  return (
    <fieldset class="retention">
      <legend>Backup retention</legend>
      {RETENTION_CHOICES.map((choice) => (
        <div key={choice.kind} class="retention-choice">
          <label class="check">
            <input
              type="radio"
              name="retention"
              checked={r.kind === choice.kind}
              onChange={() => update({ retention: retentionOf(choice.kind, r) })}
            />
            <span>
              <strong>{choice.label}</strong> <span class="muted small">{choice.hint}</span>
            </span>
          </label>
          {r.kind === "versions" && choice.kind === "versions"
            ? (
              <Field label="Number of versions to keep" error={errors.retention}>
                {(id, describedBy) => (
                  <input
                    id={id}
                    type="number"
                    min={1}
                    value={r.versions}
                    aria-describedby={describedBy}
                    aria-invalid={errors.retention ? true : undefined}
                    onInput={(e) => update({ retention: { kind: "versions", versions: e.currentTarget.value } })}
                  />
                )}
              </Field>
            )
            : null}
          {r.kind === "time" && choice.kind === "time"
            ? (
              <Field
                label="Delete versions older than"
                error={errors.retention}
                hint={describeTimespan(r.time) || "For example 7D (days), 4W (weeks), 6M (months) or 1Y (years)."}
              >
                {(id, describedBy) => (
                  <input
                    id={id}
                    type="text"
                    value={r.time}
                    aria-describedby={describedBy}
                    aria-invalid={errors.retention ? true : undefined}
                    onInput={(e) => update({ retention: { kind: "time", time: e.currentTarget.value } })}
                  />
                )}
              </Field>
            )
            : null}
          {r.kind === "custom" && choice.kind === "custom"
            ? (
              <Field
                label="Retention policy"
                error={errors.retention}
                hint={
                  <>
                    Comma-separated <code>timeframe:interval</code>{" "}
                    pairs: within the timeframe, keep one version per interval. <code>U</code>{" "}
                    means unlimited; an interval of <code>U</code> keeps every version.
                    {describeRetentionPolicy(r.policy).map((line) => <span key={line} class="policy-line">{line}
                    </span>)}
                  </>
                }
              >
                {(id, describedBy) => (
                  <input
                    id={id}
                    type="text"
                    class="mono"
                    value={r.policy}
                    aria-describedby={describedBy}
                    aria-invalid={errors.retention ? true : undefined}
                    onInput={(e) => update({ retention: { kind: "custom", policy: e.currentTarget.value } })}
                  />
                )}
              </Field>
            )
            : null}
        </div>
      ))}
    </fieldset>
  );
}

/** What is wrong with step 5; `options` is the advanced option catalogue (by name). */
export function validateOptions(model: EditorModel, options: ReadonlyMap<string, OptionDto>): FieldErrors {
  const errors: Record<string, string> = {};
  const volume = sizeProblem(model.volumeSize, { min: 1024, max: MAX_VOLUME, defaultUnit: "mb" });
  if (volume) errors.volumeSize = volume;
  const r = model.retention;
  const retention = r.kind === "versions"
    ? integerProblem(r.versions, { min: 1 })
    : r.kind === "time"
    ? timespanProblem(r.time, { positive: true })
    : r.kind === "custom"
    ? retentionPolicyProblem(r.policy)
    : undefined;
  if (retention) errors.retention = retention;
  return { ...errors, ...advancedProblems(model, options) };
}
