/**
 * Binding the web server: the port list is tried in order (only "address in use" and "permission denied" move on
 * to the next port), the interface option maps to a listen address, and PEM files turn on HTTPS.
 * @module
 */
import { UserInputError } from "../core/errors.ts";

export interface ListenPlan {
  readonly ports: readonly number[];
  readonly hostname: string;
  readonly cert?: { readonly cert: string; readonly key: string };
}

export interface Listening {
  readonly server: Deno.HttpServer<Deno.NetAddr>;
  readonly port: number;
  readonly hostname: string;
  readonly https: boolean;
}

/** Parses "8200" or "8200,8300" into ports; throws UserInputError for anything else. */
export function parsePorts(text: string): number[] {
  const ports = text.split(",").map((p) => p.trim()).filter((p) => p !== "").map((p) => {
    const n = Number(p);
    if (!/^\d+$/.test(p) || n < 0 || n > 65535) {
      throw new UserInputError(`Cannot use --webservice-port="${text}": "${p}" is not a port number (0-65535)`);
    }
    return n;
  });
  if (ports.length === 0) throw new UserInputError(`Cannot use --webservice-port="${text}": no port given`);
  return ports;
}

/** The listen address of --webservice-interface: loopback, any/all/*, or an IP address. */
export function listenAddress(value: string): string {
  const lower = value.trim().toLowerCase();
  if (lower === "" || lower === "loopback" || lower === "localhost") return "127.0.0.1";
  if (lower === "any" || lower === "all" || lower === "*") return "0.0.0.0";
  const ip = lower.replace(/^\[|\]$/g, "");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip) || ip.includes(":")) return ip;
  throw new UserInputError(
    `Cannot use --webservice-interface="${value}": use "loopback", "any" or an IP address`,
  );
}

/** Reads the PEM certificate and key; both or neither must be given. */
export function readCertificate(env: { certFile?: string; keyFile?: string }): ListenPlan["cert"] {
  if (!env.certFile && !env.keyFile) return undefined;
  if (!env.certFile || !env.keyFile) {
    throw new UserInputError(
      "Cannot enable HTTPS: give both --webservice-sslcertificatefile and --webservice-sslcertificatekeyfile (PEM)",
    );
  }
  const read = (path: string, what: string) => {
    try {
      const text = Deno.readTextFileSync(path);
      if (!text.includes("-----BEGIN")) throw new Error("it is not a PEM file");
      return text;
    } catch (error) {
      throw new UserInputError(`Cannot read the HTTPS ${what} "${path}": ${(error as Error).message}`);
    }
  };
  return { cert: read(env.certFile, "certificate"), key: read(env.keyFile, "key") };
}

/** Serves `handler` on the first port of the plan that can be bound; throws when none can. */
export function listen(
  plan: ListenPlan,
  handler: (request: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) => Response | Promise<Response>,
): Listening {
  const failures: string[] = [];
  for (const port of plan.ports) {
    try {
      const server = Deno.serve({
        port,
        hostname: plan.hostname,
        onListen: () => {},
        ...(plan.cert ? { cert: plan.cert.cert, key: plan.cert.key } : {}),
      }, handler);
      return { server, port: server.addr.port, hostname: plan.hostname, https: plan.cert !== undefined };
    } catch (error) {
      if (error instanceof Deno.errors.AddrInUse || error instanceof Deno.errors.PermissionDenied) {
        failures.push(`${port}: ${(error as Error).message}`);
        continue;
      }
      throw error;
    }
  }
  throw new ListenError(
    `Unable to start the server on any of the ports ${plan.ports.join(", ")} (${failures.join("; ")})`,
  );
}

/** No port of the list could be bound (server exit code 100). */
export class ListenError extends Error {
  override readonly name = "ListenError";
}
