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
import { ApiClient, type TokenSource } from "./client.ts";
import type { CommandOutput } from "./output.ts";
import { ServerError } from "./server_error.ts";
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

/** Keeps the current tokens and renews the access token through the refresh token or the password. */
class SessionTokens implements TokenSource {
  #tokens: LoginTokens;

  constructor(
    tokens: LoginTokens,
    readonly settings: ConnectionSettings,
    readonly env: { password: string | undefined; persist: boolean },
  ) {
    this.#tokens = tokens;
  }

  async accessToken(renew: boolean): Promise<string> {
    if (!renew) return this.#tokens.accessToken;
    const target = authTarget(this.settings);
    const current = this.#tokens;
    if (current.refreshToken !== undefined) {
      try {
        this.#tokens = await refreshLogin(target, {
          refreshToken: current.refreshToken,
          refreshNonce: current.refreshNonce,
        });
        if (this.env.persist) await persist(this.settings, this.#tokens);
        return this.#tokens.accessToken;
      } catch (error) {
        if (this.env.password === undefined) throw error;
      }
    }
    if (this.env.password === undefined) {
      throw new UserInputError("Cannot renew the login: no refresh token and no password");
    }
    this.#tokens = await loginWithPassword(target, { password: this.env.password, rememberMe: false });
    return this.#tokens.accessToken;
  }
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

function client(settings: ConnectionSettings, tokens: TokenSource): ApiClient {
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
      return client(settings, new SessionTokens(tokens, settings, { password: settings.password, persist: true }));
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
    return client(settings, new SessionTokens(tokens, settings, { password, persist: env.rememberMe }));
  } catch (error) {
    throw new UserInputError(`Failed to connect to server: ${errorMessage(error)}`, { cause: error });
  }
}
