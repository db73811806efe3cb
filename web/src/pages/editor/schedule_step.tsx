/**
 * Step 4 of the backup wizard: run automatically or not; the next run (local date and time); how often (every
 * hour, day, week, month, year or a custom time span); the allowed weekdays; and the next few run times in words.
 * @module
 */
import type { Weekday } from "../../../../lib/server/api_types.ts";
import { Field } from "../../components/ui.tsx";
import { formatRelative } from "../../format.ts";
import { ALL_DAYS } from "./from_envelope.ts";
import type { EditorModel, FieldErrors } from "./model.ts";
import { localInstant, nextRuns } from "./schedule_preview.ts";
import type { ContextStepProps } from "./step_context.ts";
import { describeTimespan, timespanProblem } from "./value_checks.ts";

const PRESETS: readonly { value: string; label: string }[] = [
  { value: "1h", label: "Every hour" },
  { value: "1D", label: "Every day" },
  { value: "1W", label: "Every week" },
  { value: "1M", label: "Every month" },
  { value: "1Y", label: "Every year" },
];
const CUSTOM = "custom";

const DAY_LABELS: Readonly<Record<Weekday, string>> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

/** Step 4: the schedule. */
export function ScheduleStep(props: ContextStepProps) {
  const { model, update, errors } = props;
  const preset = PRESETS.some((p) => p.value === model.repeat) ? model.repeat : CUSTOM;
  const toggleDay = (day: Weekday, on: boolean) => {
    const days = on ? [...model.allowedDays, day] : model.allowedDays.filter((d) => d !== day);
    update({ allowedDays: ALL_DAYS.filter((d) => days.includes(d)) });
  };
  return (
    <div class="editor-step">
      <label class="check schedule-toggle">
        <input
          type="checkbox"
          checked={model.scheduleEnabled}
          onChange={(e) => update({ scheduleEnabled: e.currentTarget.checked })}
        />
        Run this backup automatically
      </label>
      {!model.scheduleEnabled ? <p class="muted">The backup runs only when you start it with “Run now”.</p> : (
        <>
          <div class="grid-2 schedule-grid">
            <Field label="Next run: date" error={errors.scheduleDate}>
              {(id, describedBy) => (
                <input
                  id={id}
                  type="date"
                  value={model.scheduleDate}
                  aria-describedby={describedBy}
                  aria-invalid={errors.scheduleDate ? true : undefined}
                  onInput={(e) => update({ scheduleDate: e.currentTarget.value })}
                />
              )}
            </Field>
            <Field label="Next run: time" error={errors.scheduleTime} hint="Your local time.">
              {(id, describedBy) => (
                <input
                  id={id}
                  type="time"
                  value={model.scheduleTime}
                  aria-describedby={describedBy}
                  aria-invalid={errors.scheduleTime ? true : undefined}
                  onInput={(e) => update({ scheduleTime: e.currentTarget.value })}
                />
              )}
            </Field>
            <Field label="Repeat" error={preset === CUSTOM ? undefined : errors.repeat}>
              {(id, describedBy) => (
                <select
                  id={id}
                  value={preset}
                  aria-describedby={describedBy}
                  onChange={(e) => update({ repeat: e.currentTarget.value === CUSTOM ? "" : e.currentTarget.value })}
                >
                  {PRESETS.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
                  <option value={CUSTOM}>Custom time span…</option>
                </select>
              )}
            </Field>
            {preset === CUSTOM
              ? (
                <Field
                  label="Repeat every"
                  error={errors.repeat}
                  hint={describeTimespan(model.repeat) || "For example 12h, 2D, 2W or 3M (m = minutes, M = months)."}
                >
                  {(id, describedBy) => (
                    <input
                      id={id}
                      type="text"
                      value={model.repeat}
                      placeholder="e.g. 12h"
                      aria-describedby={describedBy}
                      aria-invalid={errors.repeat ? true : undefined}
                      onInput={(e) => update({ repeat: e.currentTarget.value })}
                    />
                  )}
                </Field>
              )
              : null}
          </div>
          <fieldset class="weekdays" aria-describedby={errors.allowedDays ? "weekdays-error" : undefined}>
            <legend>Allowed days</legend>
            <div class="weekday-list">
              {ALL_DAYS.map((day) => (
                <label key={day} class="check">
                  <input
                    type="checkbox"
                    checked={model.allowedDays.includes(day)}
                    onChange={(e) => toggleDay(day, e.currentTarget.checked)}
                  />
                  {DAY_LABELS[day]}
                </label>
              ))}
            </div>
            {errors.allowedDays
              ? <div class="field-error" id="weekdays-error" role="alert">{errors.allowedDays}</div>
              : <div class="hint">A run that falls on another day waits for the next allowed day.</div>}
          </fieldset>
          <NextRuns model={model} />
        </>
      )}
    </div>
  );
}

function NextRuns(props: { model: EditorModel }) {
  const { model } = props;
  const anchor = localInstant(model.scheduleDate, model.scheduleTime);
  if (anchor === undefined || timespanProblem(model.repeat, { positive: true }) !== undefined) return null;
  const now = Date.now();
  const runs = nextRuns({ anchor, repeat: model.repeat, days: model.allowedDays }, { now, count: 5 });
  if (runs.length === 0) return null;
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" });
  return (
    <section class="next-runs" aria-labelledby="next-runs-title">
      <h3 id="next-runs-title">The next runs</h3>
      <ol>
        {runs.map((run) => (
          <li key={run.getTime()}>
            {format.format(run)} <span class="muted">({formatRelative(run, now)})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** What is wrong with step 4; `initial` is the model as loaded (a changed past time would run at once). */
export function validateSchedule(model: EditorModel, initial: EditorModel | undefined, now = Date.now()): FieldErrors {
  if (!model.scheduleEnabled) return {};
  const errors: Record<string, string> = {};
  const at = localInstant(model.scheduleDate, model.scheduleTime);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(model.scheduleDate)) errors.scheduleDate = "Choose the date of the next run.";
  if (!/^\d{1,2}:\d{2}/.test(model.scheduleTime)) errors.scheduleTime = "Choose the time of the next run.";
  else if (at === undefined) errors.scheduleDate = "This is not a valid date.";
  const changed = initial === undefined || !initial.scheduleEnabled || initial.scheduleDate !== model.scheduleDate ||
    initial.scheduleTime !== model.scheduleTime;
  if (at !== undefined && changed && at.getTime() <= now) {
    errors.scheduleTime = "This time has already passed, so the backup would start right after saving. " +
      "Choose a time in the future.";
  }
  const repeat = timespanProblem(model.repeat, { positive: true });
  if (repeat) errors.repeat = model.repeat.trim() === "" ? "Enter how often to run, such as 12h or 2D." : repeat;
  else if (describeTimespan(model.repeat) !== "" && /^\d+$/.test(model.repeat.trim())) {
    errors.repeat = "Add a unit: a bare number means seconds. For example 12h or 2D.";
  }
  if (model.allowedDays.length === 0) errors.allowedDays = "Choose at least one day, or turn the schedule off.";
  return errors;
}
