import { createApp } from "../../../lib/server/app.ts";
import { allOptionSpecs } from "../../../lib/cli/cli_options.ts";
import { expandFilterGroup, FILTER_GROUP_NAMES } from "../../../lib/filters/filter_groups.ts";
import { PASSWORD_PLACEHOLDER } from "../../../lib/server/api_types.ts";
import { serverOptionSpecs } from "../../../lib/server/server_options.ts";
import { type FilterGroupsDto, type OptionDto, type SystemInfoDto } from "../../../lib/server/routes/system_info.ts";
import { PRODUCT_VERSION } from "../../../lib/version.ts";
import { assert, assertEquals } from "../../support/assert.ts";
import { assertNeedsToken, callJson, fakeServerDeps, memoryStore } from "../../support/fake_server_deps.ts";

async function systemInfo(): Promise<SystemInfoDto> {
  using fake = fakeServerDeps({ now: Date.UTC(2024, 4, 1, 12, 0, 0), store: memoryStore() });
  fake.store.setSetting("server-timezone", "Europe/Copenhagen");
  const { status, body } = await callJson(createApp(fake.deps), "/api/v1/systeminfo");
  assertEquals(status, 200);
  return body as SystemInfoDto;
}

function byName(options: readonly OptionDto[], name: string): OptionDto {
  const found = options.find((o) => o.Name === name);
  assert(found !== undefined, `option ${name} is missing`);
  return found;
}

Deno.test("GET /systeminfo describes the server and the machine", async () => {
  const info = await systemInfo();
  assertEquals(info.APIVersion, 1);
  assertEquals(info.ServerVersion, PRODUCT_VERSION);
  assertEquals(info.PasswordPlaceholder, PASSWORD_PLACEHOLDER);
  assertEquals(info.StartedBy, "Server");
  assertEquals(info.ServerTime, "2024-05-01T12:00:00.000Z");
  assertEquals(info.ServerTimeZone, "Europe/Copenhagen");
  const windows = Deno.build.os === "windows";
  assertEquals(info.OSType, windows ? "Windows" : Deno.build.os === "darwin" ? "OSX" : "Linux");
  assertEquals([info.DirectorySeparator, info.PathSeparator], windows ? ["\\", ";"] : ["/", ":"]);
  assertEquals(info.CaseSensitiveFilesystem, Deno.build.os === "linux");
  assert(info.MachineName !== "" && info.OSVersion !== "");
  assertEquals(info.LogLevels.includes("Warning"), true);
  assert(Array.isArray(info.SpecialFolders));
});

Deno.test("GET /systeminfo shows the system's time zone when the stored one is empty or unknown", async () => {
  for (const stored of ["", "Not/AZone"]) {
    using fake = fakeServerDeps({ store: memoryStore() });
    fake.store.setSetting("server-timezone", stored);
    const { body } = await callJson(createApp(fake.deps), "/api/v1/systeminfo");
    assertEquals((body as SystemInfoDto).ServerTimeZone, Intl.DateTimeFormat().resolvedOptions().timeZone);
  }
});

Deno.test("GET /systeminfo lists every engine option with type, descriptions and default", async () => {
  const info = await systemInfo();
  const moduleOptions = new Set([
    ...info.BackendModules.flatMap((m) => m.Options.map((o) => o.Name)),
    ...info.CompressionModules.flatMap((m) => m.Options.map((o) => o.Name)),
  ]);
  const listed = new Set(info.Options.map((o) => o.Name));
  for (const spec of allOptionSpecs()) {
    assert(listed.has(spec.name) !== moduleOptions.has(spec.name), `--${spec.name} must be listed exactly once`);
  }
  assertEquals(byName(info.Options, "dblock-size"), {
    Name: "dblock-size",
    Type: "Size",
    Typename: "Size",
    ShortDescription: byName(info.Options, "dblock-size").ShortDescription,
    LongDescription: byName(info.Options, "dblock-size").LongDescription,
    DefaultValue: "50mb",
    Aliases: ["remote-volume-size"],
    ValidValues: null,
    Deprecated: false,
    DeprecationMessage: "",
    Category: "core",
  });
  for (const option of info.Options) {
    assert(option.ShortDescription.length > 10, `--${option.Name} has no description`);
    assert(option.LongDescription.startsWith(option.ShortDescription), `--${option.Name} long description`);
  }
  assertEquals(byName(info.Options, "retry-delay").DefaultValue, "10s");
  assertEquals(byName(info.Options, "retry-delay").Type, "Timespan");
  assertEquals(byName(info.Options, "passphrase").Type, "Password");
  assertEquals(byName(info.Options, "no-encryption").Type, "Boolean");
  assertEquals(byName(info.Options, "time").Type, "DateTime");
  assertEquals(byName(info.Options, "backup-test-percentage").Type, "Decimal");
  assertEquals(byName(info.Options, "exclude-files-attributes").Type, "Flags");
  const hashes = byName(info.Options, "block-hash-algorithm");
  assertEquals([hashes.Type, hashes.ValidValues, hashes.DefaultValue], [
    "Enumeration",
    ["MD5", "SHA1", "SHA256", "SHA384", "SHA512"],
    "SHA256",
  ]);
  const logLevel = byName(info.Options, "log-level");
  assertEquals(logLevel.Deprecated, true);
  assert(logLevel.DeprecationMessage !== "");
});

Deno.test("GET /systeminfo lists backend, compression and encryption modules with their options", async () => {
  const info = await systemInfo();
  const file = info.BackendModules.find((m) => m.Key === "file");
  assert(file !== undefined);
  assertEquals(file.DisplayName, "Local folder or drive");
  assert(file.Options.some((o) => o.Name === "disable-length-verification" && o.Type === "Boolean"));
  assertEquals(info.CompressionModules.map((m) => m.Key), ["zip"]);
  assertEquals(
    info.CompressionModules[0]!.Options.map((o) => o.Name).sort(),
    ["zip-compression-level", "zip-compression-method"],
  );
  assertEquals(info.EncryptionModules.map((m) => m.Key), ["aes"]);
  const serverOnly = new Set(info.ServerOnlyOptions.map((o) => o.Name));
  assert(serverOnly.has("webservice-port"));
  for (const spec of serverOptionSpecs()) {
    const inOptions = info.Options.some((o) => o.Name === spec.name);
    assert(inOptions !== serverOnly.has(spec.name), `--${spec.name} must be listed exactly once`);
  }
});

Deno.test("GET /systeminfo/filtergroups lists each group's patterns for this OS", async () => {
  using fake = fakeServerDeps();
  const { status, body } = await callJson(createApp(fake.deps), "/api/v1/systeminfo/filtergroups");
  assertEquals(status, 200);
  const groups = (body as FilterGroupsDto).FilterGroups;
  assertEquals(Object.keys(groups), [...FILTER_GROUP_NAMES]);
  const os = Deno.build.os === "windows" ? "windows" : Deno.build.os === "darwin" ? "darwin" : "linux";
  assertEquals(groups.SystemFiles, expandFilterGroup("SystemFiles", os));
  assertEquals(groups.DefaultIncludes, []);
  assert(groups.DefaultExcludes!.length > groups.CacheFiles!.length);
});

Deno.test("system info routes answer 401 without a token", async () => {
  await assertNeedsToken(createApp(fakeServerDeps().deps), [
    ["GET", "/systeminfo"],
    ["GET", "/systeminfo/filtergroups"],
  ]);
});
