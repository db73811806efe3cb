/**
 * Special-folder tokens: the folders offered and the expansion of a leading token.
 * @module
 */
import { isAbsolute } from "node:path";
import { UserInputError } from "../../lib/core/errors.ts";
import {
  expandSpecialFolder,
  matchSpecialFolder,
  type SpecialFolder,
  specialFolders,
} from "../../lib/server/special_folders.ts";
import { assert, assertEquals, assertThrows } from "../support/assert.ts";

const FOLDERS: SpecialFolder[] = [
  { id: "%HOME%", text: "Home", path: "/home/me" },
  { id: "%MY_DOCUMENTS%", text: "Documents", path: "/home/me/Documents" },
  { id: "%ROOTED%", text: "Rooted", path: "/" },
];

Deno.test("expandSpecialFolder replaces a leading token (any case) and keeps other paths", () => {
  assertEquals(expandSpecialFolder("%HOME%/Documents/", FOLDERS), "/home/me/Documents/");
  assertEquals(expandSpecialFolder("%my_documents%/a.txt", FOLDERS), "/home/me/Documents/a.txt");
  assertEquals(expandSpecialFolder("%HOME%", FOLDERS), "/home/me");
  assertEquals(expandSpecialFolder("%ROOTED%/x/", FOLDERS), "/x/");
  assertEquals(expandSpecialFolder("/srv/%HOME%/", FOLDERS), "/srv/%HOME%/");
  assertEquals(expandSpecialFolder("relative/path", FOLDERS), "relative/path");
  assertEquals(expandSpecialFolder("%not a token%/x", FOLDERS), "%not a token%/x");
});

Deno.test("expandSpecialFolder refuses a token that names no special folder here", () => {
  const error = assertThrows(() => expandSpecialFolder("%NO_SUCH_FOLDER%/x", FOLDERS), UserInputError);
  assertEquals(
    error.message,
    'Cannot expand "%NO_SUCH_FOLDER%/x": the special folder "%NO_SUCH_FOLDER%" does not exist on this machine',
  );
});

Deno.test("matchSpecialFolder gives the token, its folder (if any) and the rest of the path", () => {
  assertEquals(matchSpecialFolder("%home%/a/", FOLDERS), { token: "%HOME%", folder: FOLDERS[0], rest: "/a/" });
  assertEquals(matchSpecialFolder("%NOPE%/a/", FOLDERS), { token: "%NOPE%", folder: undefined, rest: "/a/" });
  assertEquals(matchSpecialFolder("/a/", FOLDERS), undefined);
});

Deno.test("specialFolders lists existing absolute folders, each token once", () => {
  const folders = specialFolders();
  assertEquals(new Set(folders.map((f) => f.id)).size, folders.length);
  for (const folder of folders) {
    assert(/^%[A-Z_]+%$/.test(folder.id), folder.id);
    assert(isAbsolute(folder.path), folder.path);
    assert(Deno.statSync(folder.path).isDirectory, folder.path);
    assertEquals(expandSpecialFolder(`${folder.id}/x`), `${folder.path.replace(/[\\/]$/, "")}/x`);
  }
});
