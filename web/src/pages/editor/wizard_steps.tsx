/**
 * The wizard's step list: numbered buttons for the five steps; the current one is marked (aria-current="step"),
 * steps not reached yet cannot be chosen, and a step with problems shows "!" and says so.
 * @module
 */

/** The list of steps above the wizard. */
export function WizardSteps(props: {
  titles: readonly string[];
  current: number;
  reachable: (i: number) => boolean;
  hasErrors: (i: number) => boolean;
  onSelect: (i: number) => void;
}) {
  return (
    <nav class="wizard-nav" aria-label="Backup editor steps">
      <ol>
        {props.titles.map((title, i) => {
          const bad = props.hasErrors(i);
          const state = i === props.current ? "current" : props.reachable(i) ? "visited" : "ahead";
          return (
            <li key={title} class={`wizard-nav-item is-${state}${bad ? " has-errors" : ""}`}>
              <button
                type="button"
                aria-current={i === props.current ? "step" : undefined}
                disabled={!props.reachable(i)}
                onClick={() => props.onSelect(i)}
              >
                <span class="wizard-nav-number" aria-hidden="true">{bad ? "!" : i + 1}</span>
                <span class="wizard-nav-title">
                  {title}
                  {bad ? <span class="visually-hidden">(needs attention)</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
