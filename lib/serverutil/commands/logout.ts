/**
 * `logout`: revokes the stored login on the server (auth/refresh/logout) and removes it from the settings file.
 * @module
 */
import { errorMessage } from "../../core/errors.ts";
import { logoutRefresh } from "../auth_requests.ts";
import type { ServerUtilCommand } from "../command.ts";
import { findLogin, removeLogin } from "../settings_file.ts";

export const logoutCommand: ServerUtilCommand = {
  name: "logout",
  summary: "Logs out of the server and removes the stored login token",
  usage: "",
  options: [],
  minArgs: 0,
  maxArgs: 0,
  async run({ output, settings }) {
    output.message("Logging out of the server...");
    const stored = await findLogin(settings.settingsFile, {
      hostUrl: settings.hostUrl,
      key: settings.settingsKey,
      onProblem: (message) => output.exception(message),
    });
    if (stored === undefined) {
      removeLogin(settings.settingsFile, settings.hostUrl);
      output.message(`No stored login for ${settings.hostUrl}`);
      output.success = true;
      return 0;
    }
    output.message(`Connecting to ${settings.hostUrl}...`);
    try {
      await logoutRefresh({ hostUrl: settings.hostUrl, ...(settings.fetch ? { fetch: settings.fetch } : {}) }, stored);
    } catch (error) {
      output.exception(`The server did not confirm the logout: ${errorMessage(error)}`);
    }
    removeLogin(settings.settingsFile, settings.hostUrl);
    output.message("Logged out, stored token removed");
    output.success = true;
    return 0;
  },
};
