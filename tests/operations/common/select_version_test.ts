import { UserInputError } from "../../../lib/core/errors.ts";
import type { FilesetRow } from "../../../lib/database/filesets.ts";
import { selectVersions } from "../../../lib/operations/common/select_version.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";

/** Filesets newest first, as listFilesets() returns them: timestamps 3000, 2000, 1000. */
const FILESETS: FilesetRow[] = [3000, 2000, 1000].map((timestamp, i) => ({
  id: 10 + i,
  volumeId: 20 + i,
  volumeName: `v${i}`,
  volumeState: "Uploaded",
  timestamp,
  isFull: true,
}));

function picked(result: { version: number; fileset: FilesetRow }[]): [number, number][] {
  return result.map((r) => [r.version, r.fileset.timestamp]);
}

Deno.test("selectVersions() picks the newest version by default", () => {
  assertEquals(picked(selectVersions(FILESETS, {})), [[0, 3000]]);
  assertEquals(picked(selectVersions(FILESETS, { versions: [] })), [[0, 3000]]);
});

Deno.test("selectVersions() picks listed versions, newest first, ignoring missing ones", () => {
  assertEquals(picked(selectVersions(FILESETS, { versions: [2, 0] })), [[0, 3000], [2, 1000]]);
  assertEquals(picked(selectVersions(FILESETS, { versions: [1, 7] })), [[1, 2000]]);
});

Deno.test("selectVersions() refuses versions that do not exist", () => {
  assertThrows(
    () => selectVersions(FILESETS, { versions: [5, 6] }),
    UserInputError,
    "Cannot find version 5,6: the backup has versions 0 to 2",
  );
});

Deno.test("selectVersions() with --time picks the newest version at or before it", () => {
  assertEquals(picked(selectVersions(FILESETS, { time: new Date(2000_000) })), [[1, 2000]]);
  assertEquals(picked(selectVersions(FILESETS, { time: new Date(2999_999) })), [[1, 2000]]);
  assertEquals(picked(selectVersions(FILESETS, { time: new Date(9999_000) })), [[0, 3000]]);
  assertThrows(
    () => selectVersions(FILESETS, { time: new Date(999_000) }),
    UserInputError,
    "Cannot find a version at or before 1970-01-01T00:16:39.000Z",
  );
});

Deno.test("selectVersions() with all returns every version; versions win over time", () => {
  assertEquals(picked(selectVersions(FILESETS, { all: true, versions: [1] })), [[0, 3000], [1, 2000], [2, 1000]]);
  assertEquals(picked(selectVersions(FILESETS, { versions: [2], time: new Date(9999_000) })), [[2, 1000]]);
});

Deno.test("selectVersions() refuses a backup without versions", () => {
  assertThrows(() => selectVersions([], {}), UserInputError, "Cannot find any backup version at the destination");
  assertThrows(() => selectVersions([], { all: true }), UserInputError);
});
