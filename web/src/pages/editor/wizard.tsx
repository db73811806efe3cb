/**
 * The add/edit backup wizard: five steps in a step list (General, Destination, Source data, Schedule, Options),
 * Back and Next (Next checks the current step), a jump to any visited step (any step when editing), and Save on
 * the last step (on every step when editing). Errors show next to their fields once a step was checked, and go
 * away as they are fixed; a server error on save is shown at its field and step.
 * @module
 */
import type { JSX } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { BackupEnvelope } from "../../../../lib/server/api_types.ts";
import { api, ApiError, errorMessage } from "../../api/client.ts";
import { ErrorBox } from "../../components/ui.tsx";
import { href, navigate } from "../../router.ts";
import { optionCatalogue } from "./advanced_options.tsx";
import { DestinationStep, validateDestination } from "./destination_step.tsx";
import { GeneralStep, validateGeneral } from "./general_step.tsx";
import type { EditorModel, FieldErrors } from "./model.ts";
import { OptionsStep, validateOptions } from "./options_step.tsx";
import { fieldMessage, placeOfServerField } from "./save_errors.ts";
import { ScheduleStep, validateSchedule } from "./schedule_step.tsx";
import { SourcesStep, validateSources } from "./sources_step.tsx";
import type { ContextStepProps, SystemInfoDto } from "./step_context.ts";
import { toEnvelope } from "./to_envelope.ts";
import { WizardSteps } from "./wizard_steps.tsx";

const TITLES = ["General", "Destination", "Source data", "Schedule", "Options"] as const;
const LAST = TITLES.length - 1;

interface ServerError {
  readonly step: number;
  readonly key: string;
  readonly message: string;
}

/** The wizard for a new backup (`backupId` undefined) or for editing one (`base` is what GET /backup/{id} gave). */
export function Wizard(props: {
  system: SystemInfoDto;
  initial: EditorModel;
  base: BackupEnvelope | undefined;
  backupId: string | undefined;
  /** Runs after a successful save, before leaving the page. */
  onSaved?: (() => void) | undefined;
}) {
  const editing = props.backupId !== undefined;
  const [model, setModel] = useState(props.initial);
  const [step, setStep] = useState(0);
  const [visited, setVisited] = useState<ReadonlySet<number>>(new Set(editing ? [0, 1, 2, 3, 4] : [0]));
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());
  const [serverErrors, setServerErrors] = useState<readonly ServerError[]>([]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(undefined);
  const [focusRequest, setFocusRequest] = useState(0);
  const stepRef = useRef<HTMLDivElement>(null);
  const catalogue = useMemo(() => optionCatalogue(props.system, model.backend), [props.system, model.backend]);
  const context = { system: props.system, backupId: props.backupId, initial: props.initial };

  const validators: readonly ((m: EditorModel) => FieldErrors)[] = [
    validateGeneral,
    (m) => validateDestination(m, props.system.BackendModules),
    validateSources,
    (m) => validateSchedule(m, editing ? props.initial : undefined),
    (m) => validateOptions(m, catalogue),
  ];
  const errorsOf = (i: number): FieldErrors => {
    const fromServer = Object.fromEntries(serverErrors.filter((e) => e.step === i).map((e) => [e.key, e.message]));
    return checked.has(i) ? { ...validators[i]!(model), ...fromServer } : fromServer;
  };

  useEffect(() => {
    if (focusRequest === 0) return;
    const root = stepRef.current?.querySelector<HTMLElement>(".wizard-step:not([hidden])");
    const target = root?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      root?.querySelector<HTMLElement>(".field-error")?.closest<HTMLElement>(".field, fieldset") ??
      root?.querySelector<HTMLElement>("h2");
    target?.scrollIntoView({ block: "center" });
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement) target.focus();
    else root?.querySelector<HTMLElement>("h2")?.focus();
  }, [focusRequest]);

  const update = (patch: Partial<EditorModel>) => {
    setModel((m) => ({ ...m, ...patch }));
    setSaveError(undefined);
    const keys = Object.keys(patch);
    setServerErrors((list) => list.filter((e) => !keys.some((k) => e.key === k || e.key.startsWith(`${k}.`))));
  };
  const go = (i: number, focus = true) => {
    setStep(i);
    setVisited((v) => new Set([...v, i]));
    if (focus) setFocusRequest((n) => n + 1);
  };
  const next = () => {
    setChecked((c) => new Set([...c, step]));
    if (Object.keys(validators[step]!(model)).length > 0) setFocusRequest((n) => n + 1);
    else go(step + 1);
  };
  const save = async () => {
    setSaveError(undefined);
    const all = validators.map((v) => v(model));
    setChecked(new Set(all.map((_, i) => i)));
    const bad = all.findIndex((e) => Object.keys(e).length > 0);
    if (bad >= 0) return go(bad);
    const body = toEnvelope(model, props.base);
    setSaving(true);
    try {
      const answer = editing
        ? await api.put<{ ID: string }>(`/backup/${encodeURIComponent(props.backupId!)}`, body)
        : await api.post<{ ID: string }>("/backups", body);
      props.onSaved?.();
      navigate(`/backup/${encodeURIComponent(answer.ID ?? props.backupId ?? "")}`);
    } catch (error) {
      setSaving(false);
      const place = error instanceof ApiError && error.field ? placeOfServerField(error.field, body) : undefined;
      if (place === undefined) return setSaveError(error);
      const message = (error as ApiError).reason === "duplicate-name"
        ? `Another backup is already named “${body.Backup.Name}”. Choose a different name.`
        : fieldMessage((error as ApiError).message);
      setServerErrors([{ ...place, message }]);
      go(place.step);
    }
  };

  const stepProps = (i: number): ContextStepProps => ({ model, update, errors: errorsOf(i), editing, context });
  const current = errorsOf(step);
  const problems = Object.keys(current).length;
  const pages: readonly ((p: ContextStepProps) => JSX.Element)[] = [
    GeneralStep,
    DestinationStep,
    SourcesStep,
    ScheduleStep,
    OptionsStep,
  ];

  return (
    <div class="wizard" ref={stepRef}>
      <WizardSteps
        titles={TITLES}
        current={step}
        reachable={(i) => visited.has(i)}
        hasErrors={(i) => Object.keys(errorsOf(i)).length > 0}
        onSelect={(i) => go(i)}
      />
      {saveError !== undefined ? <ErrorBox error={`The backup was not saved. ${errorMessage(saveError)}`} /> : null}
      {pages.map((Page, i) =>
        visited.has(i)
          ? (
            <section key={i} class="card wizard-step" hidden={i !== step} aria-labelledby={`wizard-step-${i}`}>
              <h2 id={`wizard-step-${i}`} tabIndex={-1}>
                <span class="muted">Step {i + 1} of {TITLES.length}:</span> {TITLES[i]}
              </h2>
              {i === step && problems > 0
                ? (
                  <div class="box box-error" role="alert">
                    {problems === 1 ? "One field needs" : `${problems} fields need`}{" "}
                    attention before you go on; see the messages below.
                  </div>
                )
                : null}
              <Page {...stepProps(i)} />
            </section>
          )
          : null
      )}
      <div class="button-row wizard-buttons">
        {step > 0 ? <button type="button" onClick={() => go(step - 1)}>← Back</button> : null}
        {step < LAST ? <button type="button" class={editing ? "" : "primary"} onClick={next}>Next →</button> : null}
        {step === LAST || editing
          ? (
            <button type="button" class="primary" disabled={saving} onClick={() => void save()}>
              {saving ? "Saving…" : editing ? "Save changes" : "Save backup"}
            </button>
          )
          : null}
        <a class="button wizard-cancel" href={href(editing ? `/backup/${props.backupId}` : "/")}>Cancel</a>
      </div>
    </div>
  );
}
