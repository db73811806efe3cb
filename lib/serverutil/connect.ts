/**
 * ServerUtil's login strategy (§5.2): a refresh token stored for this server URL first (POST auth/refresh with the
 * `RefreshToken_<port>` cookie and `{Nonce}`, saving the rotated token and nonce), else `--password` or a prompt with
 * POST auth/login. The access token is renewed the same way when the server rejects it during a long `run --wait`.
 * (Duplicati's middle step, minting a sign-in token from the server database's signing key, is not done: the server
 * database is the server's own business.)
 * @module
 */
import { errorMessage, UserInputError } from "../core/errors.ts";
import { type AuthTarget, type LoginTokens, loginWithPassword, refreshLogin } from "./auth_requests.ts";
import { ApiClient } from "./client.ts";
import type { CommandOutput } from "./output.ts";
import { ServerError } from "./server_error.ts";
import { SessionTokens } from "./session_tokens.ts";
import { findLogin, removeLogin, saveLogin } from "./settings_file.ts";

/** Everything the connection needs from the command line and the environment. */
export interface ConnectionSettings {
  /** Normalized server URL with a trailing slash. */
  readonly hostUrl: string;
  readonly password: string | undefined;
  readonly settingsFile: string;
  /** `--settings-encryption-key`: encrypts the stored refresh token. */
  readonly settingsKey: string | undefined;
  readonly dataFolder: string;
  readonly readSecret: ((prompt: string) => Promise<string | undefined>) | undefined;
  readonly fetch?: typeof fetch;
}

function authTarget(settings: ConnectionSettings): AuthTarget {
  return settings.fetch === undefined
    ? { hostUrl: settings.hostUrl }
    : { hostUrl: settings.hostUrl, fetch: settings.fetch };
}

async function persist(settings: ConnectionSettings, tokens: LoginTokens): Promise<void> {
  if (tokens.refreshToken === undefined) {
    throw new UserInputError(
      "The server did not send a refresh token cookie for this address, so the login cannot be kept; " +
        "check --hosturl (scheme, host and port as the server listens)",
    );
  }
  await saveLogin(settings.settingsFile, {
    hostUrl: settings.hostUrl,
    refreshToken: tokens.refreshToken,
    refreshNonce: tokens.refreshNonce,
    dataFolder: settings.dataFolder,
    ...(settings.settingsKey === undefined ? {} : { key: settings.settingsKey }),
  });
}

/** A client that renews its tokens, storing each rotated refresh token when `persist` is set. */
function client(
  settings: ConnectionSettings,
  env: { tokens: LoginTokens; password: string | undefined; persist: boolean },
): ApiClient {
  const tokens = new SessionTokens({
    target: authTarget(settings),
    tokens: env.tokens,
    password: env.password,
    ...(env.persist ? { onRefreshed: (next: LoginTokens) => persist(settings, next) } : {}),
  });
  return new ApiClient({ hostUrl: settings.hostUrl, tokens, ...(settings.fetch ? { fetch: settings.fetch } : {}) });
}

/**
 * Signs in and returns an API client. `rememberMe` (the `login` command) asks for a 30-day refresh token and stores
 * it in the settings file. Prints `Connecting to <url>...` first. Throws UserInputError when no way in works.
 */
export async function connect(
  settings: ConnectionSettings,
  env: { output: CommandOutput; rememberMe: boolean },
): Promise<ApiClient> {
  const { output } = env;
  output.message(`Connecting to ${settings.hostUrl}...`);
  const target = authTarget(settings);
  const stored = await findLogin(settings.settingsFile, {
    hostUrl: settings.hostUrl,
    key: settings.settingsKey,
    onProblem: (message) => output.exception(message),
  });
  if (stored !== undefined) {
    try {
      const tokens = await refreshLogin(target, stored);
      await persist(settings, tokens);
      return client(settings, { tokens, password: settings.password, persist: true });
    } catch (error) {
      output.exception(`Failed to use refresh token: ${errorMessage(error)}`);
      if (error instanceof ServerError && error.status === 401) removeLogin(settings.settingsFile, settings.hostUrl);
    }
  }
  let password = settings.password;
  try {
    if (password === undefined || password === "") password = await settings.readSecret?.("Enter server password: ");
    if (password === undefined || password === "") {
      throw new UserInputError("Password is required; give --password or log in with the login command first");
    }
    const tokens = await loginWithPassword(target, { password, rememberMe: env.rememberMe });
    if (env.rememberMe) await persist(settings, tokens);
    return client(settings, { tokens, password, persist: env.rememberMe });
  } catch (error) {
    throw new UserInputError(`Failed to connect to server: ${errorMessage(error)}`, { cause: error });
  }
}
