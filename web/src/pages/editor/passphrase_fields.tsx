/**
 * The passphrase part of step 1: passphrase and repeat, show/hide, a strength meter that says why, and a generator
 * that shows the generated passphrase with a copy button and a clear note to store it. When editing, the server's
 * placeholder stands for the stored passphrase, which is kept unless the user types a new one.
 * @module
 */
import { useState } from "preact/hooks";
import { PASSWORD_PLACEHOLDER } from "../../../../lib/server/api_types.ts";
import { Field, Notice } from "../../components/ui.tsx";
import { generatePassphrase } from "./passphrase_generator.ts";
import { estimateStrength } from "./passphrase_strength.ts";
import type { ContextStepProps } from "./step_context.ts";

/** Passphrase, repeat, meter and generator. */
export function PassphraseFields(props: ContextStepProps) {
  const { model, update, errors, editing } = props;
  const [visible, setVisible] = useState(false);
  const [generated, setGenerated] = useState<string | undefined>(undefined);
  const [copyState, setCopyState] = useState<"" | "copied" | "failed">("");
  const stored = model.passphrase === PASSWORD_PLACEHOLDER;
  const changedWhileEditing = editing && model.passphrase !== props.context.initial.passphrase;

  const generate = () => {
    const passphrase = generatePassphrase();
    setGenerated(passphrase);
    setCopyState("");
    update({ passphrase, passphraseRepeat: passphrase });
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(generated ?? "");
      setCopyState("copied");
    } catch {
      setCopyState("failed");
    }
  };
  const type = visible ? "text" : "password";

  return (
    <div class="passphrase">
      <div class="grid-2">
        <Field
          label="Passphrase"
          error={errors.passphrase}
          hint={stored ? "The stored passphrase is kept. Leave this field as it is to keep it." : undefined}
        >
          {(id, describedBy) => (
            <input
              id={id}
              type={type}
              value={model.passphrase}
              autoComplete="new-password"
              spellcheck={false}
              aria-describedby={describedBy}
              aria-invalid={errors.passphrase ? true : undefined}
              onFocus={(e) => stored && e.currentTarget.select()}
              onInput={(e) => {
                if (generated !== undefined && e.currentTarget.value !== generated) setGenerated(undefined);
                update({ passphrase: e.currentTarget.value });
              }}
            />
          )}
        </Field>
        <Field label="Repeat the passphrase" error={errors.passphraseRepeat}>
          {(id, describedBy) => (
            <input
              id={id}
              type={type}
              value={model.passphraseRepeat}
              autoComplete="new-password"
              spellcheck={false}
              aria-describedby={describedBy}
              aria-invalid={errors.passphraseRepeat ? true : undefined}
              onFocus={(e) => stored && e.currentTarget.select()}
              onInput={(e) => update({ passphraseRepeat: e.currentTarget.value })}
            />
          )}
        </Field>
      </div>
      <div class="passphrase-tools">
        <label class="check">
          <input type="checkbox" checked={visible} onChange={(e) => setVisible(e.currentTarget.checked)} />
          Show passphrase
        </label>
        <button type="button" onClick={generate}>Generate a strong passphrase</button>
      </div>
      {stored ? null : <StrengthMeter passphrase={model.passphrase} />}
      {generated !== undefined && generated === model.passphrase
        ? (
          <div class="box box-warning generated" role="status">
            <p>
              <strong>Store this passphrase now</strong>, for example in a password manager or printed in a safe place.
              Without it the backup cannot be restored: nobody can recover a lost passphrase.
            </p>
            <div class="generated-row">
              <code class="generated-value" aria-label="Generated passphrase">{generated}</code>
              <button type="button" onClick={() => void copy()}>Copy</button>
              {copyState === "copied" ? <span class="muted small">Copied to the clipboard.</span> : null}
              {copyState === "failed"
                ? <span class="small">The browser did not allow copying; select the passphrase and copy it.</span>
                : null}
            </div>
          </div>
        )
        : null}
      {changedWhileEditing
        ? (
          <Notice kind="warning">
            <strong>Changing the passphrase of an existing backup is risky.</strong>{" "}
            The files already at the destination stay encrypted with the old passphrase, and the next run fails when it
            cannot read them. To use a new passphrase, create a new backup instead.
          </Notice>
        )
        : null}
    </div>
  );
}

const LEVEL_TEXT = { empty: "", weak: "Weak", fair: "Fair", strong: "Strong" } as const;

/** A three-step bar with the verdict and the reasons. */
export function StrengthMeter(props: { passphrase: string }) {
  const strength = estimateStrength(props.passphrase);
  if (strength.level === "empty") return null;
  const filled = strength.level === "weak" ? 1 : strength.level === "fair" ? 2 : 3;
  return (
    <div class={`strength strength-${strength.level}`} aria-live="polite">
      <div class="strength-bar" aria-hidden="true">
        {[1, 2, 3].map((n) => <span key={n} class={n <= filled ? "on" : ""} />)}
      </div>
      <div class="strength-text">
        <strong>Passphrase strength: {LEVEL_TEXT[strength.level]}</strong>
        <ul>
          {strength.reasons.map((reason) => <li key={reason}>{reason}</li>)}
        </ul>
      </div>
    </div>
  );
}
