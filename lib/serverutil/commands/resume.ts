/**
 * `resume`: resumes a paused server.
 * @module
 */
import type { ServerUtilCommand } from "../command.ts";

export const resumeCommand: ServerUtilCommand = {
  name: "resume",
  summary: "Resumes the server",
  usage: "",
  options: [],
  minArgs: 0,
  maxArgs: 0,
  async run({ output, connect }) {
    output.message("Resuming the server...");
    await (await connect()).resume();
    output.success = true;
    return 0;
  },
};
