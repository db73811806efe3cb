/**
 * The add/edit wizard's state, shared by its steps (general, destination, sources, schedule, options): what the
 * user has entered, in the form the inputs use. editor.tsx turns it into the API's BackupEnvelope when saving and
 * back when editing. Each step exports `<Step>Step(props: StepProps)` and `validate<Step>(model): FieldErrors`.
 * @module
 */
import type { Weekday } from "../../../../lib/server/api_types.ts";

/** One filter rule, in the order they apply: the first rule that matches a path decides. */
export interface FilterRule {
  readonly include: boolean;
  /** A glob (`*.tmp`), a regular expression in brackets (`[.*\.tmp]`) or a filter group in braces (`{TemporaryFiles}`). */
  readonly expression: string;
}

export interface EditorModel {
  // (1) general
  readonly name: string;
  readonly description: string;
  /** "aes" (default) or "" for no encryption. */
  readonly encryption: "aes" | "";
  readonly passphrase: string;
  readonly passphraseRepeat: string;
  // (2) destination
  /** The backend key from /systeminfo BackendModules ("file", ...). */
  readonly backend: string;
  /** The destination URL the fields build (shown to the user, editable in "URL" mode). */
  readonly targetUrl: string;
  // (3) sources
  /** Absolute paths; folders end with the path separator. */
  readonly sources: readonly string[];
  readonly filters: readonly FilterRule[];
  /** --exclude-files-attributes parts ("hidden", "system", "temporary"). */
  readonly excludeAttributes: readonly string[];
  /** --skip-files-larger-than, "" for none (e.g. "100MB"). */
  readonly skipFilesLargerThan: string;
  // (4) schedule
  readonly scheduleEnabled: boolean;
  /** Local time of day "HH:MM" of the next run. */
  readonly scheduleTime: string;
  /** Local date "YYYY-MM-DD" of the next run. */
  readonly scheduleDate: string;
  /** Timespan: "1h", "1D", "1W", "1M", "1Y" or any Duplicati timespan. */
  readonly repeat: string;
  readonly allowedDays: readonly Weekday[];
  // (5) options
  /** --dblock-size, e.g. "50MB". */
  readonly volumeSize: string;
  readonly retention: Retention;
  /** Advanced options: name without dashes → value (as text; "true"/"false" for booleans). */
  readonly advanced: Readonly<Record<string, string>>;
}

/** keep all; --keep-versions=N; --keep-time=<timespan>; --retention-policy smart ("1W:1D,4W:1W,12M:1M") or custom. */
export type Retention =
  | { readonly kind: "all" }
  | { readonly kind: "versions"; readonly versions: string }
  | { readonly kind: "time"; readonly time: string }
  | { readonly kind: "smart" }
  | { readonly kind: "custom"; readonly policy: string };

/** Field name (a key of EditorModel, or "<key>.<detail>") → message saying exactly what is wrong. */
export type FieldErrors = Readonly<Record<string, string>>;

/** What every step component receives. */
export interface StepProps {
  readonly model: EditorModel;
  readonly update: (patch: Partial<EditorModel>) => void;
  /** Errors to show (after the user tried to go on or save). */
  readonly errors: FieldErrors;
  /** True when editing an existing backup (some fields, like encryption, cannot change then). */
  readonly editing: boolean;
}

export const SMART_RETENTION = "1W:1D,4W:1W,12M:1M";

/** A new backup's starting state; the server's backup defaults are applied on top by editor.tsx. */
export function emptyModel(): EditorModel {
  return {
    name: "",
    description: "",
    encryption: "aes",
    passphrase: "",
    passphraseRepeat: "",
    backend: "file",
    targetUrl: "",
    sources: [],
    filters: [],
    excludeAttributes: [],
    skipFilesLargerThan: "",
    scheduleEnabled: true,
    scheduleTime: "13:00",
    scheduleDate: "",
    repeat: "1D",
    allowedDays: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    volumeSize: "50MB",
    retention: { kind: "all" },
    advanced: {},
  };
}
