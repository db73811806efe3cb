/**
 * Duplicati remote volume names (format spec §2): generation and parsing.
 * @module
 */
import { randomBytes } from "node:crypto";
import { UserInputError } from "../core/errors.ts";

export type VolumeType = "dblock" | "dindex" | "dlist";

export interface ParsedRemoteName {
  readonly prefix: string;
  readonly type: VolumeType;
  /** Set for dlist names: the version time (UTC, whole seconds). */
  readonly time?: Date;
  /** Set for dblock/dindex names: the 32-hex id. */
  readonly guid?: string;
  readonly compression: string;
  /** Encryption module key ("aes", "gpg") or undefined when unencrypted. */
  readonly encryption?: string;
}

const PATTERN =
  /^(?<prefix>[^-]+)-(?:[ibIB](?<guid>[0-9A-Fa-f]+)|(?<time>\d{8}T\d{6}Z)).(?<type>dblock|dlist|dindex)\.(?<comp>[^.]+)(?:\.(?<enc>.+))?$/i;

/** Parses a remote file name; undefined for names that are not Duplicati volumes. */
export function parseRemoteName(name: string): ParsedRemoteName | undefined {
  const match = PATTERN.exec(name);
  if (!match?.groups) return undefined;
  const g = match.groups;
  const type = g.type!.toLowerCase() as VolumeType;
  if ((type === "dlist") !== (g.time !== undefined)) return undefined;
  const base = { prefix: g.prefix!, type, compression: g.comp! };
  const withEnc = g.enc === undefined ? base : { ...base, encryption: g.enc };
  return g.time !== undefined ? { ...withEnc, time: parseCompactTime(g.time) } : { ...withEnc, guid: g.guid! };
}

export interface NameOptions {
  readonly prefix: string;
  readonly compression?: string;
  /** Encryption module key, or undefined for none. */
  readonly encryption: string | undefined;
}

/** `<prefix>-b<guid>.dblock.zip[.aes]` or the dindex equivalent. */
export function generateBlockName(type: "dblock" | "dindex", options: NameOptions): string {
  const letter = type === "dblock" ? "b" : "i";
  return finish(`${options.prefix}-${letter}${randomBytes(16).toString("hex")}.${type}`, options);
}

/** `<prefix>-<yyyyMMddTHHmmssZ>.dlist.zip[.aes]`. */
export function generateDlistName(time: Date, options: NameOptions): string {
  return finish(`${options.prefix}-${formatCompactTime(time)}.dlist`, options);
}

function finish(stem: string, options: NameOptions): string {
  const withComp = `${stem}.${options.compression ?? "zip"}`;
  return options.encryption ? `${withComp}.${options.encryption}` : withComp;
}

/** Duplicati's `yyyyMMddTHHmmssZ` in UTC. */
export function formatCompactTime(time: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(time.getUTCFullYear(), 4)}${p(time.getUTCMonth() + 1)}${p(time.getUTCDate())}T` +
    `${p(time.getUTCHours())}${p(time.getUTCMinutes())}${p(time.getUTCSeconds())}Z`;
}

/** Inverse of {@link formatCompactTime}. */
export function parseCompactTime(text: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/i.exec(text);
  if (!m) throw new UserInputError(`Cannot parse time "${text}": expected yyyyMMddTHHmmssZ`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Throws when a prefix cannot be used in volume names. */
export function validatePrefix(prefix: string): void {
  if (prefix === "" || prefix.includes("-") || /[\\/:*?"<>|]/.test(prefix)) {
    throw new UserInputError(
      `Cannot use prefix "${prefix}": it must be non-empty and contain no "-" or path characters`,
    );
  }
}
