/**
 * `pause [duration]`: pauses the server's scheduler and running task, indefinitely or for a timespan.
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import { isTimespan } from "../../options/parse_timespan.ts";
import type { ServerUtilCommand } from "../command.ts";

export const pauseCommand: ServerUtilCommand = {
  name: "pause",
  summary: "Pauses the server",
  usage: "[duration]",
  argumentHelp: ['duration  How long to pause, as a timespan such as "30m", "2h" or "1D"; indefinitely when absent'],
  options: [],
  minArgs: 0,
  maxArgs: 1,
  async run({ args, output, connect }) {
    const duration = args[0]?.trim() || undefined;
    if (duration !== undefined && !isTimespan(duration)) {
      throw new UserInputError(`Cannot pause the server: "${duration}" is not a timespan such as "30m", "2h" or "1D"`);
    }
    output.message(duration === undefined ? "Pausing the server indefinitely" : `Pausing the server for ${duration}`);
    await (await connect()).pause(duration);
    output.success = true;
    return 0;
  },
};
