import { commonFolder, makeTargetMapper, separatorOf } from "../../../lib/operations/restore/target_paths.ts";
import { assertEquals } from "../../support/assert.ts";

Deno.test("separatorOf() guesses '/' for paths starting with it and '\\' otherwise", () => {
  assertEquals(separatorOf("/home/u"), "/");
  assertEquals(separatorOf("C:\\data"), "\\");
  assertEquals(separatorOf("\\\\server\\share"), "\\");
});

Deno.test("commonFolder() is the longest shared folder, ending with its separator", () => {
  assertEquals(commonFolder([]), "");
  assertEquals(commonFolder(["/home/u/a.txt"]), "/home/u/");
  assertEquals(commonFolder(["/home/u/docs/"]), "/home/u/docs/");
  assertEquals(commonFolder(["/home/u/docs/", "/home/u/docs/a.txt", "/home/u/docs/sub/b.txt"]), "/home/u/docs/");
  assertEquals(commonFolder(["/home/u/docs/a", "/home/u/pics/b"]), "/home/u/");
  assertEquals(commonFolder(["/home/u/ab", "/home/u/abc/d"]), "/home/u/");
  assertEquals(commonFolder(["/a/x", "/b/y"]), "/");
  assertEquals(commonFolder(["C:\\data\\x.txt", "C:\\data\\sub\\y.txt"]), "C:\\data\\");
  assertEquals(commonFolder(["C:\\a\\x", "D:\\b\\y"]), "");
});

Deno.test("makeTargetMapper() without a restore path keeps original Unix locations", () => {
  const map = makeTargetMapper(["/home/u/docs/", "/home/u/docs/a.txt"], undefined);
  assertEquals(map("/home/u/docs/"), "/home/u/docs");
  assertEquals(map("/home/u/docs/a.txt"), "/home/u/docs/a.txt");
  assertEquals(map("/"), "/");
});

Deno.test("makeTargetMapper() without a restore path turns Windows paths into /<drive>/... on Unix", () => {
  const map = makeTargetMapper(["C:\\data\\x.txt"], undefined);
  assertEquals(map("C:\\data\\x.txt"), "/C/data/x.txt");
  assertEquals(map("C:\\data\\"), "/C/data");
  assertEquals(map("\\\\server\\share\\f"), "/server/share/f");
});

Deno.test("makeTargetMapper() maps the common folder onto the restore path", () => {
  const paths = ["/home/u/docs/", "/home/u/docs/a.txt", "/home/u/docs/sub/", "/home/u/docs/sub/b.txt"];
  const map = makeTargetMapper(paths, "/restore");
  assertEquals(paths.map(map), ["/restore", "/restore/a.txt", "/restore/sub", "/restore/sub/b.txt"]);
});

Deno.test("makeTargetMapper() puts a single file directly in the restore path", () => {
  const map = makeTargetMapper(["/home/u/docs/a.txt"], "/restore/");
  assertEquals(map("/home/u/docs/a.txt"), "/restore/a.txt");
});

Deno.test("makeTargetMapper() keeps the differing folders below the common one", () => {
  const paths = ["/home/u/docs/a", "/home/u/pics/b", "/home/u/pics/"];
  const map = makeTargetMapper(paths, "/r");
  assertEquals(paths.map(map), ["/r/docs/a", "/r/pics/b", "/r/pics"]);
});

Deno.test("makeTargetMapper() maps Windows paths below the restore path", () => {
  const paths = ["C:\\data\\x.txt", "C:\\data\\sub\\y.txt", "C:\\data\\sub\\"];
  const map = makeTargetMapper(paths, "/r");
  assertEquals(paths.map(map), ["/r/x.txt", "/r/sub/y.txt", "/r/sub"]);
  const drives = ["C:\\a\\x", "D:\\b\\y"];
  assertEquals(drives.map(makeTargetMapper(drives, "/r")), ["/r/C/a/x", "/r/D/b/y"]);
});
