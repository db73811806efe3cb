/**
 * `change-password [new-password]`: sets the server password (PUT serversetting/server-passphrase).
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import type { ServerUtilCommand } from "../command.ts";

export const changePasswordCommand: ServerUtilCommand = {
  name: "change-password",
  summary: "Changes the server password",
  usage: "[new-password]",
  argumentHelp: ["new-password  The new password; asked for when absent (not possible with --json)"],
  options: [],
  minArgs: 0,
  maxArgs: 1,
  async run({ args, output, connect, io }) {
    // Sign in first: that may ask for the current password.
    const client = await connect();
    let password = args[0];
    if (password === undefined || password === "") {
      if (output.json) throw new UserInputError("Cannot change the password: no new password given in --json mode");
      password = await io.readSecret?.("Please provide the new password: ");
    }
    if (password === undefined || password.trim() === "") {
      throw new UserInputError("Cannot change the password: no new password given");
    }
    await client.changePassword(password);
    output.message("The server password has been changed");
    output.success = true;
    return 0;
  },
};
