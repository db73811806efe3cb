/**
 * The "jwt-config" server setting: the token signing key and token lifetimes, with Duplicati's JSON field names.
 * The config store encrypts the setting at rest; nothing here logs it.
 * @module
 */
import { toBase64 } from "../../core/bytes.ts";
import type { ConfigStore } from "../config_store/model.ts";
import { parseJsonObject, TOKEN_AUTHORITY } from "./jwt.ts";

export interface JwtConfig {
  readonly Authority: string;
  readonly Audience: string;
  /** Base64 of 32 random bytes; its UTF-8 text is the HMAC key. */
  readonly SigningKey: string;
  readonly AccessTokenDurationInMinutes: number;
  /** Refresh tokens of a RememberMe login. */
  readonly RefreshTokenDurationInMinutes: number;
  readonly RefreshTokenShortLivedDurationInMinutes: number;
  readonly SigninTokenDurationInMinutes: number;
  readonly SingleOperationTokenDurationInMinutes: number;
  /** How far a refresh token's counter may lag the family's, within the drift window. */
  readonly MaxRefreshTokenDrift: number;
  /** The drift is allowed only this soon after the family's last rotation. */
  readonly MaxRefreshTokenDriftSeconds: number;
  readonly RequireRefreshNonce: boolean;
}

export const JWT_CONFIG_SETTING = "jwt-config";

const DEFAULTS: Omit<JwtConfig, "SigningKey"> = {
  Authority: TOKEN_AUTHORITY,
  Audience: TOKEN_AUTHORITY,
  AccessTokenDurationInMinutes: 15,
  RefreshTokenDurationInMinutes: 60 * 24 * 30,
  RefreshTokenShortLivedDurationInMinutes: 120,
  SigninTokenDurationInMinutes: 5,
  SingleOperationTokenDurationInMinutes: 1,
  MaxRefreshTokenDrift: 1,
  MaxRefreshTokenDriftSeconds: 30,
  RequireRefreshNonce: true,
};

/** A fresh config with a new random signing key and the default lifetimes. */
export function createJwtConfig(): JwtConfig {
  return { ...DEFAULTS, SigningKey: toBase64(crypto.getRandomValues(new Uint8Array(32))) };
}

/** Parses a stored config, filling absent or invalid lifetimes with defaults; undefined without a signing key. */
export function parseJwtConfig(text: string): JwtConfig | undefined {
  const v = parseJsonObject(text);
  if (v === undefined) return undefined;
  if (typeof v.SigningKey !== "string" || v.SigningKey.length < 16) return undefined;
  const minutes = (name: keyof typeof DEFAULTS, min: number): number => {
    const n = v[name];
    return typeof n === "number" && Number.isFinite(n) && n >= min ? n : DEFAULTS[name] as number;
  };
  return {
    Authority: DEFAULTS.Authority,
    Audience: DEFAULTS.Audience,
    SigningKey: v.SigningKey,
    AccessTokenDurationInMinutes: minutes("AccessTokenDurationInMinutes", 1),
    RefreshTokenDurationInMinutes: minutes("RefreshTokenDurationInMinutes", 1),
    RefreshTokenShortLivedDurationInMinutes: minutes("RefreshTokenShortLivedDurationInMinutes", 1),
    SigninTokenDurationInMinutes: minutes("SigninTokenDurationInMinutes", 1),
    SingleOperationTokenDurationInMinutes: minutes("SingleOperationTokenDurationInMinutes", 1),
    MaxRefreshTokenDrift: minutes("MaxRefreshTokenDrift", 0),
    MaxRefreshTokenDriftSeconds: minutes("MaxRefreshTokenDriftSeconds", 0),
    RequireRefreshNonce: typeof v.RequireRefreshNonce === "boolean" ? v.RequireRefreshNonce : true,
  };
}

/**
 * The stored config; a missing or unreadable one, or `reset`, stores a new one and deletes every token family
 * (so all earlier tokens stop working).
 */
export function loadJwtConfig(
  store: Pick<ConfigStore, "getSetting" | "setSetting" | "deleteAllTokenFamilies">,
  env: { reset?: boolean } = {},
): JwtConfig {
  const text = store.getSetting(JWT_CONFIG_SETTING);
  const parsed = text === undefined || env.reset ? undefined : parseJwtConfig(text);
  if (parsed) return parsed;
  const config = createJwtConfig();
  store.setSetting(JWT_CONFIG_SETTING, JSON.stringify(config));
  store.deleteAllTokenFamilies();
  return config;
}
