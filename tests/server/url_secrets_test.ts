/**
 * Secrets in storage URLs: masking for the API, unmasking of the placeholder (literal or percent-encoded) and
 * stripping for exports without passwords.
 * @module
 */
import { PASSWORD_PLACEHOLDER as P } from "../../lib/server/api_types.ts";
import { HttpError } from "../../lib/server/http_error.ts";
import {
  hasMaskedSecret,
  maskTargetUrl,
  stripTargetUrlSecrets,
  unmaskTargetUrl,
} from "../../lib/server/url_secrets.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const STORED_URL =
  "ssh://alice:p%40ss@host:22/backups?auth-username=alice&ssh-keyfile-password=k3y&ssh-fingerprint=abc";
const ENCODED = "%2A".repeat(15);

Deno.test("maskTargetUrl hides the user-info password and secret query values, nothing else", () => {
  assertEquals(
    maskTargetUrl(STORED_URL),
    `ssh://alice:${P}@host:22/backups?auth-username=alice&ssh-keyfile-password=${P}&ssh-fingerprint=abc`,
  );
  assertEquals(
    maskTargetUrl("s3://bucket/x?s3-secret-key=a%2Bb&AUTH-PASSWORD=x"),
    `s3://bucket/x?s3-secret-key=${P}&AUTH-PASSWORD=${P}`,
  );
  assertEquals(maskTargetUrl("ftp://bob@host/x"), "ftp://bob@host/x");
  assertEquals(maskTargetUrl("file:///mnt/backup"), "file:///mnt/backup");
  assertEquals(maskTargetUrl("/mnt/backup"), "/mnt/backup");
});

Deno.test("stripTargetUrlSecrets removes the password and secret parameters for an export without passwords", () => {
  assertEquals(
    stripTargetUrlSecrets(STORED_URL),
    "ssh://alice@host:22/backups?auth-username=alice&ssh-fingerprint=abc",
  );
  assertEquals(stripTargetUrlSecrets("webdav://h/x?auth-password=1"), "webdav://h/x");
});

Deno.test("unmaskTargetUrl puts the stored secrets back and refuses a placeholder with nothing stored", () => {
  const masked = maskTargetUrl(STORED_URL).replace("/backups", "/moved");
  assertEquals(
    unmaskTargetUrl(masked, { previous: STORED_URL, field: "Backup.TargetURL" }),
    STORED_URL.replace("/backups", "/moved"),
  );
  const error = assertThrows(
    () => unmaskTargetUrl(`ssh://h/x?auth-password=${P}`, { previous: "ssh://h/x", field: "Backup.TargetURL" }),
    HttpError,
  );
  assertEquals(error.status, 400);
  assertEquals(error.details.field, "Backup.TargetURL");
  assertEquals(
    unmaskTargetUrl("ssh://h/x?auth-password=new", { previous: undefined, field: "f" }),
    "ssh://h/x?auth-password=new",
  );
});

Deno.test("unmaskTargetUrl restores the user-info password and secret query values from the stored URL", () => {
  // Formerly remote_operation.ts's own unmaskUrl; the route now uses unmaskTargetUrl.
  const stored = "webdav://me:p%40ss@host:8080/dav?auth-password=a%26b&other=1";
  const unmask = (url: string, previous: string) => unmaskTargetUrl(url, { previous, field: "path" });
  assertEquals(
    unmask(`webdav://me:${P}@host:8080/dav?auth-password=${P}&other=2`, stored),
    "webdav://me:p%40ss@host:8080/dav?auth-password=a%26b&other=2",
  );
  assertEquals(unmask(`webdav://me:${ENCODED}@host/dav`, "webdav://me:pw@host/dav"), "webdav://me:pw@host/dav");
  assertEquals(unmask("webdav://me:typed@host/dav", stored), "webdav://me:typed@host/dav");
  assertEquals(unmask(`s3://bucket/p?AUTH-PASSWORD=${P}`, stored), "s3://bucket/p?AUTH-PASSWORD=a%26b");
});

Deno.test("unmaskTargetUrl takes the percent-encoded placeholder as the placeholder, in any case of the hex digits", () => {
  const previous = "ftp://bob:old-secret@host/x?auth-password=q%26r";
  assertEquals(
    unmaskTargetUrl(`ftp://bob:${ENCODED}@host/x?auth-password=${ENCODED.toLowerCase()}`, {
      previous,
      field: "Backup.TargetURL",
    }),
    previous,
  );
  assertEquals(hasMaskedSecret(`ftp://bob:${ENCODED}@host/x`), true);
  assertEquals(hasMaskedSecret(`ftp://host/x?ftp-password=${P}`), true);
  assertEquals(hasMaskedSecret(`ftp://bob:${"%2A".repeat(14)}@host/x`), false);
  // The placeholder in a place that holds no secret is not a masked secret (the server never masks there).
  assertEquals(hasMaskedSecret(`ftp://host/x?note=${P}`), false);
  const error = assertThrows(
    () => unmaskTargetUrl(`ftp://bob:${ENCODED}@host/x`, { previous: "ftp://bob@host/x", field: "Backup.TargetURL" }),
    HttpError,
  );
  assertEquals([error.status, error.details.field], [400, "Backup.TargetURL"]);
});

Deno.test("stripTargetUrlSecrets removes a password holding @ whole and keeps malformed escapes without throwing", () => {
  assertEquals(stripTargetUrlSecrets("ftp://user:p@ss@host/x"), "ftp://user@host/x");
  assertEquals(stripTargetUrlSecrets("ftp://user:p@ss@host"), "ftp://user@host");
  assertEquals(stripTargetUrlSecrets("file:///mnt/x?%E0=1&auth-password=z"), "file:///mnt/x?%E0=1");
  assertEquals(stripTargetUrlSecrets("file:///mnt/x?a=%E0"), "file:///mnt/x?a=%E0");
  assertEquals(maskTargetUrl("ftp://user:p@ss@host/x"), `ftp://user:${P}@host/x`);
});
