/**
 * `--upload-verification-file`: `<prefix>-verification.json`, an unencrypted list of the remote volumes with their
 * size and SHA-256, so the destination can be checked by a script that knows nothing of the backup format
 * (Duplicati ships Tools/Verification/DuplicatiVerify.py for this).
 *
 * Shape (as Duplicati 2.3.0.4 writes it: Newtonsoft.Json serialising its RemoteVolumeEntry rows, Temporary ones
 * left out): a UTF-8 BOM, then one compact JSON array of objects with the keys in this order:
 * `{"ID":1,"Name":"duplicati-b….dblock.zip.aes","Hash":"<base64 SHA-256>","Size":1234,"Type":0,"State":3,
 * "DeleteGracePeriod":"1970-01-01T00:00:00Z","ArchiveTime":"1970-01-01T00:00:00Z",
 * "LockExpirationTime":"1970-01-01T00:00:00Z"}`. Type: 0 Blocks (dblock), 1 Files (dlist), 2 Index (dindex).
 * State: 0 Temporary, 1 Uploading, 2 Uploaded, 3 Verified, 4 Deleting, 5 Deleted (checkers skip missing files in
 * state 5). Hash is null and Size -1 when unknown. We keep no grace, archive or lock times, so those three fields
 * carry Duplicati's value for "none", the Unix epoch.
 *
 * The name does not parse as a volume name, so listings of the backup's volumes never see it.
 * @module
 */
import { uploadSourceFromBytes } from "../../backends/backend.ts";
import { utf8WithBom } from "../../core/bytes.ts";
import type { Db } from "../../database/connection.ts";
import { listVolumes, type VolumeState } from "../../database/remote_volumes.ts";
import type { VolumeType } from "../../volumes/remote_name.ts";
import type { OperationContext } from "../context.ts";

const TYPE_NUMBER: Record<VolumeType, number> = { dblock: 0, dlist: 1, dindex: 2 };
const STATE_NUMBER: Record<VolumeState, number> = {
  Temporary: 0,
  Uploading: 1,
  Uploaded: 2,
  Verified: 3,
  Deleting: 4,
  Deleted: 5,
};
const NO_TIME = "1970-01-01T00:00:00Z";

/** `<prefix>-verification.json`. */
export function verificationFileName(prefix: string): string {
  return `${prefix}-verification.json`;
}

/** The verification file's bytes for the database's current volumes. */
export function encodeVerificationFile(db: Db): Uint8Array {
  const items = listVolumes(db)
    .filter((v) => v.state !== "Temporary")
    .map((v) =>
      `{"ID":${v.id},"Name":${JSON.stringify(v.name)},"Hash":${JSON.stringify(v.hash)},"Size":${v.size},` +
      `"Type":${TYPE_NUMBER[v.type]},"State":${STATE_NUMBER[v.state]},"DeleteGracePeriod":"${NO_TIME}",` +
      `"ArchiveTime":"${NO_TIME}","LockExpirationTime":"${NO_TIME}"}`
    );
  return utf8WithBom(`[${items.join(",")}]`);
}

/** Writes and uploads the verification file (replacing the previous one); returns its name. */
export async function uploadVerificationFile(
  context: Pick<OperationContext, "backend" | "db" | "progress">,
  input: { readonly prefix: string },
): Promise<string> {
  const name = verificationFileName(input.prefix);
  const bytes = encodeVerificationFile(context.db);
  context.progress({ type: "transfer", action: "put", remoteName: name, size: bytes.length, done: false });
  await context.backend.put(name, uploadSourceFromBytes(bytes));
  context.progress({ type: "transfer", action: "put", remoteName: name, size: bytes.length, done: true });
  return name;
}
