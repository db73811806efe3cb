/**
 * `health`: GET /health without signing in (10 s timeout); exit 0 when healthy, 1 when not.
 * @module
 */
import { errorMessage } from "../../core/errors.ts";
import type { ServerUtilCommand } from "../command.ts";

const TIMEOUT_MS = 10_000;

export const healthCommand: ServerUtilCommand = {
  name: "health",
  summary: "Checks the server's health endpoint (exit 0 healthy, 1 unhealthy)",
  usage: "",
  options: [],
  minArgs: 0,
  maxArgs: 0,
  async run({ output, settings }) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error("no answer within 10 seconds")), TIMEOUT_MS);
    let problem: string | undefined;
    try {
      const response = await (settings.fetch ?? fetch)(new URL("health", settings.hostUrl), {
        signal: controller.signal,
      });
      await response.body?.cancel();
      if (!response.ok) problem = `HTTP ${response.status}`;
    } catch (error) {
      problem = errorMessage(error);
    } finally {
      clearTimeout(timer);
    }
    output.set("healthy", problem === undefined);
    output.success = problem === undefined;
    if (problem === undefined) {
      output.message("Server is healthy");
      return 0;
    }
    output.message("Server is unhealthy");
    output.exception(`Health check of ${settings.hostUrl} failed: ${problem}`);
    return 1;
  },
};
