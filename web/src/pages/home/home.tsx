/**
 * The home page: every configured backup with its state, last and next run, sizes and versions, Run now, Restore
 * and Edit, and the live progress of the one that runs; a short guide when there are none yet.
 * @module
 */
import { fetchBackups } from "../../components/backup_list.ts";
import { ErrorBox, Notice, PageHeader, Spinner, useLoad } from "../../components/ui.tsx";
import { href, useRoute } from "../../router.ts";
import { useDataVersion, useLiveState } from "../../state/server_state.ts";
import { BackupCard, queueState } from "./backup_card.tsx";
import { lastBackupRun } from "./last_runs.ts";

export function HomePage(_props: Record<string, never>) {
  const version = useDataVersion();
  const { status, progress } = useLiveState();
  const route = useRoute();
  const loaded = useLoad(async () => {
    const list = await fetchBackups(version);
    const runs = await Promise.all(list.map((envelope) => lastBackupRun(envelope.Backup)));
    return list.map((envelope, i) => ({ envelope, lastRun: runs[i] }));
  }, [version]);

  const deleted = route.query.get("deleted");
  const remote = route.query.get("remote");
  return (
    <>
      <PageHeader title="Backups">
        <a class="button" href={href("/import")}>Import</a>
        <a class="button primary" href={href("/add")}>Add backup</a>
      </PageHeader>
      {deleted
        ? (
          <Notice kind="success">
            Backup “{deleted}” was deleted. {remote === "deleted"
              ? "Its files at the destination were deleted too."
              : "Its files at the destination were kept."}
          </Notice>
        )
        : null}
      <ErrorBox error={loaded.error} title="Could not load the backups" />
      {loaded.data === undefined
        ? (loaded.error ? null : <Spinner label="Loading backups…" />)
        : loaded.data.length === 0
        ? <EmptyState />
        : (
          <div class="backup-list">
            {loaded.data.map(({ envelope, lastRun }) => {
              const queue = queueState(status, envelope);
              return (
                <BackupCard
                  key={envelope.Backup.ID}
                  envelope={envelope}
                  lastRun={lastRun}
                  queue={queue}
                  progress={progress?.BackupID === envelope.Backup.ID ? progress : undefined}
                />
              );
            })}
          </div>
        )}
    </>
  );
}

function EmptyState() {
  return (
    <section class="card home-empty" aria-labelledby="home-empty-title">
      <h2 id="home-empty-title">No backups yet</h2>
      <p>
        A backup copies the folders you choose to a destination (a local folder, a server or a cloud storage),
        encrypted, and keeps older versions so you can restore files as they were.
      </p>
      <div class="button-row">
        <a class="button primary" href={href("/add")}>Add a backup</a>
        <a class="button" href={href("/import")}>Import a configuration file</a>
        <a class="button" href={href("/restore")}>Restore from a destination</a>
      </div>
    </section>
  );
}
