/**
 * The add / edit backup page (#/add and #/backup/{id}/edit): loads what the wizard needs (GET /systeminfo, and
 * GET /backupdefaults for a new backup, GET /backup/{id} to edit one, or the configuration the import page left
 * for #/add?import=1) and shows the wizard. The data is loaded
 * once: changes made elsewhere while the user edits do not overwrite the form.
 * @module
 */
import type { BackupEnvelope } from "../../../../lib/server/api_types.ts";
import { api } from "../../api/client.ts";
import { ErrorBox, Notice, PageHeader, Spinner, useLoad } from "../../components/ui.tsx";
import { currentRoute, href } from "../../router.ts";
import { type BackupDefaults, modelFromDefaults, modelFromEnvelope, upcoming } from "./from_envelope.ts";
import { dropImportDraft, readImportDraft } from "./import_draft.ts";
import type { EditorModel } from "./model.ts";
import { localInstant } from "./schedule_preview.ts";
import type { SystemInfoDto } from "./step_context.ts";
import { Wizard } from "./wizard.tsx";

interface EditorData {
  readonly system: SystemInfoDto;
  readonly base: BackupEnvelope | undefined;
  readonly initial: EditorModel;
  /** True for a configuration opened from the import page. */
  readonly imported: boolean;
}

/** The model of an imported configuration; a first run that has passed moves to the next such time of day. */
function importedModel(draft: BackupEnvelope, now: Date): EditorModel {
  const model = modelFromEnvelope(draft, now);
  const at = localInstant(model.scheduleDate, model.scheduleTime);
  return at === undefined || at.getTime() > now.getTime() ? model : { ...model, ...upcoming(model.scheduleTime, now) };
}

async function load(backupId: string | undefined): Promise<EditorData> {
  const now = new Date();
  const draft = backupId === undefined && currentRoute().query.get("import") === "1" ? readImportDraft() : undefined;
  if (draft !== undefined) {
    const system = await api.get<SystemInfoDto>("/systeminfo");
    return { system, base: draft, initial: importedModel(draft, now), imported: true };
  }
  if (backupId === undefined) {
    const [system, defaults] = await Promise.all([
      api.get<SystemInfoDto>("/systeminfo"),
      api.get<BackupDefaults>("/backupdefaults"),
    ]);
    return { system, base: undefined, initial: modelFromDefaults(defaults, now), imported: false };
  }
  const [system, base] = await Promise.all([
    api.get<SystemInfoDto>("/systeminfo"),
    api.get<BackupEnvelope>(`/backup/${encodeURIComponent(backupId)}`),
  ]);
  return { system, base, initial: modelFromEnvelope(base, now), imported: false };
}

/** The page; `backupId` set means editing that backup. */
export function BackupEditorPage(props: { backupId?: string }) {
  const loaded = useLoad(() => load(props.backupId), [props.backupId]);
  const data = loaded.data;
  const title = props.backupId === undefined
    ? "Add backup"
    : data === undefined
    ? "Edit backup"
    : `Edit backup “${data.initial.name}”`;
  return (
    <div class="editor-page">
      <PageHeader title={title} />
      {loaded.error !== undefined && data === undefined
        ? (
          <>
            <ErrorBox title="Cannot open the backup editor" error={loaded.error} />
            <div class="button-row">
              <button type="button" onClick={loaded.reload}>Try again</button>
              <a class="button" href={href("/")}>Back to the home page</a>
            </div>
          </>
        )
        : data === undefined
        ? <Spinner label="Loading…" />
        : (
          <>
            {data.imported
              ? (
                <Notice>
                  Imported from a configuration file. Check each step (a passphrase or password that was not in the file
                  must be entered again), then save: nothing is saved until you do.
                </Notice>
              )
              : null}
            <Wizard
              system={data.system}
              initial={data.initial}
              base={data.base}
              backupId={props.backupId}
              onSaved={data.imported ? dropImportDraft : undefined}
            />
          </>
        )}
    </div>
  );
}
