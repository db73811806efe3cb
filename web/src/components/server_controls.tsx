/**
 * The server's state in the top bar: idle (with the next scheduled run), running (which backup, what and how
 * far) or paused (until when), with Pause (a small menu: 5 minutes, 15 minutes, 1 hour, until resumed) and
 * Resume through POST /serverstate/pause?duration=… and /serverstate/resume.
 * @module
 */
import { NO_TIME } from "../../../lib/server/api_types.ts";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, errorMessage } from "../api/client.ts";
import { formatRelative, formatTime } from "../format.ts";
import { href } from "../router.ts";
import { refreshLiveState, useDataVersion, useLiveState } from "../state/server_state.ts";
import { backupName, fetchBackups } from "./backup_list.ts";
import { knownFraction, phaseWords } from "./task_progress.tsx";
import { useAction, useLoad } from "./ui.tsx";

const PAUSE_CHOICES: readonly { label: string; duration: string }[] = [
  { label: "for 5 minutes", duration: "5m" },
  { label: "for 15 minutes", duration: "15m" },
  { label: "for 1 hour", duration: "1h" },
  { label: "until resumed", duration: "" },
];

export function ServerControls() {
  const { status, progress } = useLiveState();
  const version = useDataVersion();
  const backups = useLoad(() => fetchBackups(version), [version]);
  const [menuOpen, setMenuOpen] = useState(false);
  const [act, busy, error, clearError] = useAction(async (path: string) => {
    await api.post(path);
    setMenuOpen(false);
    await refreshLiveState();
  });
  if (!status) return null;

  const paused = status.ProgramState === "Paused";
  const active = status.ActiveTask;
  let text: string;
  let detail = "";
  let kind: "idle" | "running" | "paused";
  if (paused) {
    kind = "paused";
    const until = status.EstimatedPauseEnd !== NO_TIME ? status.EstimatedPauseEnd : "";
    text = until ? `Paused until ${formatTime(until)}` : "Paused until resumed";
    if (active) detail = `${backupName(backups.data, active.Item2)} is still running`;
  } else if (active) {
    kind = "running";
    const fraction = knownFraction(progress);
    text = `Running: ${backupName(backups.data, active.Item2)}`;
    detail = progress ? phaseWords(progress.Phase) : "Starting";
    if (fraction !== undefined) detail += ` · ${Math.round(fraction * 100)}%`;
  } else {
    kind = "idle";
    text = "Idle";
    const next = status.ProposedSchedule[0];
    if (next) detail = `Next: ${backupName(backups.data, next.Item1)} ${formatRelative(next.Item2)}`;
  }
  const queued = status.SchedulerQueueIds.length;
  if (queued > 0) detail += `${detail ? " · " : ""}${queued} waiting`;

  return (
    <div class="server-controls">
      <div class={`server-state server-state-${kind}`} role="status" aria-live="polite">
        <span class="server-state-dot" aria-hidden="true" />
        <span class="server-state-text">
          {active && kind === "running"
            ? <a href={href(`/backup/${encodeURIComponent(active.Item2)}`)}>{text}</a>
            : <span>{text}</span>}
          {detail ? <span class="server-state-detail">{detail}</span> : null}
        </span>
      </div>
      {paused
        ? (
          <button type="button" disabled={busy} onClick={() => void act("/serverstate/resume")}>
            Resume
          </button>
        )
        : (
          <PauseMenu
            open={menuOpen}
            busy={busy}
            onToggle={(open) => {
              clearError();
              setMenuOpen(open);
            }}
            onPick={(duration) =>
              void act(`/serverstate/pause${duration ? `?duration=${encodeURIComponent(duration)}` : ""}`)}
          />
        )}
      {error
        ? (
          <span class="server-controls-error" role="alert">
            Could not change the server state: {errorMessage(error)}
          </span>
        )
        : null}
    </div>
  );
}

/** The Pause button with its menu of durations; Escape or a click elsewhere closes the menu. */
function PauseMenu(
  props: { open: boolean; busy: boolean; onToggle: (open: boolean) => void; onPick: (duration: string) => void },
) {
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  // Set when Escape closed the menu: focus goes back to the button once the menu is gone.
  const returnFocus = useRef(false);
  useEffect(() => {
    if (!props.open) {
      if (returnFocus.current) button.current?.focus();
      returnFocus.current = false;
      return;
    }
    root.current?.querySelector<HTMLButtonElement>("[role=menuitem]")?.focus();
    const onPointer = (event: Event) => {
      if (!root.current?.contains(event.target as Node)) props.onToggle(false);
    };
    document.addEventListener("mousedown", onPointer);
    return () => document.removeEventListener("mousedown", onPointer);
  }, [props.open]);
  const onKey = (event: KeyboardEvent) => {
    if (event.key === "Escape" && props.open) {
      event.preventDefault();
      returnFocus.current = true;
      props.onToggle(false);
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const items = [...(root.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? [])];
    if (items.length === 0) return;
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    event.preventDefault();
    const down = event.key === "ArrowDown";
    const next = at < 0 ? (down ? 0 : items.length - 1) : (at + (down ? 1 : items.length - 1)) % items.length;
    items[next]?.focus();
  };
  return (
    <div class="pause-menu" ref={root} onKeyDown={onKey}>
      <button
        type="button"
        ref={button}
        aria-haspopup="menu"
        aria-expanded={props.open}
        disabled={props.busy}
        onClick={() => props.onToggle(!props.open)}
      >
        Pause <span aria-hidden="true">▾</span>
      </button>
      {props.open
        ? (
          <ul class="pause-menu-list" role="menu" aria-label="Pause the server">
            {PAUSE_CHOICES.map((choice) => (
              <li key={choice.label} role="none">
                <button type="button" role="menuitem" onClick={() => props.onPick(choice.duration)}>
                  Pause {choice.label}
                </button>
              </li>
            ))}
          </ul>
        )
        : null}
    </div>
  );
}
