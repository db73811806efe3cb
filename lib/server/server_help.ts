/**
 * `server --help`: usage and every server option, generated from the server's option registry.
 * @module
 */
import { formatOptionList } from "../options/help_text.ts";
import { serverOptionSpecs } from "./server_options.ts";

export function serverHelp(): string {
  return [
    "Usage: server [--option=value ...]",
    "",
    "Runs the web server with the REST API, the scheduler and the web UI. Options can also be given as",
    "environment variables DUPLICATI__<OPTION> (for example DUPLICATI__WEBSERVICE_PORT=8300); the command line wins.",
    "While the password is the generated one, the server prints a single-use sign-in link valid for 5 minutes.",
    "",
    "Options:",
    formatOptionList(serverOptionSpecs()),
  ].join("\n");
}
