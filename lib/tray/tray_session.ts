/**
 * How the tray launcher reaches its server: a hosted server started in this process (tokens minted in-process), or
 * an existing one signed in to with the password (auth/login for API calls, auth/issuesignintoken for browser links).
 * @module
 */
import { errorMessage, UserInputError } from "../core/errors.ts";
import { localServerUrl } from "../core/local_server_url.ts";
import { type AuthTarget, issueSigninToken } from "../serverutil/auth_requests.ts";
import { ApiClient, type TokenSource } from "../serverutil/client.ts";
import { SessionTokens } from "../serverutil/session_tokens.ts";
import { detachedHostUrl, type TrayOptions } from "./tray_options.ts";

/** What `startServer` returns: a server running in this process (lib/server/run_server.ts). */
export interface HostedServer {
  readonly port: number;
  readonly https: boolean;
  /** A fresh 5-minute single-use sign-in token. */
  signinToken(): Promise<string>;
  /** An access token for this process's own API calls. */
  accessToken(): Promise<string>;
  /** Stops the server (lets a running operation stop at a safe point). */
  stop(): Promise<void>;
  /** Resolves with the server's exit code when it has stopped, for whatever reason. */
  readonly done: Promise<number>;
}

/** A connected server. */
export interface TraySession {
  /** Server URL with a trailing slash. */
  readonly baseUrl: string;
  readonly client: ApiClient;
  signinToken(): Promise<string>;
  /** The hosted server, when there is one. */
  readonly hosted: HostedServer | undefined;
}

/** Starts the hosted server with the tray's server arguments. */
export async function hostedSession(
  options: TrayOptions,
  env: { startServer: (args: string[]) => Promise<HostedServer>; fetch?: typeof fetch },
): Promise<TraySession> {
  const hosted = await env.startServer([...options.serverArgs]);
  const baseUrl = localServerUrl({ interface: options.interface, ports: String(hosted.port), https: hosted.https });
  let token: string | undefined;
  const tokens: TokenSource = {
    accessToken: async (renew) => {
      if (renew || token === undefined) token = await hosted.accessToken();
      return token;
    },
  };
  const client = new ApiClient({ hostUrl: baseUrl, tokens, ...(env.fetch ? { fetch: env.fetch } : {}) });
  return { baseUrl, client, signinToken: () => hosted.signinToken(), hosted };
}

/** Connects to an existing server (--no-hosted-server) with --webservice-password or a prompt. */
export async function detachedSession(
  options: TrayOptions,
  env: { fetch?: typeof fetch; readSecret?: (prompt: string) => Promise<string | undefined> },
): Promise<TraySession> {
  const baseUrl = detachedHostUrl(options);
  let password = options.password;
  if (!password) password = await env.readSecret?.(`Password of the server at ${baseUrl}: `);
  if (!password) {
    throw new UserInputError(`Cannot connect to ${baseUrl} without a password: give --webservice-password`);
  }
  const target: AuthTarget = env.fetch ? { hostUrl: baseUrl, fetch: env.fetch } : { hostUrl: baseUrl };
  // Signs in with the password; renews through the refresh cookie, else by signing in again.
  const tokens = new SessionTokens({ target, password });
  try {
    await tokens.accessToken(false);
  } catch (error) {
    throw new UserInputError(`Cannot sign in to ${baseUrl}: ${errorMessage(error)}`, { cause: error });
  }
  const client = new ApiClient({ hostUrl: baseUrl, tokens, ...(env.fetch ? { fetch: env.fetch } : {}) });
  return { baseUrl, client, signinToken: () => issueSigninToken(target, password), hosted: undefined };
}
