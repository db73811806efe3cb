/**
 * The restore wizard for one backup (configured, or temporary after a direct restore): loads the backup and its
 * versions, then walks through Files (version, tree or search, selection), Options, the running restore and its
 * result. The wizard owns the state every step shares: the version, the selection, the folder listings of that
 * version, the options and the task.
 * @module
 */
import type { BackupEnvelope, FilesetDto } from "../../../../lib/server/api_types.ts";
import { useState } from "preact/hooks";
import { api, ApiError } from "../../api/client.ts";
import { ErrorBox, PageHeader, Spinner, useLoad } from "../../components/ui.tsx";
import { href, navigate } from "../../router.ts";
import { useFolderCache } from "./folder_cache.ts";
import { FilesStep } from "./files_step.tsx";
import { OptionsStep, type RestoreOptions } from "./options_step.tsx";
import { backupPath } from "./restore_api.ts";
import { type Outcome, ResultView, RunStep } from "./run_step.tsx";
import { checkState, type Selection, toggle } from "./selection.ts";
import { Steps } from "./steps.tsx";

export function RestoreWizard(props: { backupId: string }) {
  const id = props.backupId;
  const loaded = useLoad(async () => {
    const [envelope, filesets] = await Promise.all([
      api.get<BackupEnvelope>(backupPath(id)),
      api.get<FilesetDto[]>(`${backupPath(id)}/filesets`),
    ]);
    return { envelope, filesets };
  }, [id]);
  if (loaded.error) return <LoadFailed backupId={id} error={loaded.error} />;
  if (!loaded.data) {
    return (
      <>
        <PageHeader title="Restore" />
        <Spinner label="Loading the backup's versions…" />
      </>
    );
  }
  return <Wizard backupId={id} envelope={loaded.data.envelope} filesets={loaded.data.filesets} />;
}

function LoadFailed(props: { backupId: string; error: unknown }) {
  const { error } = props;
  const temporary = props.backupId.startsWith("-");
  let message: unknown = error;
  if (error instanceof ApiError && error.status === 404) {
    message = temporary
      ? "This direct restore has ended: the server lets go of a destination after two hours without use and when " +
        "it restarts. Connect to the destination again."
      : "There is no such backup on this server; it may have been deleted.";
  } else if (error instanceof ApiError && error.reason === "not-run-yet") {
    message = "This backup has not run yet, so there is nothing to restore. Run it first.";
  }
  return (
    <>
      <PageHeader title="Restore" />
      <ErrorBox error={message} title="Cannot restore" />
      <p>
        <a href={href("/restore")}>Back to choosing what to restore</a>
      </p>
    </>
  );
}

type Stage = "files" | "options" | "running" | "result";

const DEFAULT_OPTIONS: RestoreOptions = {
  target: "original",
  folder: "",
  overwrite: false,
  permissions: false,
  passphrase: "",
};

function Wizard(props: { backupId: string; envelope: BackupEnvelope; filesets: readonly FilesetDto[] }) {
  const { backupId, envelope, filesets } = props;
  const backup = envelope.Backup;
  const [version, setVersion] = useState(filesets[0]?.Version ?? 0);
  const [selection, setSelection] = useState<Selection>(new Set());
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [stage, setStage] = useState<Stage>("files");
  const [options, setOptions] = useState<RestoreOptions>(DEFAULT_OPTIONS);
  const [taskId, setTaskId] = useState<number | undefined>(undefined);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const fileset = filesets.find((f) => f.Version === version) ?? filesets[0];
  const cache = useFolderCache(backupId, fileset?.Time);
  const title = backup.IsTemporary ? "Direct restore" : `Restore from ${backup.Name}`;

  const changeVersion = (next: number, then?: Selection) => {
    if (next !== version) {
      setNotice(
        selection.size > 0
          ? "The selection was cleared: a restore takes its files from one version, and you chose another."
          : undefined,
      );
      setVersion(next);
      setSelection(then ?? new Set());
    } else if (then) setSelection(then);
  };

  const finish = async () => {
    if (backup.IsTemporary) await api.delete(`${backupPath(backupId)}?delete-local-db=true`).catch(() => {});
    navigate("/");
  };

  if (filesets.length === 0 || fileset === undefined) {
    return (
      <>
        <PageHeader title={title} />
        <ErrorBox error="This backup has no versions yet, so there is nothing to restore." />
        <a href={href("/restore")}>Back</a>
      </>
    );
  }
  const stepName = stage === "files" ? "files" : stage === "options" ? "options" : "restore";
  return (
    <>
      <PageHeader title={title}>
        <a class="button" href={href("/restore")}>Choose another backup</a>
      </PageHeader>
      {backup.IsTemporary ? <p class="muted restore-source">From {backup.TargetURL}</p> : null}
      <Steps current={stepName} />
      {stage === "files"
        ? (
          <FilesStep
            backupId={backupId}
            filesets={filesets}
            version={version}
            onVersion={(v) => changeVersion(v)}
            cache={cache}
            selection={selection}
            notice={notice}
            onToggle={(path) => {
              setNotice(undefined);
              setSelection(toggle(path, selection, cache.childrenOf));
            }}
            onPick={(path, v) => {
              const base = v === version ? selection : new Set<string>();
              const covered = checkState(path, base, cache.childrenOf) === "checked";
              changeVersion(v, covered ? new Set(base) : toggle(path, base, cache.childrenOf));
            }}
            onClear={() => setSelection(new Set())}
            onNext={() => setStage("options")}
          />
        )
        : null}
      {stage === "options"
        ? (
          <OptionsStep
            backupId={backupId}
            backup={backup}
            fileset={fileset}
            selection={selection}
            options={options}
            onOptions={setOptions}
            onBack={() => setStage("files")}
            onStarted={(id) => {
              setTaskId(id);
              setStage("running");
            }}
          />
        )
        : null}
      {stage === "running" && taskId !== undefined
        ? (
          <RunStep
            backupId={backupId}
            taskId={taskId}
            name={title}
            onDone={(result) => {
              setOutcome(result);
              setStage("result");
            }}
          />
        )
        : null}
      {stage === "result" && outcome
        ? (
          <ResultView
            outcome={outcome}
            selection={selection}
            target={options.target === "folder" ? options.folder : undefined}
            temporary={backup.IsTemporary}
            onMore={() => {
              setSelection(new Set());
              setOutcome(undefined);
              setNotice(undefined);
              setStage("files");
            }}
            onDone={() => void finish()}
          />
        )
        : null}
    </>
  );
}
