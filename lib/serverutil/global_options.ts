/**
 * ServerUtil's global options (§5.1), accepted before or after the command.
 * @module
 */
import type { OptionDef } from "./args.ts";
import { DEFAULT_HOST_URL } from "./host_url.ts";

export const GLOBAL_OPTIONS: readonly OptionDef[] = [
  { name: "hosturl", kind: "value", placeholder: "url", description: `Server URL (default ${DEFAULT_HOST_URL})` },
  {
    name: "password",
    kind: "value",
    placeholder: "text",
    description: "Server password (asked for when needed and no stored login works)",
  },
  {
    name: "settings-file",
    kind: "value",
    placeholder: "file",
    description: "Where logins are stored (default: settings.json in the data folder; written with mode 0600)",
  },
  {
    name: "settings-encryption-key",
    kind: "value",
    placeholder: "text",
    description: "Encrypts the stored login token (default: env SETTINGS_ENCRYPTION_KEY)",
  },
  { name: "server-datafolder", kind: "value", placeholder: "folder", description: "The data folder" },
  { name: "portable-mode", kind: "flag", description: "Use the data folder beside the executable" },
  { name: "allow-insecure-datafolder", kind: "flag", description: "Accepted for compatibility; no effect here" },
  {
    name: "insecure",
    kind: "flag",
    description: "Accept any TLS certificate (not supported: trust the certificate with DENO_CERT=<file.pem>)",
  },
  {
    name: "host-cert",
    kind: "value",
    placeholder: "sha1",
    description: "Trust this certificate hash (not supported: use DENO_CERT=<file.pem>)",
  },
  { name: "ignore-revocation-failure", kind: "flag", description: "Accepted for compatibility; no effect here" },
  { name: "json", kind: "flag", description: "Print one JSON result object instead of text" },
  { name: "help", kind: "flag", description: "Show help" },
  { name: "h", kind: "flag", description: "Show help" },
  { name: "?", kind: "flag", description: "Show help" },
];
