/**
 * The restore wizard's step indicator: Source, Files, Options, Restore, with the current step marked for screen
 * readers (aria-current="step") and by colour and weight.
 * @module
 */

export type StepName = "source" | "files" | "options" | "restore";

const STEPS: readonly { name: StepName; label: string }[] = [
  { name: "source", label: "Source" },
  { name: "files", label: "Files" },
  { name: "options", label: "Options" },
  { name: "restore", label: "Restore" },
];

export function Steps(props: { current: StepName }) {
  const at = STEPS.findIndex((s) => s.name === props.current);
  return (
    <ol class="restore-steps" aria-label="Restore steps">
      {STEPS.map((step, i) => (
        <li
          key={step.name}
          class={i < at ? "done" : i === at ? "current" : ""}
          aria-current={i === at ? "step" : undefined}
        >
          <span class="restore-step-number" aria-hidden="true">{i + 1}</span>
          {step.label}
        </li>
      ))}
    </ol>
  );
}
