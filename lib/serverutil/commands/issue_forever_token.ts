/**
 * `issue-forever-token`: asks the server for a 10-year access token (only when the server allows it).
 * @module
 */
import type { ServerUtilCommand } from "../command.ts";

export const issueForeverTokenCommand: ServerUtilCommand = {
  name: "issue-forever-token",
  summary: "Issues a long-lived access token (the server must allow it)",
  usage: "",
  options: [],
  minArgs: 0,
  maxArgs: 0,
  async run({ output, connect }) {
    const token = await (await connect()).issueForeverToken();
    output.message("Issued a long-lived access token; keep it secret:");
    output.message(token);
    output.set("Token", token);
    output.success = true;
    return 0;
  },
};
