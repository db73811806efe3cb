import { assertEquals, assertThrows } from "../support/assert.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import {
  currentFilterOs,
  expandFilterGroup,
  filterGroupAliases,
  filterGroupNames,
  resolveFilterGroups,
} from "../../lib/filters/filter_groups.ts";

Deno.test("filterGroupNames() lists Duplicati's groups in help order", () => {
  assertEquals(filterGroupNames(), [
    "SystemFiles",
    "OperatingSystem",
    "CacheFiles",
    "TemporaryFiles",
    "Applications",
    "DefaultExcludes",
    "DefaultIncludes",
  ]);
  assertEquals(filterGroupAliases("TemporaryFiles").includes("Tmp"), true);
});

Deno.test("resolveFilterGroups() accepts aliases, any case and several separators", () => {
  assertEquals(resolveFilterGroups("sys, CACHE;Temp|os:apps"), [
    "SystemFiles",
    "CacheFiles",
    "TemporaryFiles",
    "OperatingSystem",
    "Applications",
  ]);
  assertEquals(resolveFilterGroups("None"), []);
  assertThrows(() => resolveFilterGroups("Sys,Nope"), UserInputError, `"Nope": unknown group`);
});

Deno.test("expandFilterGroup() returns per-OS pattern lists", () => {
  const linux = expandFilterGroup("SystemFiles", "linux");
  assertEquals(linux.includes("/proc/"), true);
  assertEquals(linux.includes("/sys/"), true);
  assertEquals(expandFilterGroup("Applications", "linux").includes("/usr/"), true);
  assertEquals(expandFilterGroup("CacheFiles", "darwin").includes("*/Library/Caches/"), true);
  const windows = expandFilterGroup("SystemFiles", "windows");
  assertEquals(windows.includes("?:\\pagefile.sys"), true);
  assertEquals(windows.every((pattern) => !pattern.includes("/")), true);
});

Deno.test("expandFilterGroup() makes DefaultExcludes the union of the five groups", () => {
  for (const os of ["linux", "darwin", "windows"] as const) {
    const union = new Set(["SystemFiles", "OperatingSystem", "CacheFiles", "TemporaryFiles", "Applications"]
      .flatMap((group) => expandFilterGroup(group, os)));
    assertEquals(new Set(expandFilterGroup("DefaultExcludes", os)), union, os);
    assertEquals(expandFilterGroup("DefaultIncludes", os), [], os);
  }
  const list = expandFilterGroup("Sys,Cache", "linux");
  assertEquals(new Set(list).size, list.length);
});

Deno.test("currentFilterOs() maps the running OS", () => {
  const expected = Deno.build.os === "windows" || Deno.build.os === "darwin" ? Deno.build.os : "linux";
  assertEquals(currentFilterOs(), expected);
});
