/**
 * `service run` supervising the real `main.ts server --ping-pong-keepalive=true`: pongs, a healthy /health, and a
 * clean stop through "shutdown".
 */
import { join } from "node:path";
import { runService } from "../../lib/service/run_service.ts";
import type { SupervisorEvent } from "../../lib/service/supervisor.ts";
import { assert, assertEquals } from "../support/assert.ts";
import { REPO_ROOT } from "../support/run_main.ts";

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

Deno.test("service run keeps the real server answering pings and /health, then shuts it down cleanly", async () => {
  const root = await Deno.makeTempDir({ prefix: "service-real-" });
  const port = freePort();
  const controller = new AbortController();
  const events: SupervisorEvent[] = [];
  const out: string[] = [];
  const healthStatuses: number[] = [];
  try {
    const code = await runService([
      "run",
      "--service-ping-interval=300ms",
      "--service-ping-timeout=60s",
      `--server-datafolder=${join(root, "data")}`,
      `--webservice-port=${port}`,
      "--webservice-password=service-pw",
    ], {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      env: {},
      cwd: root,
      executableDir: root,
      selfCommand: [Deno.execPath(), "run", "--allow-all", `${REPO_ROOT}/main.ts`],
      signal: controller.signal,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        healthStatuses.push(response.status);
        return response;
      },
      onEvent: (event) => {
        events.push(event);
        if (events.filter((e) => e.type === "pong").length === 3) controller.abort();
      },
    });
    assertEquals(code, 0);
    assertEquals(events.map((e) => e.type), ["started", "pong", "pong", "pong", "exited", "stopped"]);
    assertEquals((events[4] as { code: number }).code, 0, out.join("\n"));
    assertEquals(healthStatuses, [200, 200, 200]);
    assert(out.some((line) => line.includes(`listening on localhost, port ${port}`)), out.join("\n"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
