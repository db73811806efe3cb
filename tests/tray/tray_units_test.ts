import { browserCommandLine, notificationCommandLine } from "../../lib/tray/desktop.ts";
import { describeProgress, describeState } from "../../lib/tray/status_text.ts";
import { detachedHostUrl, parseTrayOptions, TRAY_PORTS } from "../../lib/tray/tray_options.ts";
import type { ProgressState, ServerStatus } from "../../lib/server/api_types.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";
import { UserInputError } from "../../lib/core/errors.ts";

Deno.test("parseTrayOptions() adds the tray's port list only for a hosted server without a port", () => {
  assertEquals(parseTrayOptions(["--log-level=Information"], {}).serverArgs, [
    "--log-level=Information",
    `--webservice-port=${TRAY_PORTS}`,
  ]);
  assertEquals(parseTrayOptions(["--webservice-port=9000"], {}).serverArgs, ["--webservice-port=9000"]);
  assertEquals(parseTrayOptions([], { DUPLICATI__WEBSERVICE_PORT: "9100" }).serverArgs, []);
  const detached = parseTrayOptions(["--no-hosted-server", "--webserver-password=old", "--webservice-port=8300"], {});
  assertEquals([detached.hosted, detached.password, detached.serverArgs], [false, "old", ["--webservice-port=8300"]]);
  assertEquals(detachedHostUrl(detached), "http://127.0.0.1:8300/");
  assertEquals(parseTrayOptions(["--no-hosted-server=false"], {}).hosted, true);
  assertEquals(parseTrayOptions(["--host-cert-hash=*"], {}).ignored, ["host-cert-hash"]);
});

Deno.test("detachedHostUrl() uses https for a server with a certificate, and checks --hosturl", () => {
  const tls = parseTrayOptions([
    "--no-hosted-server",
    "--webservice-sslcertificatefile=/c.pem",
    "--webservice-port=8443",
  ], {});
  assertEquals(tls.serverArgs, ["--webservice-sslcertificatefile=/c.pem", "--webservice-port=8443"]);
  assertEquals(detachedHostUrl(tls), "https://127.0.0.1:8443/");
  const env = parseTrayOptions(["--no-hosted-server"], { DUPLICATI__WEBSERVICE_SSLCERTIFICATEFILE: "/c.pem" });
  assertEquals(detachedHostUrl(env), "https://127.0.0.1:8200/");
  const given = parseTrayOptions(["--no-hosted-server", "--hosturl=http://[::1]:8300"], {});
  assertEquals(detachedHostUrl(given), "http://[::1]:8300/");
  assertThrows(
    () => detachedHostUrl(parseTrayOptions(["--no-hosted-server", "--hosturl=ftp://h"], {})),
    UserInputError,
    "only http and https",
  );
  assertThrows(() => detachedHostUrl(parseTrayOptions(["--hosturl=nope"], {})), UserInputError, "not a URL");
  assertEquals(parseTrayOptions(["--no-browser=off"], {}).noBrowser, false);
  assertEquals(parseTrayOptions(["--no-browser"], {}).noBrowser, true);
  assertEquals(parseTrayOptions(["--no-hosted-server=yes"], {}).hosted, false);
});

Deno.test("browserCommandLine() and notificationCommandLine() per OS", () => {
  const url = "http://127.0.0.1:8200/signin.html?token=t";
  assertEquals(browserCommandLine(url, { os: "linux" }), ["xdg-open", url]);
  assertEquals(browserCommandLine(url, { os: "darwin" }), ["open", url]);
  assertEquals(browserCommandLine(`${url}&x=1`, { os: "windows" }), ["cmd", "/c", "start", `${url}^&x=1`]);
  assertEquals(browserCommandLine(url, { os: "linux", browserCommand: "firefox --private-window" }), [
    "firefox",
    "--private-window",
    url,
  ]);
  assertEquals(notificationCommandLine("T", 'say "hi"', "darwin"), [
    "osascript",
    "-e",
    'display notification "say \\"hi\\"" with title "T"',
  ]);
  assertEquals(notificationCommandLine("T", "b", "linux"), ["notify-send", "--app-name=Duplicati", "T", "b"]);
  assertEquals(notificationCommandLine("T", "b", "windows"), undefined);
});

Deno.test("describeState() and describeProgress() render the tray's states and a progress line", () => {
  const base = {
    ActiveTask: null,
    ProgramState: "Running",
    SchedulerQueueIds: [],
    EstimatedPauseEnd: "0001-01-01T00:00:00Z",
  };
  const state = (over: Partial<ServerStatus>) => describeState({ ...base, ...over } as unknown as ServerStatus);
  assertEquals(state({ SuggestedStatusIcon: "Ready" }), "Idle");
  assertEquals(state({ SuggestedStatusIcon: "ReadyError" }), "Idle, with errors");
  assertEquals(
    state({ SuggestedStatusIcon: "Paused", SchedulerQueueIds: [{ Item1: 2, Item2: "1" }] }),
    "Paused, 1 queued",
  );
  assertEquals(
    state({ SuggestedStatusIcon: "ActivePaused", ActiveTask: { Item1: 4, Item2: "9" } }),
    "Paused while running (task 4, backup 9)",
  );
  const progress = {
    Phase: "Backup_WaitForUpload",
    TotalFileCount: 100,
    ProcessedFileCount: 100,
    TotalFileSize: 3 * 1024 ** 3,
    ProcessedFileSize: 3 * 1024 ** 3,
    StillCounting: false,
    OverallProgress: 0.999,
    Speed: 2 * 1024 ** 2,
    BackendSpeed: 0,
    CurrentFilename: null,
  } as unknown as ProgressState;
  assertEquals(
    describeProgress(progress),
    "Backup_WaitForUpload, 100/100 files, 3.00 GiB of 3.00 GiB, 99%, 2.00 MiB/s",
  );
});
