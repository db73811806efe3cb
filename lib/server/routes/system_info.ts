/**
 * GET /systeminfo and GET /systeminfo/filtergroups: what the web UI needs to render the machine, every option
 * (name, type, descriptions, default, aliases, valid values, deprecation) and the backend, compression and
 * encryption modules with their own options. Generated from the option registries, never written by hand.
 * @module
 */
import { Hono } from "hono";
import { hostname, userInfo } from "node:os";
import { builtinBackends } from "../../backends/builtin.ts";
import { allOptionSpecs } from "../../cli/cli_options.ts";
import { LOG_LEVELS } from "../../core/log.ts";
import { currentFilterOs, expandFilterGroup, FILTER_GROUP_NAMES } from "../../filters/filter_groups.ts";
import { describeDefault, optionTypeName } from "../../options/help_text.ts";
import type { OptionSpec } from "../../options/option_spec.ts";
import { PRODUCT_NAME, PRODUCT_VERSION } from "../../version.ts";
import { PASSWORD_PLACEHOLDER } from "../api_types.ts";
import type { ServerDeps } from "../deps.ts";
import { serverTimeZone } from "../scheduler/server_time_zone.ts";
import { serverOptionSpecs } from "../server_options.ts";
import { specialFolders } from "../special_folders.ts";

/** Duplicati's CommandLineArgument.ArgumentType names. */
export type ArgumentType =
  | "String"
  | "Integer"
  | "Boolean"
  | "Timespan"
  | "DateTime"
  | "Size"
  | "Enumeration"
  | "Path"
  | "Password"
  | "Flags"
  | "Decimal"
  | "Unknown";

/** One option as Duplicati's ICommandLineArgument serialises, plus our Category. */
export interface OptionDto {
  readonly Name: string;
  readonly Type: ArgumentType;
  readonly Typename: ArgumentType;
  readonly ShortDescription: string;
  readonly LongDescription: string;
  /** The default as the user would type it ("50mb", "10s"); "" when there is none. */
  readonly DefaultValue: string;
  readonly Aliases: readonly string[] | null;
  readonly ValidValues: readonly string[] | null;
  readonly Deprecated: boolean;
  readonly DeprecationMessage: string;
  /** Help grouping (our addition): "core", "backup", "restore", "logging", "backend", "server", ... */
  readonly Category: string;
}

/** A module (backend, compression, encryption) as Duplicati's IDynamicModule serialises. */
export interface ModuleDto {
  readonly Key: string;
  readonly DisplayName: string;
  readonly Description: string;
  readonly Options: readonly OptionDto[];
  readonly Lookups: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly IsDeprecated: boolean;
  readonly IsUntested: boolean;
}

/** Body of GET /systeminfo. */
export interface SystemInfoDto {
  readonly APIVersion: 1;
  readonly PasswordPlaceholder: string;
  readonly ServerVersion: string;
  readonly ServerVersionName: string;
  readonly ServerVersionType: string;
  readonly StartedBy: string;
  readonly ServerTime: string;
  readonly ServerTimeZone: string;
  /** "Linux", "OSX" or "Windows". */
  readonly OSType: string;
  readonly OSVersion: string;
  readonly DirectorySeparator: string;
  readonly PathSeparator: string;
  readonly CaseSensitiveFilesystem: boolean;
  readonly MachineName: string;
  readonly UserName: string;
  readonly NewLine: string;
  readonly CLRVersion: string;
  /** Engine options (backup, restore, logging, ...); module options are listed with their module. */
  readonly Options: readonly OptionDto[];
  /** Options of the `server` command itself. */
  readonly ServerOnlyOptions: readonly OptionDto[];
  readonly CompressionModules: readonly ModuleDto[];
  readonly EncryptionModules: readonly ModuleDto[];
  readonly BackendModules: readonly ModuleDto[];
  readonly GenericModules: readonly ModuleDto[];
  readonly WebModules: readonly ModuleDto[];
  readonly ConnectionModules: readonly ModuleDto[];
  readonly SourceProviderModules: readonly ModuleDto[];
  readonly LogLevels: readonly string[];
  readonly SpecialFolders: readonly { ID: string; Path: string }[];
}

/** Body of GET /systeminfo/filtergroups: each group's patterns for this server's OS. */
export interface FilterGroupsDto {
  readonly FilterGroups: Readonly<Record<string, readonly string[]>>;
}

/** Option names that belong to the zip compression module rather than the engine. */
const COMPRESSION_OPTION = /^zip-/;

/** Routes for system information; paths relative to /api/v1. */
export function systemInfoRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/systeminfo", (c) => c.json(systemInfo(deps)));
  app.get("/systeminfo/filtergroups", (c) => c.json(filterGroups()));
  return app;
}

/** The body of GET /systeminfo. */
export function systemInfo(deps: ServerDeps): SystemInfoDto {
  const backends = builtinBackends().all();
  const moduleOptions = new Set(backends.flatMap((b) => b.options.map((o) => o.name)));
  const specs = allOptionSpecs().filter((s) => !moduleOptions.has(s.name));
  const engine = specs.filter((s) => !COMPRESSION_OPTION.test(s.name));
  const engineNames = new Set(engine.map((s) => s.name));
  const os = Deno.build.os;
  const windows = os === "windows";
  return {
    APIVersion: 1,
    PasswordPlaceholder: PASSWORD_PLACEHOLDER,
    ServerVersion: PRODUCT_VERSION,
    ServerVersionName: `${PRODUCT_NAME} - ${PRODUCT_VERSION}`,
    ServerVersionType: "Experimental",
    StartedBy: deps.info.startedBy,
    ServerTime: new Date(deps.clock.now()).toISOString(),
    ServerTimeZone: serverTimeZone(deps.store),
    OSType: windows ? "Windows" : os === "darwin" ? "OSX" : "Linux",
    OSVersion: `${os} ${Deno.osRelease()}`,
    DirectorySeparator: windows ? "\\" : "/",
    PathSeparator: windows ? ";" : ":",
    CaseSensitiveFilesystem: !windows && os !== "darwin",
    MachineName: hostname(),
    UserName: currentUserName(),
    NewLine: windows ? "\r\n" : "\n",
    CLRVersion: `Deno ${Deno.version.deno}`,
    Options: engine.map(optionDto),
    ServerOnlyOptions: serverOptionSpecs().filter((s) => !engineNames.has(s.name)).map(optionDto),
    CompressionModules: [{
      ...moduleDto("zip", "Zip compression", "Stores the remote volumes as zip archives (Deflate or no compression)"),
      Options: specs.filter((s) => COMPRESSION_OPTION.test(s.name)).map(optionDto),
    }],
    EncryptionModules: [
      moduleDto("aes", "AES-256 encryption, built in", "Encrypts the remote volumes in the AES Crypt file format"),
    ],
    BackendModules: backends.map((b) => ({
      ...moduleDto(b.scheme, b.displayName, b.description),
      Options: b.options.map(optionDto),
    })),
    GenericModules: [],
    WebModules: [],
    ConnectionModules: [],
    SourceProviderModules: [],
    LogLevels: [...LOG_LEVELS],
    SpecialFolders: specialFolders().map((f) => ({ ID: f.id, Path: f.path })),
  };
}

/** The body of GET /systeminfo/filtergroups for this server's operating system. */
export function filterGroups(): FilterGroupsDto {
  const os = currentFilterOs();
  const groups: Record<string, string[]> = {};
  for (const name of FILTER_GROUP_NAMES) groups[name] = expandFilterGroup(name, os);
  return { FilterGroups: groups };
}

/** One option spec in Duplicati's ICommandLineArgument shape. */
export function optionDto(spec: OptionSpec<unknown>): OptionDto {
  const type: ArgumentType = spec.kind === "string" && spec.values !== undefined ? "Flags" : optionTypeName(spec.kind);
  return {
    Name: spec.name,
    Type: type,
    Typename: type,
    ShortDescription: spec.summary,
    LongDescription: longDescription(spec),
    DefaultValue: describeDefault(spec) ?? "",
    Aliases: spec.aliases && spec.aliases.length > 0 ? [...spec.aliases] : null,
    ValidValues: spec.values ? [...spec.values] : null,
    Deprecated: spec.deprecated !== undefined,
    DeprecationMessage: spec.deprecated ?? "",
    Category: spec.category ?? "core",
  };
}

function moduleDto(key: string, displayName: string, description: string): ModuleDto {
  return {
    Key: key,
    DisplayName: displayName,
    Description: description,
    Options: [],
    Lookups: {},
    IsDeprecated: false,
    IsUntested: false,
  };
}

/** The summary, followed by the accepted values and the default when there are any. */
function longDescription(spec: OptionSpec<unknown>): string {
  const parts = [spec.summary.endsWith(".") ? spec.summary : `${spec.summary}.`];
  if (spec.values) parts.push(`Accepted values: ${spec.values.join(", ")}.`);
  const fallback = describeDefault(spec);
  if (fallback !== undefined) parts.push(`Default: ${fallback}.`);
  if (spec.deprecated !== undefined) parts.push(`Deprecated: ${spec.deprecated}.`);
  return parts.join(" ");
}

function currentUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return Deno.env.get("USER") ?? Deno.env.get("USERNAME") ?? "";
  }
}
