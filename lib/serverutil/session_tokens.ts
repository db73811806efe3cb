/**
 * Access tokens of a signed-in client (serverutil and the tray launcher): the current access token until the server
 * rejects it, then a renewal through the refresh cookie (POST auth/refresh with the nonce), else a new password login.
 * @module
 */
import { UserInputError } from "../core/errors.ts";
import { type AuthTarget, type LoginTokens, loginWithPassword, refreshLogin } from "./auth_requests.ts";
import type { TokenSource } from "./client.ts";

/** How a {@link SessionTokens} starts and renews. */
export interface SessionTokensOptions {
  readonly target: AuthTarget;
  /** Tokens from a login already done; without them the first access token comes from a password login. */
  readonly tokens?: LoginTokens;
  /** Signs in again with it when there is no refresh token or the refresh fails. */
  readonly password?: string | undefined;
  /** Hears each refreshed set of tokens (serverutil stores the rotated refresh token); a throw counts as failure. */
  readonly onRefreshed?: (tokens: LoginTokens) => Promise<void>;
}

/** Keeps the current tokens and renews the access token through the refresh token or the password. */
export class SessionTokens implements TokenSource {
  #tokens: LoginTokens | undefined;
  readonly #options: SessionTokensOptions;

  constructor(options: SessionTokensOptions) {
    this.#options = options;
    this.#tokens = options.tokens;
  }

  /** The access token; with `renew` (the server rejected the last one) a renewed one. */
  async accessToken(renew: boolean): Promise<string> {
    const { target, password, onRefreshed } = this.#options;
    const current = this.#tokens;
    if (current !== undefined && !renew) return current.accessToken;
    if (current?.refreshToken !== undefined) {
      try {
        const next = await refreshLogin(target, {
          refreshToken: current.refreshToken,
          refreshNonce: current.refreshNonce,
        });
        this.#tokens = next;
        await onRefreshed?.(next);
        return next.accessToken;
      } catch (error) {
        if (password === undefined) throw error;
      }
    }
    if (password === undefined) throw new UserInputError("Cannot renew the login: no refresh token and no password");
    this.#tokens = await loginWithPassword(target, { password, rememberMe: false });
    return this.#tokens.accessToken;
  }
}
