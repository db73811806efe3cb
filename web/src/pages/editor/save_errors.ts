/**
 * Where a server error on save belongs: the `Field` of a 400/409 answer ("Backup.Name", "Backup.Settings[3].Value",
 * "Schedule.Repeat" …) as the wizard step and model field to show it at. Pure.
 * @module
 */
import type { BackupBodyEnvelope } from "./to_envelope.ts";

/** Step indexes of the wizard. */
export const STEP = { general: 0, destination: 1, sources: 2, schedule: 3, options: 4 } as const;

/** The step and model key of a server error field; undefined when it names nothing the wizard shows. */
export function placeOfServerField(
  field: string,
  sent: BackupBodyEnvelope,
): { step: number; key: string } | undefined {
  if (field === "Backup.Name") return { step: STEP.general, key: "name" };
  if (field === "Backup.Description") return { step: STEP.general, key: "description" };
  if (field === "Backup.TargetURL") return { step: STEP.destination, key: "targetUrl" };
  if (field.startsWith("Backup.Sources")) return { step: STEP.sources, key: "sources" };
  if (field.startsWith("Backup.Filters")) return { step: STEP.sources, key: "filters" };
  if (field === "Backup.Settings") return { step: STEP.general, key: "passphrase" };
  const setting = /^Backup\.Settings\[(\d+)\]/.exec(field);
  if (setting) {
    const name = sent.Backup.Settings[Number(setting[1])]?.Name ?? "";
    return placeOfSetting(name);
  }
  if (field.startsWith("Schedule.Repeat")) return { step: STEP.schedule, key: "repeat" };
  if (field.startsWith("Schedule.Time")) return { step: STEP.schedule, key: "scheduleTime" };
  if (field.startsWith("Schedule.AllowedDays")) return { step: STEP.schedule, key: "allowedDays" };
  return undefined;
}

function placeOfSetting(name: string): { step: number; key: string } | undefined {
  const bare = name.replace(/^-+/, "").toLowerCase();
  if (bare === "passphrase") return { step: STEP.general, key: "passphrase" };
  if (bare === "encryption-module" || bare === "no-encryption") return { step: STEP.general, key: "encryption" };
  if (bare === "dblock-size" && !name.startsWith("--")) return { step: STEP.options, key: "volumeSize" };
  if (["keep-time", "keep-versions", "retention-policy"].includes(bare) && !name.startsWith("--")) {
    return { step: STEP.options, key: "retention" };
  }
  if (bare === "skip-files-larger-than") return { step: STEP.sources, key: "skipFilesLargerThan" };
  if (bare === "exclude-files-attributes") return { step: STEP.sources, key: "excludeAttributes" };
  if (name.startsWith("--")) return { step: STEP.options, key: `advanced.${name.replace(/^-+/, "")}` };
  return undefined;
}

/** The server's message without the `Invalid field "…": ` prefix, as a sentence. */
export function fieldMessage(message: string): string {
  const text = message.replace(/^Invalid field "[^"]*": /, "");
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
