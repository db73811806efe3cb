/**
 * Step 1 of the backup wizard: name, description and encryption (AES-256 by default, with a passphrase; "none"
 * with a clear warning). When editing, the encryption cannot change and the stored passphrase is kept unless the
 * user types a new one.
 * @module
 */
import { PASSWORD_PLACEHOLDER } from "../../../../lib/server/api_types.ts";
import { Field, Notice } from "../../components/ui.tsx";
import type { EditorModel, FieldErrors } from "./model.ts";
import { PassphraseFields } from "./passphrase_fields.tsx";
import type { ContextStepProps } from "./step_context.ts";

/** Step 1: name, description, encryption and passphrase. */
export function GeneralStep(props: ContextStepProps) {
  const { model, update, errors, editing } = props;
  return (
    <div class="editor-step">
      <div class="grid-2">
        <Field label="Name" error={errors.name} hint="Shown on the home page and in notifications.">
          {(id, describedBy) => (
            <input
              id={id}
              type="text"
              value={model.name}
              autoComplete="off"
              aria-describedby={describedBy}
              aria-invalid={errors.name ? true : undefined}
              onInput={(e) => update({ name: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field label="Encryption" error={errors.encryption} hint={encryptionHint(editing)}>
          {(id, describedBy) => (
            <select
              id={id}
              value={model.encryption}
              disabled={editing}
              aria-describedby={describedBy}
              onChange={(e) => update({ encryption: e.currentTarget.value === "aes" ? "aes" : "" })}
            >
              <option value="aes">AES-256 encryption (recommended)</option>
              <option value="">No encryption</option>
            </select>
          )}
        </Field>
      </div>
      <Field label="Description (optional)" error={errors.description}>
        {(id, describedBy) => (
          <textarea
            id={id}
            rows={2}
            value={model.description}
            aria-describedby={describedBy}
            onInput={(e) => update({ description: e.currentTarget.value })}
          />
        )}
      </Field>
      {model.encryption === ""
        ? (
          <Notice kind="warning">
            <strong>The backup will not be encrypted.</strong>{" "}
            Anyone who can read the destination can read every backed-up file. Choose this only for a destination that
            you alone control, such as your own external drive.
          </Notice>
        )
        : <PassphraseFields {...props} />}
    </div>
  );
}

function encryptionHint(editing: boolean): string {
  return editing
    ? "Encryption cannot be changed once a backup exists: the files already stored at the destination are " +
      "encrypted (or not) with this setting. To change it, create a new backup."
    : "AES-256 encrypts every file before it leaves this computer; only the passphrase opens it.";
}

/** What is wrong with step 1. */
export function validateGeneral(model: EditorModel): FieldErrors {
  const errors: Record<string, string> = {};
  if (model.name.trim() === "") errors.name = "Enter a name for the backup, such as “Documents”.";
  else if (model.name.length > 200) errors.name = "Use a shorter name (at most 200 characters).";
  if (model.encryption !== "") {
    if (model.passphrase === "") {
      errors.passphrase = "Enter a passphrase or generate one. Without a passphrase the backup cannot be encrypted.";
    } else if (model.passphrase !== PASSWORD_PLACEHOLDER && model.passphrase.trim() === "") {
      errors.passphrase = "A passphrase cannot be only spaces.";
    }
    if (model.passphrase !== "" && model.passphraseRepeat !== model.passphrase) {
      errors.passphraseRepeat = model.passphraseRepeat === ""
        ? "Type the passphrase again to confirm it."
        : "The two passphrases are not the same. Type the same passphrase in both fields.";
    }
  }
  return errors;
}
