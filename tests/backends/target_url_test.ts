import { isSecretQueryKey, parseTargetUrl, redactTargetUrl } from "../../lib/backends/target_url.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { assert, assertEquals, assertThrows } from "../support/assert.ts";

const linux = { cwd: "/home/me", os: "linux" } as const;
const windows = { cwd: "C:\\Users\\me", os: "windows" } as const;

function fields(text: string, options: { cwd: string; os: "linux" | "windows" } = linux) {
  const url = parseTargetUrl(text, options);
  return {
    scheme: url.scheme,
    host: url.host,
    port: url.port,
    path: url.path,
    username: url.username,
    password: url.password,
    query: Object.fromEntries(url.query),
  };
}

const FILE = { scheme: "file", host: "", port: -1, username: undefined, password: undefined, query: {} };

Deno.test("parseTargetUrl() reads file:/// URLs as absolute paths", () => {
  assertEquals(fields("file:///home/x"), { ...FILE, path: "/home/x" });
  assertEquals(fields("file:///backup/dir/"), { ...FILE, path: "/backup/dir/" });
  assertEquals(fields("file:///srv/my%20backups"), { ...FILE, path: "/srv/my backups" });
  assertEquals(fields("file:///srv/a+b"), { ...FILE, path: "/srv/a+b" });
  assertEquals(fields("FILE:///x?disable-length-verification=true"), {
    ...FILE,
    path: "/x",
    query: { "disable-length-verification": "true" },
  });
});

Deno.test("parseTargetUrl() resolves bare and relative paths against cwd", () => {
  assertEquals(fields("/home/x"), { ...FILE, path: "/home/x" });
  assertEquals(fields("backups/b1"), { ...FILE, path: "/home/me/backups/b1" });
  assertEquals(fields("../other/./b"), { ...FILE, path: "/home/other/b" });
  assertEquals(fields("file://relative/dir"), { ...FILE, path: "/home/me/relative/dir" });
  assertEquals(fields("/odd%20name+plus"), { ...FILE, path: "/odd%20name+plus" });
});

Deno.test("parseTargetUrl() reads Windows drive paths", () => {
  assertEquals(fields("file://C:\\backup", windows), { ...FILE, path: "C:\\backup" });
  assertEquals(fields("file:///C:/backup/x", windows), { ...FILE, path: "C:\\backup\\x" });
  assertEquals(fields("D:\\data\\", windows), { ...FILE, path: "D:\\data\\" });
  assertEquals(fields("sub\\dir", windows), { ...FILE, path: "C:\\Users\\me\\sub\\dir" });
});

Deno.test("parseTargetUrl() splits scheme, user, host, port, path and query", () => {
  assertEquals(fields("ssh://user:p%40ss@host.example:2222/dir/sub?ssh-fingerprint=abc&Auth-Username=u2"), {
    scheme: "ssh",
    host: "host.example",
    port: 2222,
    path: "dir/sub",
    username: "user",
    password: "p@ss",
    query: { "ssh-fingerprint": "abc", "auth-username": "u2" },
  });
  assertEquals(fields("s3://bucket/prefix"), {
    scheme: "s3",
    host: "bucket",
    port: -1,
    path: "prefix",
    username: undefined,
    password: undefined,
    query: {},
  });
  assertEquals(fields("webdavs://[::1]:8080/").host, "[::1]");
  assertEquals(fields("webdavs://[::1]:8080/").port, 8080);
  assertEquals(fields("webdavs://[::1]:8080/").scheme, "webdavs");
  assertEquals(fields("box://MyBackups/Sub").host, "MyBackups");
  assertEquals(fields("ftp://me@example.com@ftp.host/x").username, "me@example.com");
  assertEquals(fields("ftp://a+b:c+d@h/x").username, "a b");
  assertEquals(fields("ftp://a+b:c+d@h/x").password, "c d");
  assertEquals(fields("webdav://h/a+b/c%2Bd").path, "a+b/c+d");
  assertEquals(fields("rclone://?rclone-remote-path=x+y").query, { "rclone-remote-path": "x y" });
  assertEquals(fields("ssh://host").path, "");
});

Deno.test("parseTargetUrl() keeps the original text", () => {
  assertEquals(parseTargetUrl("s3://bucket/p?auth-password=x", linux).original, "s3://bucket/p?auth-password=x");
});

Deno.test("parseTargetUrl() rejects malformed URLs with UserInputError", () => {
  const cases: [string, string][] = [
    ["", 'Cannot parse storage URL "": empty URL'],
    ["file://", 'Cannot parse storage URL "file://": empty path'],
    ["://x", 'Cannot parse storage URL "://x": missing or invalid scheme'],
    ["s3://", 'Cannot parse storage URL "s3://": missing bucket name'],
    ["s3:///prefix", 'Cannot parse storage URL "s3:///prefix": missing bucket name'],
    ["azure:///c", 'Cannot parse storage URL "azure:///c": missing container name'],
    ["webdavs://:80/x", 'Cannot parse storage URL "webdavs://:80/x": missing host name'],
    ["ssh://host:99999/x", 'Cannot parse storage URL "ssh://host:99999/x": bad port "99999"'],
    ["ssh://host:abc/x", 'Cannot parse storage URL "ssh://host:abc/x": bad port "abc"'],
    ["ssh://[::1/x", 'Cannot parse storage URL "ssh://[::1/x": unclosed "[" in host'],
    ["ssh://host/%zz", 'Cannot parse storage URL "ssh://host/%zz": bad percent-encoding in "%zz"'],
  ];
  for (const [text, message] of cases) {
    const error = assertThrows(() => parseTargetUrl(text, linux), UserInputError);
    assertEquals(error.message, message);
  }
});

Deno.test("parseTargetUrl() does not echo a password in its error", () => {
  const error = assertThrows(
    () => parseTargetUrl("ssh://me:hunter2@host:bad/x?auth-password=pw", linux),
    UserInputError,
  );
  assert(!error.message.includes("hunter2") && !error.message.includes("=pw"), error.message);
  assertEquals(error.message, 'Cannot parse storage URL "ssh://me:***@host:bad/x?auth-password=***": bad port "bad"');
});

Deno.test("redactTargetUrl() hides the password and secret query values", () => {
  const url = parseTargetUrl(
    "s3://key:secret@bucket/prefix?aws-secret-access-key=S&auth-password=P&s3-server-name=minio&authid=A&api-token=T",
    linux,
  );
  assertEquals(
    redactTargetUrl(url),
    "s3://key:***@bucket/prefix?aws-secret-access-key=***&auth-password=***&s3-server-name=minio&authid=***&api-token=***",
  );
  assertEquals(redactTargetUrl(parseTargetUrl("ssh://me@host:22/a b", linux)), "ssh://me@host:22/a b");
  assertEquals(redactTargetUrl(parseTargetUrl("/srv/backup", linux)), "file:///srv/backup");
  assertEquals(redactTargetUrl(parseTargetUrl("C:\\b", windows)), "file://C:\\b");
});

Deno.test("isSecretQueryKey() matches password, secret, key and token names", () => {
  for (const key of ["auth-password", "aws-secret-access-key", "b2-applicationkey", "passphrase", "api-token"]) {
    assert(isSecretQueryKey(key), key);
  }
  for (const key of ["auth-username", "use-ssl", "s3-server-name", "prefix"]) assert(!isSecretQueryKey(key), key);
});
