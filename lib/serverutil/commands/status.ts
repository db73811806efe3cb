/**
 * `status`: the server's program state, active task and queued tasks.
 * @module
 */
import type { ServerUtilCommand } from "../command.ts";

export const statusCommand: ServerUtilCommand = {
  name: "status",
  summary: "Shows the server state, the active task and the queued tasks",
  usage: "",
  options: [],
  minArgs: 0,
  maxArgs: 0,
  async run({ output, connect }) {
    const state = await (await connect()).serverState();
    output.message(`Server state: ${state.ProgramState}`);
    output.set("ServerState", state.ProgramState);
    if (state.ActiveTask) {
      output.message(`Active task: [Task ${state.ActiveTask.Item1}]: BackupId = ${state.ActiveTask.Item2}`);
      output.set("ActiveTask", { Task: state.ActiveTask.Item1, BackupId: state.ActiveTask.Item2 });
    } else {
      output.message("Active task: None");
      output.set("ActiveTask", null);
    }
    if (state.SchedulerQueueIds.length > 0) {
      output.message("Scheduled tasks:");
      for (const entry of state.SchedulerQueueIds) output.message(`  [Task ${entry.Item1}]: BackupId = ${entry.Item2}`);
      output.set(
        "SchedulerTasks",
        state.SchedulerQueueIds.map((entry) => ({ Task: entry.Item1, BackupId: entry.Item2 })),
      );
    } else {
      output.message("Scheduler tasks: Empty");
      output.set("SchedulerTasks", null);
    }
    output.success = true;
    return 0;
  },
};
