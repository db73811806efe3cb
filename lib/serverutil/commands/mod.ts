/**
 * The serverutil command table, in help order.
 * @module
 */
import type { ServerUtilCommand } from "../command.ts";
import { changePasswordCommand } from "./change_password.ts";
import { deleteCommand } from "./delete_backup.ts";
import { exportCommand } from "./export.ts";
import { healthCommand } from "./health.ts";
import { importCommand } from "./import.ts";
import { issueForeverTokenCommand } from "./issue_forever_token.ts";
import { listBackupsCommand } from "./list_backups.ts";
import { loginCommand } from "./login.ts";
import { logoutCommand } from "./logout.ts";
import { pauseCommand } from "./pause.ts";
import { resumeCommand } from "./resume.ts";
import { runCommand } from "./run_backup.ts";
import { statusCommand } from "./status.ts";

export const COMMANDS: readonly ServerUtilCommand[] = [
  loginCommand,
  logoutCommand,
  pauseCommand,
  resumeCommand,
  listBackupsCommand,
  runCommand,
  deleteCommand,
  exportCommand,
  importCommand,
  statusCommand,
  healthCommand,
  changePasswordCommand,
  issueForeverTokenCommand,
];

/** The command with this name (case-insensitive). */
export function findCommand(name: string): ServerUtilCommand | undefined {
  const lower = name.toLowerCase();
  return COMMANDS.find((command) => command.name === lower);
}
