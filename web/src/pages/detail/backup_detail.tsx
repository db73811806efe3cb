/**
 * The backup detail page (#/backup/{id}): name, description, destination (masked as the server gives it),
 * sources, schedule and sizes; the live progress while a task runs for it; the commands; and tabs with its
 * versions, the log of every run and the remote log (`?tab=versions|logs|remote` keeps the tab in the address).
 * @module
 */
import type { BackupDto, BackupEnvelope, ScheduleDto } from "../../../../lib/server/api_types.ts";
import type { ComponentChildren, JSX } from "preact";
import { useRef, useState } from "preact/hooks";
import { api, ApiError } from "../../api/client.ts";
import { TaskProgress } from "../../components/task_progress.tsx";
import { ErrorBox, PageHeader, Spinner, useLoad } from "../../components/ui.tsx";
import { formatRelative, formatSizeText, formatTime } from "../../format.ts";
import { href, navigate, useRoute } from "../../router.ts";
import { useDataVersion, useLiveState } from "../../state/server_state.ts";
import { Commands } from "./commands.tsx";
import { LogsTab } from "./logs_tab.tsx";
import { RemoteLogTab } from "./remote_log_tab.tsx";
import { useTaskWatch } from "./task_watch.ts";
import { VersionsTab } from "./versions_tab.tsx";

type Detail = BackupEnvelope & { DisplayNames?: Readonly<Record<string, string>> };

const TABS: readonly { key: string; label: string }[] = [
  { key: "versions", label: "Versions" },
  { key: "logs", label: "Logs" },
  { key: "remote", label: "Remote log" },
];

export function BackupDetailPage(props: { backupId: string }) {
  const id = encodeURIComponent(props.backupId);
  const liveVersion = useDataVersion();
  const { status, progress } = useLiveState();
  const route = useRoute();
  // While the backup is being deleted nothing may load it again (it would answer 404 once it is gone).
  const frozen = useRef<number | undefined>(undefined);
  const [, setFrozenTick] = useState(0);
  const version = frozen.current ?? liveVersion;
  const freeze = (on: boolean) => {
    frozen.current = on ? liveVersion : undefined;
    setFrozenTick((n) => n + 1);
  };
  const loaded = useLoad(() => api.get<Detail>(`/backup/${id}`), [id, version]);
  const watch = useTaskWatch(props.backupId);

  if (loaded.error instanceof ApiError && loaded.error.status === 404) {
    return (
      <>
        <PageHeader title="Backup not found" />
        <ErrorBox error={loaded.error} />
        <p>
          It may have been deleted. <a href={href("/")}>Go to the list of backups</a>.
        </p>
      </>
    );
  }
  if (!loaded.data) {
    return loaded.error ? <ErrorBox error={loaded.error} title="Could not load the backup" /> : <Spinner />;
  }
  const { Backup: backup, Schedule: schedule } = loaded.data;
  const active = status?.ActiveTask?.Item2 === backup.ID ? status.ActiveTask : undefined;
  const queued = status?.SchedulerQueueIds.some((q) => q.Item2 === backup.ID) ?? false;
  const nextRun = status?.ProposedSchedule.find((p) => p.Item1 === backup.ID)?.Item2;
  const tab = TABS.some((t) => t.key === route.query.get("tab")) ? route.query.get("tab")! : "versions";

  return (
    <>
      <PageHeader title={backup.Name}>
        <a class="button" href={href(`/restore/${id}`)}>Restore files</a>
        <a class="button" href={href(`/backup/${id}/edit`)}>Edit</a>
      </PageHeader>
      {loaded.error ? <ErrorBox error={loaded.error} title="Could not refresh the backup" /> : null}
      <section class="card detail-summary" aria-label="Summary">
        {backup.Description ? <p class="detail-description">{backup.Description}</p> : null}
        <dl class="detail-facts">
          <Fact label="Destination" wide>
            <code class="detail-url">{backup.TargetURL}</code>
          </Fact>
          <Fact label={backup.Sources.length === 1 ? "Source" : `Sources (${backup.Sources.length})`} wide>
            <ul class="detail-sources">
              {backup.Sources.map((s) => <li key={s} class="mono">{s}</li>)}
            </ul>
          </Fact>
          <Fact label="Schedule" wide>{scheduleText(schedule, nextRun)}</Fact>
          <Fact label="State">
            {active
              ? <span class="badge badge-active">Running</span>
              : queued
              ? <span class="badge badge-active">Waiting to run</span>
              : <span class="badge">Idle</span>}
          </Fact>
          <Sizes backup={backup} />
        </dl>
        {active
          ? (
            <TaskProgress
              key={active.Item1}
              taskId={active.Item1}
              name={backup.Name}
              progress={progress?.BackupID === backup.ID ? progress : undefined}
            />
          )
          : null}
      </section>
      <Commands backup={backup} watch={watch} active={active !== undefined} freeze={freeze} />
      <section class="card detail-tabs">
        <div class="tab-list" role="tablist" aria-label="Backup history" onKeyDown={tabKeys}>
          {TABS.map((t) => (
            <button
              key={t.key}
              type="button"
              role="tab"
              id={`tab-${t.key}`}
              aria-selected={tab === t.key}
              aria-controls={`panel-${t.key}`}
              tabIndex={tab === t.key ? 0 : -1}
              onClick={() => navigate(`/backup/${id}${t.key === "versions" ? "" : `?tab=${t.key}`}`, { replace: true })}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="tab-panel">
          {frozen.current !== undefined
            ? <Spinner label="Deleting the backup…" />
            : tab === "versions"
            ? <VersionsTab backup={backup} version={version} active={active !== undefined} watch={watch} />
            : tab === "logs"
            ? <LogsTab backupId={backup.ID} version={version} />
            : (
              <RemoteLogTab
                backupId={backup.ID}
                version={version}
                active={active !== undefined}
                hasDatabase={backup.DBPathExists !== false}
              />
            )}
        </div>
      </section>
    </>
  );
}

/** Arrow keys, Home and End move between tabs (and select them). */
function tabKeys(event: JSX.TargetedKeyboardEvent<HTMLDivElement>) {
  const tabs = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("[role=tab]")];
  const at = tabs.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  const next = event.key === "ArrowRight"
    ? (at + 1) % tabs.length
    : event.key === "ArrowLeft"
    ? (at + tabs.length - 1) % tabs.length
    : event.key === "Home"
    ? 0
    : event.key === "End"
    ? tabs.length - 1
    : -1;
  if (next < 0) return;
  event.preventDefault();
  tabs[next]!.focus();
  tabs[next]!.click();
}

function Fact(props: { label: string; wide?: boolean; children: ComponentChildren }) {
  return (
    <div class={props.wide ? "detail-fact detail-fact-wide" : "detail-fact"}>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function Sizes(props: { backup: BackupDto }) {
  const meta = props.backup.Metadata;
  const source = formatSizeText(meta.SourceFilesSize);
  const target = formatSizeText(meta.TargetFilesSize);
  return (
    <>
      <Fact label="Versions">{meta.BackupListCount ?? meta.TargetFilesetsCount ?? "0"}</Fact>
      <Fact label="Source size">
        {source
          ? `${source}${meta.SourceFilesCount ? ` in ${Number(meta.SourceFilesCount).toLocaleString()} files` : ""}`
          : <span class="muted">Known after the first run</span>}
      </Fact>
      <Fact label="Backup size">
        {target
          ? `${target}${
            meta.TargetFilesCount ? ` in ${Number(meta.TargetFilesCount).toLocaleString()} remote files` : ""
          }`
          : <span class="muted">Nothing stored yet</span>}
      </Fact>
    </>
  );
}

function scheduleText(schedule: ScheduleDto | null, proposed: string | undefined) {
  if (!schedule || schedule.Repeat === "") {
    return <span class="muted">Not scheduled: runs only when started</span>;
  }
  const next = proposed ?? schedule.Time;
  const days = schedule.AllowedDays.length > 0 && schedule.AllowedDays.length < 7
    ? ` on ${schedule.AllowedDays.map((d) => d[0]!.toUpperCase() + d.slice(1)).join(", ")}`
    : "";
  return (
    <>
      {repeatWords(schedule.Repeat)}
      {days}. Next: {formatTime(next)} <span class="muted">({formatRelative(next)})</span>
    </>
  );
}

const UNITS: Readonly<Record<string, [string, string]>> = {
  s: ["second", "seconds"],
  m: ["minute", "minutes"],
  h: ["hour", "hours"],
  D: ["day", "days"],
  W: ["week", "weeks"],
  M: ["month", "months"],
  Y: ["year", "years"],
};

/** "1D" → "Every day", "12h" → "Every 12 hours"; other forms as they are. */
function repeatWords(repeat: string): string {
  const m = /^(\d+)([smhDWMY])$/.exec(repeat.trim());
  if (!m) return `Every ${repeat}`;
  const n = Number(m[1]);
  const [one, many] = UNITS[m[2]!]!;
  return n === 1 ? `Every ${one}` : `Every ${n} ${many}`;
}
