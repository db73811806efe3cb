import { runService, type ServiceIo } from "../../lib/service/run_service.ts";
import { systemdQuote, windowsQuote } from "../../lib/service/unit_files.ts";
import { assert, assertEquals, assertStringIncludes } from "../support/assert.ts";

const SELF = ["/opt/duplicati/bin/deno", "run", "--allow-all", "/opt/duplicati/main.ts"];

function serviceIo(env: { home: string; os?: typeof Deno.build.os; uid?: number | null }) {
  const out: string[] = [];
  const err: string[] = [];
  const ran: string[][] = [];
  const io: ServiceIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { HOME: env.home },
    cwd: env.home,
    executableDir: "/opt/duplicati",
    selfCommand: SELF,
    os: env.os ?? "linux",
    uid: env.uid === undefined ? 1000 : env.uid,
    runCommand: (command) => {
      ran.push([...command]);
      return Promise.resolve(0);
    },
  };
  return { io, out, err, ran };
}

async function withHome(body: (home: string) => Promise<void>): Promise<void> {
  const home = await Deno.makeTempDir({ prefix: "service-home-" });
  try {
    await body(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("service install writes a systemd user unit for the current binary and data folder", async () => {
  await withHome(async (home) => {
    const { io, out } = serviceIo({ home });
    assertEquals(await runService(["install", "--service-ping-interval=10m", "--webservice-port=8300"], io), 0);
    const path = `${home}/.config/systemd/user/duplicati.service`;
    assertEquals(out[0], `Wrote ${path}`);
    assertEquals(
      Deno.readTextFileSync(path),
      [
        '# Written by duplicati-deno "service install"; remove it with "service uninstall".',
        "[Unit]",
        "Description=Duplicati backup server (duplicati-deno)",
        "",
        "[Service]",
        "Type=simple",
        `ExecStart=/opt/duplicati/bin/deno run --allow-all /opt/duplicati/main.ts service run --service-ping-interval=10m --webservice-port=8300 --server-datafolder=${home}/.config/Duplicati`,
        "Restart=always",
        "RestartSec=10",
        "KillSignal=SIGTERM",
        "TimeoutStopSec=90",
        "Nice=19",
        "IOSchedulingClass=idle",
        "",
        "[Install]",
        "WantedBy=default.target",
        "",
      ].join("\n"),
    );
    assertEquals(out.slice(1, 4), [
      "Enable and start it with:",
      "  systemctl --user daemon-reload",
      "  systemctl --user enable --now duplicati.service",
    ]);
    assertStringIncludes(out.join("\n"), "loginctl enable-linger");
  });
});

Deno.test("service install --enable runs systemctl; uninstall --disable disables, removes and reloads", async () => {
  await withHome(async (home) => {
    const { io, ran } = serviceIo({ home });
    assertEquals(await runService(["install", "--enable", "--server-datafolder=/srv/dup data"], io), 0);
    const path = `${home}/.config/systemd/user/duplicati.service`;
    assertStringIncludes(Deno.readTextFileSync(path), 'service run "--server-datafolder=/srv/dup data"\n');
    assertEquals(ran, [["systemctl", "--user", "daemon-reload"], [
      "systemctl",
      "--user",
      "enable",
      "--now",
      "duplicati.service",
    ]]);
    ran.length = 0;
    assertEquals(await runService(["uninstall", "--disable"], io), 0);
    assertEquals(ran, [["systemctl", "--user", "disable", "--now", "duplicati.service"], [
      "systemctl",
      "--user",
      "daemon-reload",
    ]]);
    let exists = true;
    try {
      Deno.statSync(path);
    } catch {
      exists = false;
    }
    assert(!exists, "the unit file was removed");
  });
});

Deno.test("service uninstall without --disable removes the file and prints the commands", async () => {
  await withHome(async (home) => {
    const { io, out, ran } = serviceIo({ home });
    assertEquals(await runService(["install"], io), 0);
    out.length = 0;
    assertEquals(await runService(["uninstall"], io), 0);
    assertEquals(out, [
      `Removed ${home}/.config/systemd/user/duplicati.service`,
      "Stop and disable it with:",
      "  systemctl --user disable --now duplicati.service",
      "  systemctl --user daemon-reload",
    ]);
    assertEquals(ran, []);
    out.length = 0;
    assertEquals(await runService(["uninstall"], io), 0);
    assertEquals(out[0], `Nothing to remove: ${home}/.config/systemd/user/duplicati.service does not exist`);
  });
});

Deno.test("service install --dry-run as root prints a system unit and writes nothing", async () => {
  await withHome(async (home) => {
    const { io, out } = serviceIo({ home, uid: 0 });
    assertEquals(await runService(["install", "--dry-run"], io), 0);
    assertEquals(out[0], "Would write /etc/systemd/system/duplicati.service:");
    const text = out.join("\n");
    assertStringIncludes(text, "Wants=network-online.target\nAfter=network-online.target");
    assertStringIncludes(text, "WantedBy=multi-user.target");
    assertStringIncludes(
      text,
      "and then enable it with:\n  systemctl daemon-reload\n  systemctl enable --now duplicati.service",
    );
    assertEquals([...Deno.readDirSync(home)], []);
  });
});

Deno.test("service install on macOS writes a launchd agent", async () => {
  await withHome(async (home) => {
    const { io, out } = serviceIo({ home, os: "darwin", uid: 501 });
    assertEquals(await runService(["install", "--server-datafolder=/Users/a&b"], io), 0);
    const path = `${home}/Library/LaunchAgents/com.duplicati.server.plist`;
    const text = Deno.readTextFileSync(path);
    assertStringIncludes(
      text,
      [
        "  <array>",
        "    <string>/opt/duplicati/bin/deno</string>",
        "    <string>run</string>",
        "    <string>--allow-all</string>",
        "    <string>/opt/duplicati/main.ts</string>",
        "    <string>service</string>",
        "    <string>run</string>",
        "    <string>--server-datafolder=/Users/a&amp;b</string>",
        "  </array>",
      ].join("\n"),
    );
    assertStringIncludes(text, "<key>KeepAlive</key>\n  <true/>");
    assertStringIncludes(text, "<string>com.duplicati.server</string>");
    assertEquals(out.slice(0, 3), [
      `Wrote ${path}`,
      "Enable and start it with:",
      `  launchctl bootstrap gui/501 ${path}`,
    ]);
  });
});

Deno.test("service install on Windows prints the sc.exe commands", async () => {
  await withHome(async (home) => {
    const { io, out } = serviceIo({ home, os: "windows", uid: null });
    const windowsIo = { ...io, selfCommand: ["C:\\Program Files\\Duplicati\\duplicati.exe"] };
    assertEquals(await runService(["install", "--server-datafolder=C:\\Data"], windowsIo), 0);
    assertStringIncludes(
      out.join("\n"),
      'sc.exe create Duplicati binPath= "\\"C:\\Program Files\\Duplicati\\duplicati.exe\\" service run --server-datafolder=C:\\Data" start= delayed-auto DisplayName= "Duplicati service"',
    );
    assertStringIncludes(out.join("\n"), "schtasks /Create /TN Duplicati /SC ONSTART");
  });
});

Deno.test("systemdQuote() and windowsQuote() protect blanks, quotes, % and $", () => {
  assertEquals(systemdQuote("--a=b"), "--a=b");
  assertEquals(systemdQuote("/x y/100%"), '"/x y/100%%"');
  assertEquals(systemdQuote('say "$HOME"'), '"say \\"$$HOME\\""');
  assertEquals(systemdQuote(""), '""');
  assertEquals(windowsQuote("C:\\a b\\"), '"C:\\a b\\\\"');
  assertEquals(windowsQuote('x"y'), '"x\\"y"');
});

const SECRETS = ['--webservice-password=pa$$ "w`d"\\x', "--settings-encryption-key=k3y-s3cret"];

function assertNoSecret(text: string): void {
  assert(!text.includes("pa$$") && !text.includes("k3y-s3cret"), `a secret leaked into:\n${text}`);
}

Deno.test("service install keeps secret options out of the unit: an owner-only EnvironmentFile holds them", async () => {
  await withHome(async (home) => {
    const { io, out, err } = serviceIo({ home });
    assertEquals(await runService(["install", "--webservice-port=8300", ...SECRETS], io), 0);
    const dir = `${home}/.config/systemd/user`;
    assertEquals(out.slice(0, 2), [`Wrote ${dir}/duplicati.env`, `Wrote ${dir}/duplicati.service`]);
    const unit = Deno.readTextFileSync(`${dir}/duplicati.service`);
    assertNoSecret(unit);
    assertStringIncludes(unit, `Type=simple\nEnvironmentFile=${dir}/duplicati.env\nExecStart=`);
    assertStringIncludes(unit, "service run --webservice-port=8300 --server-datafolder=");
    assertEquals(Deno.readTextFileSync(`${dir}/duplicati.env`).split("\n").slice(1), [
      'DUPLICATI__WEBSERVICE_PASSWORD="pa\\$\\$ \\"w\\`d\\"\\\\x"',
      'DUPLICATI__SETTINGS_ENCRYPTION_KEY="k3y-s3cret"',
      "",
    ]);
    if (Deno.build.os !== "windows") {
      assertEquals(Deno.statSync(`${dir}/duplicati.env`).mode! & 0o777, 0o600);
      assertEquals(Deno.statSync(`${dir}/duplicati.service`).mode! & 0o777, 0o644);
    }
    assertNoSecret([...out, ...err].join("\n"));

    out.length = 0;
    assertEquals(await runService(["uninstall"], io), 0);
    assertEquals(out.slice(0, 2), [`Removed ${dir}/duplicati.service`, `Removed ${dir}/duplicati.env`]);
    assertEquals([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("service install replaces a world-readable secrets file owner-only, and removes it when no secret is left", async () => {
  await withHome(async (home) => {
    const { io, out } = serviceIo({ home });
    const dir = `${home}/.config/systemd/user`;
    Deno.mkdirSync(dir, { recursive: true });
    Deno.writeTextFileSync(`${dir}/duplicati.env`, "OLD=1\n", { mode: 0o644 });
    Deno.chmodSync(`${dir}/duplicati.env`, 0o644);
    assertEquals(await runService(["install", SECRETS[0]!], io), 0);
    if (Deno.build.os !== "windows") assertEquals(Deno.statSync(`${dir}/duplicati.env`).mode! & 0o777, 0o600);
    out.length = 0;
    assertEquals(await runService(["install"], io), 0);
    assertEquals(out.slice(0, 2), [`Wrote ${dir}/duplicati.service`, `Removed ${dir}/duplicati.env`]);
    assert(!Deno.readTextFileSync(`${dir}/duplicati.service`).includes("EnvironmentFile="));
  });
});

Deno.test("service install --dry-run shows where the secrets go without printing them", async () => {
  await withHome(async (home) => {
    const { io, out } = serviceIo({ home });
    assertEquals(await runService(["install", "--dry-run", ...SECRETS], io), 0);
    const text = out.join("\n");
    assertNoSecret(text);
    assertStringIncludes(text, `Would write ${home}/.config/systemd/user/duplicati.env (owner-only):`);
    assertStringIncludes(text, 'DUPLICATI__WEBSERVICE_PASSWORD="<hidden>"');
    assertEquals([...Deno.readDirSync(home)], []);
  });
});

Deno.test("service install on macOS puts secrets in EnvironmentVariables of a 0600 property list", async () => {
  await withHome(async (home) => {
    const { io, out } = serviceIo({ home, os: "darwin", uid: 501 });
    assertEquals(await runService(["install", "--server-datafolder=/d", ...SECRETS], io), 0);
    const path = `${home}/Library/LaunchAgents/com.duplicati.server.plist`;
    const text = Deno.readTextFileSync(path);
    const program = text.slice(text.indexOf("<key>ProgramArguments</key>"), text.indexOf("</array>"));
    assertNoSecret(program);
    assertStringIncludes(
      text,
      [
        "  <key>EnvironmentVariables</key>",
        "  <dict>",
        "    <key>DUPLICATI__WEBSERVICE_PASSWORD</key>",
        "    <string>pa$$ &quot;w`d&quot;\\x</string>",
        "    <key>DUPLICATI__SETTINGS_ENCRYPTION_KEY</key>",
        "    <string>k3y-s3cret</string>",
        "  </dict>",
      ].join("\n"),
    );
    if (Deno.build.os !== "windows") assertEquals(Deno.statSync(path).mode! & 0o777, 0o600);
    assertNoSecret(out.join("\n"));
  });
});

Deno.test("service install on Windows names the secret variables instead of printing the secrets", async () => {
  await withHome(async (home) => {
    const { io, out } = serviceIo({ home, os: "windows", uid: null });
    const windowsIo = { ...io, selfCommand: ["C:\\duplicati.exe"] };
    assertEquals(await runService(["install", "--server-datafolder=C:\\Data", ...SECRETS], windowsIo), 0);
    const text = out.join("\n");
    assertNoSecret(text);
    assertStringIncludes(text, 'binPath= "C:\\duplicati.exe service run --server-datafolder=C:\\Data"');
    assertStringIncludes(
      text,
      "set DUPLICATI__WEBSERVICE_PASSWORD, DUPLICATI__SETTINGS_ENCRYPTION_KEY in the environment of the service",
    );
  });
});
