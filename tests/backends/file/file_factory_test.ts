import { fileBackendFactory } from "../../../lib/backends/file/file_factory.ts";
import { FileBackend } from "../../../lib/backends/file/file_backend.ts";
import { FILE_OPTIONS } from "../../../lib/backends/file/file_options.ts";
import { uploadSourceFromBytes } from "../../../lib/backends/backend.ts";
import { parseTargetUrl } from "../../../lib/backends/target_url.ts";
import { UserInputError } from "../../../lib/core/errors.ts";
import { nullLogger } from "../../../lib/core/log.ts";
import { OptionRegistry } from "../../../lib/options/registry.ts";
import { optionsFromRecord } from "../../../lib/options/resolve.ts";
import type { Options } from "../../../lib/options/option_spec.ts";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { listNamesAndSizes, testBytes } from "../../support/backend_suite.ts";

function options(record: Record<string, string> = {}): Options {
  const registry = new OptionRegistry();
  registry.register(...FILE_OPTIONS);
  return optionsFromRecord(record, registry);
}

const signal = new AbortController().signal;

Deno.test("fileBackendFactory opens a FileBackend on the URL's path", async () => {
  const backend = await fileBackendFactory.open(parseTargetUrl("file:///srv/backups"), {
    options: options(),
    signal,
    log: nullLogger,
  });
  assert(backend instanceof FileBackend);
  assertEquals(backend.folder, "/srv/backups");
});

Deno.test("fileBackendFactory refuses other schemes", async () => {
  const url = parseTargetUrl("ssh://host/x");
  const error = await assertRejects(
    () => fileBackendFactory.open(url, { options: options(), signal, log: nullLogger }),
    UserInputError,
  );
  assertEquals(error.message, 'Cannot open storage URL "ssh://host/x": the file backend has no scheme "ssh"');
});

Deno.test("fileBackendFactory reads disable-length-verification from the URL query over the options", async () => {
  const folder = await Deno.makeTempDir();
  try {
    const open = async (text: string, record: Record<string, string>) => {
      const backend = await fileBackendFactory.open(parseTargetUrl(text), {
        options: options(record),
        signal,
        log: nullLogger,
      });
      assert(backend instanceof FileBackend);
      return backend;
    };
    const short = { size: 10, open: () => uploadSourceFromBytes(testBytes(4)).open() };
    await (await open(`file://${folder}?disable-length-verification=true`, {})).put("a", short);
    await assertRejects(
      async () =>
        await (await open(`file://${folder}?disable-length-verification=false`, {
          "disable-length-verification": "true",
        })).put("b", short),
      Error,
      "the source gave 4 bytes, expected 10",
    );
    await (await open(`file://${folder}`, { "disable-length-verification": "true" })).put("c", short);
    assertEquals((await listNamesAndSizes(new FileBackend(folder))).map((e) => e.name), ["a", "c"]);
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
});
