/**
 * `login`: signs in with RememberMe and stores the 30-day refresh token in the settings file.
 * @module
 */
import type { ServerUtilCommand } from "../command.ts";

export const loginCommand: ServerUtilCommand = {
  name: "login",
  summary: "Logs in to the server and stores a login token for later commands",
  usage: "",
  options: [],
  minArgs: 0,
  maxArgs: 0,
  async run(context) {
    context.output.message("Logging in to the server");
    await context.connect({ rememberMe: true });
    context.output.message(`Logged in, persistent token saved in ${context.settings.settingsFile}`);
    context.output.success = true;
    return 0;
  },
};
