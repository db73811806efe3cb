/**
 * What the wizard's own steps (general, destination, schedule, options) get besides the shared StepProps: the
 * server's system information (backends, options) and, when editing, the backup's id and the model as loaded.
 * @module
 */
import type { ModuleDto, OptionDto, SystemInfoDto } from "../../../../lib/server/routes/system_info.ts";
import type { EditorModel, StepProps } from "./model.ts";

export type { ModuleDto, OptionDto, SystemInfoDto };

/** The wizard's shared context. */
export interface StepContext {
  readonly system: SystemInfoDto;
  /** The id of the backup being edited; undefined for a new backup. */
  readonly backupId: string | undefined;
  /** The model as loaded (editing) or as created from the defaults (new). */
  readonly initial: EditorModel;
}

/** Props of the wizard's own steps. */
export interface ContextStepProps extends StepProps {
  readonly context: StepContext;
}

/** The first error among `keys` (for a field that shows several model keys). */
export function firstError(errors: Readonly<Record<string, string>>, ...keys: string[]): string | undefined {
  for (const key of keys) if (errors[key]) return errors[key];
  return undefined;
}
