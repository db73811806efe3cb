import { join } from "node:path";
import { type DataFolderInput, ensureDataFolder, resolveDataFolder } from "../../lib/data_folder/data_folder.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const ALL_ENV = {
  HOME: "/home/me",
  DUPLICATI_DATA_FOLDER: "/env/data-folder",
  DUPLICATI_HOME: "/env/home",
  DUPLICATI__SERVER_DATAFOLDER: "/env/server-datafolder",
};

function linux(overrides: Partial<DataFolderInput> = {}): DataFolderInput {
  return { env: {}, os: "linux", executableDir: "/opt/duplicati", cwd: "/work", exists: () => false, ...overrides };
}

Deno.test("resolveDataFolder() follows the documented order of precedence", () => {
  const steps: [Partial<DataFolderInput>, string][] = [
    [
      { serverDataFolder: "/cli/folder", portableMode: true, env: { ...ALL_ENV, DUPLICATI__PORTABLE_MODE: "true" } },
      "/cli/folder",
    ],
    [{ portableMode: true, env: ALL_ENV }, "/opt/duplicati/data"],
    [{ env: { ...ALL_ENV, DUPLICATI__PORTABLE_MODE: "1" } }, "/opt/duplicati/data"],
    [{ env: ALL_ENV }, "/env/data-folder"],
    [{ env: { ...ALL_ENV, DUPLICATI_DATA_FOLDER: undefined } }, "/env/home"],
    [{ env: { HOME: "/home/me", DUPLICATI__SERVER_DATAFOLDER: "/env/server-datafolder" } }, "/env/server-datafolder"],
    [{ env: { HOME: "/home/me" } }, "/home/me/.config/Duplicati"],
  ];
  for (const [input, expected] of steps) assertEquals(resolveDataFolder(linux(input)), expected, JSON.stringify(input));
});

Deno.test("resolveDataFolder() reads DUPLICATI__PORTABLE_MODE leniently and lets --portable-mode=false win", () => {
  const env = (value: string) => ({ HOME: "/h", DUPLICATI__PORTABLE_MODE: value });
  for (const value of ["true", "1", "yes", "on", "anything"]) {
    assertEquals(resolveDataFolder(linux({ env: env(value) })), "/opt/duplicati/data", value);
  }
  for (const value of ["false", "FALSE", "0", "no", "off", "", "  "]) {
    assertEquals(resolveDataFolder(linux({ env: env(value) })), "/h/.config/Duplicati", value);
  }
  assertEquals(resolveDataFolder(linux({ portableMode: false, env: env("true") })), "/h/.config/Duplicati");
});

Deno.test("resolveDataFolder() expands %VARIABLES%, trims quotes and resolves relative paths", () => {
  const env = { HOME: "/h", BASE: "/mnt/store", DUPLICATI_HOME: '"%BASE%/legacy"' };
  assertEquals(resolveDataFolder(linux({ serverDataFolder: '"%BASE%/dup/"', env })), "/mnt/store/dup");
  assertEquals(resolveDataFolder(linux({ serverDataFolder: "rel/data", env })), "/work/rel/data");
  assertEquals(resolveDataFolder(linux({ serverDataFolder: "%UNSET%/x", env })), "/work/%UNSET%/x");
  assertEquals(resolveDataFolder(linux({ env })), "/mnt/store/legacy");
  assertEquals(resolveDataFolder(linux({ portableMode: true, executableDir: "bin", env })), "/work/bin/data");
});

Deno.test("resolveDataFolder() ignores blank values", () => {
  const env = { HOME: "/h", DUPLICATI_DATA_FOLDER: "", DUPLICATI_HOME: "  " };
  assertEquals(resolveDataFolder(linux({ serverDataFolder: " ", env })), "/h/.config/Duplicati");
});

Deno.test("resolveDataFolder() picks the Linux default from XDG_CONFIG_HOME, HOME or /var/lib", () => {
  assertEquals(resolveDataFolder(linux({ env: { HOME: "/h", XDG_CONFIG_HOME: "/xdg" } })), "/xdg/Duplicati");
  assertEquals(resolveDataFolder(linux({ env: { HOME: "/h", XDG_CONFIG_HOME: "relative" } })), "/h/.config/Duplicati");
  assertEquals(resolveDataFolder(linux({ home: "/given", env: { HOME: "/h" } })), "/given/.config/Duplicati");
  assertEquals(resolveDataFolder(linux({ env: {} })), "/var/lib/Duplicati");
  const legacyOnly = (path: string) => path === "/Duplicati/dbconfig.json";
  assertEquals(resolveDataFolder(linux({ env: {}, probeFile: "dbconfig.json", exists: legacyOnly })), "/Duplicati");
  const both = (path: string) => path.endsWith("dbconfig.json");
  assertEquals(resolveDataFolder(linux({ env: {}, probeFile: "dbconfig.json", exists: both })), "/var/lib/Duplicati");
});

Deno.test("resolveDataFolder() picks the macOS default and its legacy ~/.config fallback", () => {
  const mac = (exists: (path: string) => boolean) =>
    resolveDataFolder(
      linux({ os: "darwin", env: { HOME: "/Users/me" }, probeFile: "Duplicati-server.sqlite", exists }),
    );
  assertEquals(mac(() => false), "/Users/me/Library/Application Support/Duplicati");
  assertEquals(mac((p) => p === "/Users/me/.config/Duplicati/Duplicati-server.sqlite"), "/Users/me/.config/Duplicati");
  assertEquals(mac(() => true), "/Users/me/Library/Application Support/Duplicati");
});

Deno.test("resolveDataFolder() picks the newest Windows candidate that holds the probe file", () => {
  const env = { APPDATA: "C:\\Users\\me\\AppData\\Roaming", LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local" };
  const win = (exists: (path: string) => boolean, extra: Record<string, string> = {}) =>
    resolveDataFolder({
      env: { ...env, ...extra },
      os: "windows",
      executableDir: "C:\\Program Files\\Duplicati",
      cwd: "C:\\",
      probeFile: "dbconfig.json",
      exists,
    });
  assertEquals(win(() => false), "C:\\Users\\me\\AppData\\Local\\Duplicati");
  assertEquals(
    win((p) => p === "C:\\Users\\me\\AppData\\Roaming\\Duplicati\\dbconfig.json"),
    "C:\\Users\\me\\AppData\\Roaming\\Duplicati",
  );
  assertEquals(win(() => true), "C:\\Users\\me\\AppData\\Local\\Duplicati");
  const service = {
    LOCALAPPDATA: "C:\\Windows\\System32\\config\\systemprofile\\AppData\\Local",
    ProgramData: "D:\\PD",
  };
  assertEquals(win(() => false, service), "D:\\PD\\Duplicati");
  assertEquals(
    win((p) => p.startsWith("C:\\Windows\\System32"), service),
    "C:\\Windows\\System32\\config\\systemprofile\\AppData\\Local\\Duplicati",
  );
});

Deno.test("resolveDataFolder() reads Windows environment names case-insensitively", () => {
  const input: DataFolderInput = {
    env: { Duplicati_Home: "E:\\dup", localappdata: "C:\\L" },
    os: "windows",
    executableDir: "C:\\D",
    cwd: "C:\\",
  };
  assertEquals(resolveDataFolder(input), "E:\\dup");
  assertEquals(resolveDataFolder({ ...input, env: { localappdata: "C:\\L", APPDATA: "C:\\R" } }), "C:\\L\\Duplicati");
  assertEquals(resolveDataFolder({ ...input, portableMode: true }), "C:\\D\\data");
});

Deno.test("ensureDataFolder() creates missing folders owner-only and leaves existing ones alone", () => {
  const root = Deno.makeTempDirSync();
  try {
    const created = join(root, "a", "b", "Duplicati");
    ensureDataFolder(created);
    assertEquals(Deno.statSync(created).isDirectory, true);
    if (Deno.build.os !== "windows") assertEquals(Deno.statSync(created).mode! & 0o777, 0o700);
    const existing = join(root, "open");
    Deno.mkdirSync(existing);
    Deno.chmodSync(existing, 0o755);
    Deno.writeTextFileSync(join(existing, "keep.txt"), "x");
    ensureDataFolder(existing);
    assertEquals(Deno.statSync(existing).mode! & 0o777, 0o755);
    assertEquals(Deno.readTextFileSync(join(existing, "keep.txt")), "x");
    Deno.writeTextFileSync(join(root, "file"), "");
    const error = assertThrows(() => ensureDataFolder(join(root, "file")), UserInputError);
    assertEquals(error.message.startsWith(`Cannot create data folder "${join(root, "file")}": `), true);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
