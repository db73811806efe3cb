import { hostname } from "node:os";
import { systemInfo } from "../../../lib/operations/query/system_info.ts";
import { assert, assertEquals } from "../../support/assert.ts";

Deno.test("systemInfo() reports the runtime, the folders it is given and the machine", () => {
  const info = systemInfo({ product: "product 1.2", dataFolder: "/data", tempFolder: "/tmp/x" });
  assertEquals(
    [info.product, info.dataFolder, info.tempFolder, info.arch, info.target],
    ["product 1.2", "/data", "/tmp/x", Deno.build.arch, Deno.build.target],
  );
  assertEquals([info.deno, info.v8, info.typescript], [Deno.version.deno, Deno.version.v8, Deno.version.typescript]);
  assertEquals(info.timeZone, Intl.DateTimeFormat().resolvedOptions().timeZone);
  assertEquals(info.locale, Intl.DateTimeFormat().resolvedOptions().locale);
  assertEquals(info.hostname, hostname());
  assert(info.cpuCount >= 1, `cpuCount ${info.cpuCount}`);
  assert(info.os !== "unknown" && info.osRelease !== "unknown");
});
