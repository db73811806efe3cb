import { type AttributePlatform, fileAttributes } from "../../../lib/operations/backup/file_attributes.ts";
import { assertEquals } from "../../support/assert.ts";

const LINUX: AttributePlatform = { os: "linux", uid: 1000, gid: 100 };

/** A FileInfo with just the fields the attributes depend on. */
function info(mode: number | null, owner: { uid?: number; gid?: number } = {}): Deno.FileInfo {
  return { mode, uid: owner.uid ?? 1000, gid: owner.gid ?? 100 } as Deno.FileInfo;
}

function names(
  path: string,
  extra: { mode?: number | null; folder?: boolean; link?: boolean; uid?: number; gid?: number } = {},
  platform = LINUX,
): string[] {
  const entry = {
    path,
    info: info(extra.mode === undefined ? 0o644 : extra.mode, extra),
    folder: extra.folder ?? false,
    link: extra.link ?? false,
  };
  return [...fileAttributes(entry, platform)].sort();
}

Deno.test("fileAttributes() on Linux: a dot-name is Hidden, folders are Directory, links ReparsePoint, else Normal", () => {
  assertEquals(names("/home/me/notes.txt"), ["Normal"]);
  assertEquals(names("/home/me/.bashrc"), ["Hidden"]);
  assertEquals(names("/home/me/.config/", { folder: true, mode: 0o755 }), ["Directory", "Hidden"]);
  assertEquals(names("/home/me/docs/", { folder: true, mode: 0o755 }), ["Directory"]);
  assertEquals(names("/home/me/link", { link: true }), ["ReparsePoint"]);
  // A dot inside the name or in a parent folder does not make the entry hidden.
  assertEquals(names("/home/me/.cache/file.tar.gz"), ["Normal"]);
});

Deno.test("fileAttributes() ReadOnly follows .NET: readable but not writable for the caller's class", () => {
  assertEquals(names("/x/ro", { mode: 0o444 }), ["ReadOnly"]);
  assertEquals(names("/x/rw", { mode: 0o666 }), ["Normal"]);
  // Owner bits decide for the owner, group bits for the owning group, other bits for everyone else.
  assertEquals(names("/x/mine", { mode: 0o644 }), ["Normal"]);
  assertEquals(names("/x/theirs", { mode: 0o644, uid: 0, gid: 0 }), ["ReadOnly"]);
  assertEquals(names("/x/group", { mode: 0o664, uid: 0, gid: 100 }), ["Normal"]);
  assertEquals(names("/x/other", { mode: 0o664, uid: 0, gid: 0 }), ["ReadOnly"]);
  // Not readable at all is not "read-only".
  assertEquals(names("/x/none", { mode: 0o200 }), ["Normal"]);
});

Deno.test("fileAttributes() on Windows knows no Hidden or ReadOnly (Deno exposes no attributes there)", () => {
  const windows: AttributePlatform = { os: "windows", uid: null, gid: null };
  assertEquals(names("C:\\Users\\me\\.hidden", { mode: null }, windows), ["Normal"]);
  assertEquals(names("C:\\Users\\me\\docs\\", { mode: null, folder: true }, windows), ["Directory"]);
});
