/**
 * The restore page. `#/restore` is the first step, choosing what to restore from: a configured backup (with its
 * last run and version count), or a destination alone ("Direct restore": a folder or storage URL and the
 * passphrase). `#/restore/{id}` is the wizard for that backup (a temporary one after a direct restore): version
 * and files, options, the run with its progress, and the result.
 * @module
 */
import type { BackupEnvelope } from "../../../../lib/server/api_types.ts";
import { fetchBackups } from "../../components/backup_list.ts";
import { metadataTime } from "../../components/run_result.ts";
import { ErrorBox, PageHeader, Spinner, useLoad } from "../../components/ui.tsx";
import { formatRelative, formatTime } from "../../format.ts";
import { href } from "../../router.ts";
import { useDataVersion } from "../../state/server_state.ts";
import { DirectConnect } from "./direct_connect.tsx";
import { Steps } from "./steps.tsx";
import { RestoreWizard } from "./wizard.tsx";

/** The restore page: the source step without a backup id, the wizard with one. */
export function RestorePage(props: { backupId?: string | undefined }) {
  if (props.backupId === undefined) return <ChooseSource />;
  return <RestoreWizard backupId={props.backupId} />;
}

function ChooseSource() {
  const version = useDataVersion();
  const backups = useLoad(() => fetchBackups(version), [version]);
  return (
    <>
      <PageHeader title="Restore" />
      <Steps current="source" />
      <section class="card" aria-labelledby="restore-configured">
        <h2 id="restore-configured">Restore from a configured backup</h2>
        <ErrorBox error={backups.error} title="Cannot list the backups" />
        {backups.data === undefined && backups.loading ? <Spinner label="Loading backups…" /> : null}
        {backups.data?.length === 0
          ? (
            <p class="muted">
              No backups are configured on this server. Restore straight from a destination below, or{" "}
              <a href={href("/add")}>add a backup</a>.
            </p>
          )
          : null}
        {backups.data && backups.data.length > 0 ? <BackupTable backups={backups.data} /> : null}
      </section>
      <section class="card" aria-labelledby="restore-direct">
        <h2 id="restore-direct">Direct restore from a destination</h2>
        <p class="muted">
          For a backup this server does not know, for example after losing the computer that made it: give the place the
          backup was written to and its passphrase. The server reads the backup's file lists from there, then you choose
          a version and files as usual.
        </p>
        <DirectConnect />
      </section>
    </>
  );
}

function BackupTable(props: { backups: readonly BackupEnvelope[] }) {
  return (
    <table class="restore-backups">
      <thead>
        <tr>
          <th scope="col">Backup</th>
          <th scope="col">Last backup</th>
          <th scope="col" class="num">Versions</th>
          <th scope="col">
            <span class="visually-hidden">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.backups.map(({ Backup: backup }) => {
          const meta = backup.Metadata;
          const last = metadataTime(meta.LastBackupFinished ?? meta.LastBackupStarted ?? meta.LastBackupDate);
          const versions = meta.BackupListCount ?? meta.TargetFilesetsCount;
          return (
            <tr key={backup.ID}>
              <th scope="row">
                {backup.Name}
                {backup.Description ? <div class="muted small">{backup.Description}</div> : null}
              </th>
              <td>
                {last
                  ? (
                    <>
                      {formatTime(last)} <span class="muted small">({formatRelative(last)})</span>
                    </>
                  )
                  : <span class="muted">Never</span>}
              </td>
              <td class="num">{versions ?? "0"}</td>
              <td class="num">
                {last || (versions !== undefined && versions !== "0")
                  ? (
                    <a
                      class="button primary"
                      href={href(`/restore/${encodeURIComponent(backup.ID)}`)}
                      aria-label={`Restore files from ${backup.Name}`}
                    >
                      Restore files…
                    </a>
                  )
                  : <span class="muted small">Nothing to restore yet</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
