import type { Hono } from "hono";
import { createApp } from "../../../lib/server/app.ts";
import { join } from "node:path";
import type { TreeNodeDto } from "../../../lib/server/api_types.ts";
import { specialFolders } from "../../../lib/server/special_folders.ts";
import { assert, assertEquals } from "../../support/assert.ts";
import { assertNeedsToken, callJson, fakeServerDeps } from "../../support/fake_server_deps.ts";

const unix = Deno.build.os !== "windows";

async function withTree(body: (dir: string, app: Hono) => Promise<void>): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir());
  try {
    await Deno.mkdir(join(dir, "dirA"));
    await Deno.writeTextFile(join(dir, "dirA", "inner.txt"), "inner");
    await Deno.mkdir(join(dir, "dirEmpty"));
    await Deno.mkdir(join(dir, "dirNested", "child"), { recursive: true });
    await Deno.mkdir(join(dir, ".hidden"));
    await Deno.writeTextFile(join(dir, "file.txt"), "hello");
    await Deno.writeTextFile(join(dir, ".dotfile"), "x");
    if (unix) {
      await Deno.symlink(join(dir, "dirA"), join(dir, "link"));
      await Deno.symlink(join(dir, "missing-target"), join(dir, "broken"));
    }
    await body(dir, createApp(fakeServerDeps().deps));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function node(partial: Partial<TreeNodeDto> & { text: string; id: string }): TreeNodeDto {
  const folder = partial.id.endsWith("/");
  return {
    cls: folder ? "folder" : "file",
    iconCls: folder ? "x-tree-icon-parent" : "x-tree-icon-leaf",
    check: false,
    leaf: !folder,
    resolvedpath: null,
    hidden: false,
    systemFile: false,
    temporary: false,
    symlink: false,
    fileSize: -1,
    ...partial,
  };
}

async function list(app: Hono, path: string, query = "") {
  return await callJson(app, `/api/v1/filesystem${query}`, { method: "POST", body: { path } });
}

Deno.test({
  name: "POST /filesystem lists a folder as TreeNodes, folders first, hidden entries left out",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      const { status, body } = await list(app, dir);
      assertEquals(status, 200);
      assertEquals(body, [
        node({ text: "dirA", id: `${dir}/dirA/` }),
        node({ text: "dirEmpty", id: `${dir}/dirEmpty/`, leaf: true }),
        node({ text: "dirNested", id: `${dir}/dirNested/` }),
        node({
          text: "link",
          id: `${dir}/link/`,
          symlink: true,
          iconCls: "x-tree-icon-symlink",
          resolvedpath: `${dir}/dirA`,
        }),
        node({ text: "broken", id: `${dir}/broken`, symlink: true, resolvedpath: `${dir}/missing-target` }),
        node({ text: "file.txt", id: `${dir}/file.txt`, fileSize: 5 }),
      ]);
    }),
});

Deno.test({
  name: "POST /filesystem honours showHidden and onlyFolders",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      const hidden = (await list(app, `${dir}/`, "?showHidden=true")).body as TreeNodeDto[];
      assertEquals(hidden.filter((n) => n.hidden).map((n) => n.id), [`${dir}/.hidden/`, `${dir}/.dotfile`]);
      const folders = (await list(app, dir, "?onlyFolders=true")).body as TreeNodeDto[];
      assertEquals(folders.map((n) => [n.text, n.leaf]), [
        ["dirA", true],
        ["dirEmpty", true],
        ["dirNested", false],
        ["link", true],
      ]);
    }),
});

Deno.test({
  name: "POST /filesystem with / lists the special folders, then the root",
  ignore: !unix,
  fn: async () => {
    const app = createApp(fakeServerDeps().deps);
    const { status, body } = await list(app, "/");
    assertEquals(status, 200);
    const nodes = body as TreeNodeDto[];
    const specials = specialFolders();
    assertEquals(nodes.slice(0, specials.length).map((n) => [n.id, n.resolvedpath, n.iconCls]), [
      ...specials.map((s) => [s.id, s.path, "x-tree-icon-special"]),
    ]);
    const expected = [...Deno.readDirSync("/")].filter((e) => !e.name.startsWith(".")).length;
    assertEquals(nodes.length - specials.length, expected);
    assert(nodes.slice(specials.length).every((n) => n.id.startsWith("/")));
  },
});

Deno.test({
  name: "POST /filesystem keeps a special-folder token in the ids it returns",
  ignore: !unix || !specialFolders().some((s) => s.id === "%HOME%"),
  fn: async () => {
    const home = specialFolders().find((s) => s.id === "%HOME%")!;
    const app = createApp(fakeServerDeps().deps);
    const { status, body } = await list(app, "%HOME%", "?showHidden=true");
    assertEquals(status, 200);
    const base = home.path.replace(/\/+$/, "");
    for (const n of body as TreeNodeDto[]) {
      assert(n.id.startsWith("%HOME%/"), n.id);
      assertEquals(n.resolvedpath, base + n.id.slice("%HOME%".length));
    }
  },
});

Deno.test({
  name: "POST /filesystem answers 400 for bad input and 404 for missing folders",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      const cases: [string, unknown, number, string | undefined][] = [
        ["", "{broken", 400, undefined],
        ["", {}, 400, "path"],
        ["", { path: 7 }, 400, "path"],
        ["", { path: "" }, 400, "path"],
        ["", { path: "relative/folder" }, 400, "path"],
        ["?onlyFolders=maybe", { path: dir }, 400, "onlyFolders"],
        ["", { path: `${dir}/file.txt` }, 400, "path"],
        ["", { path: `${dir}/nope` }, 404, "path"],
        ["", { path: "%NO_SUCH_FOLDER%/x" }, 404, "path"],
      ];
      for (const [query, body, status, field] of cases) {
        const answer = await callJson(app, `/api/v1/filesystem${query}`, { method: "POST", body });
        assertEquals(answer.status, status, JSON.stringify(body));
        const error = answer.body as { Code: number; Field?: string; Error: string };
        assertEquals(error.Code, status);
        assertEquals(error.Field, field, JSON.stringify(body));
      }
    }),
});

Deno.test({
  name: "POST /filesystem answers 400 naming the folder it may not read",
  ignore: !unix || Deno.uid() === 0,
  fn: () =>
    withTree(async (dir, app) => {
      await Deno.chmod(join(dir, "dirA"), 0o000);
      try {
        const { status, body } = await list(app, `${dir}/dirA`);
        assertEquals(status, 400);
        assertEquals((body as { Reason: string }).Reason, "permission-denied");
        const parent = (await list(app, dir)).body as TreeNodeDto[];
        assertEquals(parent.find((n) => n.text === "dirA")?.iconCls, "x-tree-icon-locked");
      } finally {
        await Deno.chmod(join(dir, "dirA"), 0o755);
      }
    }),
});

Deno.test("POST /filesystem answers 400 when the server process may not read the folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const script = join(dir, "probe.ts");
    const module = new URL("../../../lib/server/routes/filesystem.ts", import.meta.url).href;
    const configPath = new URL("../../../deno.json", import.meta.url).pathname;
    await Deno.writeTextFile(
      script,
      `import { browse } from ${JSON.stringify(module)};
try {
  await browse(${JSON.stringify(Deno.cwd())}, { onlyFolders: false, showHidden: false });
  console.log(JSON.stringify({ listed: true }));
} catch (error) {
  console.log(JSON.stringify({ status: error.status, reason: error.details?.reason, message: error.message }));
}`,
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", "--config", configPath, `--allow-read=${script}`, "--allow-env", script],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(output.stdout).trim();
    assert(stdout !== "", new TextDecoder().decode(output.stderr));
    const answer = JSON.parse(stdout);
    assertEquals([answer.status, answer.reason], [400, "permission-denied"]);
    assert(answer.message.includes(Deno.cwd()), answer.message);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "POST /filesystem/validate answers 200 for existing paths and 404 otherwise",
  ignore: !unix,
  fn: () =>
    withTree(async (dir, app) => {
      const validate = (body: unknown) => callJson(app, "/api/v1/filesystem/validate", { method: "POST", body });
      assertEquals((await validate({ path: `${dir}/file.txt` })).status, 200);
      assertEquals((await validate({ path: `${dir}/dirA/` })).status, 200);
      assertEquals((await validate({ path: `${dir}/nope` })).status, 404);
      assertEquals((await validate({ path: "relative" })).status, 404);
      const bad = await validate({ nopath: true });
      assertEquals([bad.status, (bad.body as { Field: string }).Field], [400, "path"]);
    }),
});

Deno.test("filesystem routes answer 401 without a token", async () => {
  await assertNeedsToken(createApp(fakeServerDeps().deps), [
    ["POST", "/filesystem"],
    ["POST", "/filesystem/validate"],
  ]);
});
