/**
 * About (#/about): the product and its version, what the server runs on and where it keeps its data
 * (GET /systeminfo and GET /systeminfo/server), this browser's locale and time zone, a "Copy system info" button
 * for bug reports, and the licenses of the libraries the program ships with.
 * @module
 */
import { useState } from "preact/hooks";
import type { ServerAboutDto } from "../../../../lib/server/routes/server_about.ts";
import type { SystemInfoDto } from "../../../../lib/server/routes/system_info.ts";
import { api, errorMessage } from "../../api/client.ts";
import { ErrorBox, Notice, PageHeader, Spinner, useLoad } from "../../components/ui.tsx";
import { formatTime } from "../../format.ts";

/** One titled group of facts. */
interface Group {
  readonly title: string;
  readonly rows: readonly (readonly [string, string])[];
}

export function AboutPage(_props: Record<string, never>) {
  const loaded = useLoad(
    () => Promise.all([api.get<SystemInfoDto>("/systeminfo"), api.get<ServerAboutDto>("/systeminfo/server")]),
    [],
  );
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const [copyText, setCopyText] = useState<string | undefined>(undefined);

  if (loaded.data === undefined) {
    return (
      <>
        <PageHeader title="About" />
        {loaded.error
          ? <ErrorBox error={`Cannot load the system information: ${errorMessage(loaded.error)}`} />
          : <Spinner />}
      </>
    );
  }
  const [info, server] = loaded.data;
  const groups = factGroups(info, server);

  const copy = async () => {
    const text = groupsText(info, groups);
    setCopied(undefined);
    setCopyText(undefined);
    if (await copyToClipboard(text)) setCopied("Copied the system information to the clipboard.");
    else setCopyText(text);
  };

  return (
    <>
      <PageHeader title="About">
        <button type="button" onClick={() => void copy()}>Copy system info</button>
      </PageHeader>
      {copied ? <Notice kind="success">{copied}</Notice> : null}
      {copyText !== undefined
        ? (
          <div class="card">
            <label for="system-info-text">
              This browser did not allow copying. Select the text below and copy it yourself.
            </label>
            <textarea id="system-info-text" class="copy-text" readOnly value={copyText} rows={12} />
          </div>
        )
        : null}
      <section class="card about-product" aria-labelledby="product-title">
        <h2 id="product-title">{info.ServerVersionName.replace(" - ", " ")}</h2>
        <p>
          A backup program that reads and writes Duplicati 2 backups, with Duplicati's command line, server and web
          interface, written in TypeScript for Deno.
        </p>
      </section>
      <div class="about-groups">
        {groups.map((group) => (
          <section key={group.title} class="card" aria-label={group.title}>
            <h2>{group.title}</h2>
            <dl class="facts">
              {group.rows.map(([name, value]) => (
                <div key={name} class="fact">
                  <dt>{name}</dt>
                  <dd>{value === "" ? <span class="muted">(none)</span> : value}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <section class="card" aria-labelledby="licenses-title">
        <h2 id="licenses-title">Licenses</h2>
        <p>This program includes these libraries, each under the MIT license:</p>
        <ul>
          <li>Preact (the web interface)</li>
          <li>Hono (the web server's routes)</li>
          <li>fflate (zip compression)</li>
        </ul>
        <p class="muted small">
          It runs on Deno (MIT license). Duplicati is a separate project; this program follows its backup format and
          interfaces so existing backups keep working.
        </p>
      </section>
    </>
  );
}

function factGroups(info: SystemInfoDto, server: ServerAboutDto): Group[] {
  const browser = Intl.DateTimeFormat().resolvedOptions();
  const groups: Group[] = [
    {
      title: "Server",
      rows: [
        ["Version", `${info.ServerVersion} (${info.ServerVersionType.toLowerCase()})`],
        ["Started by", info.StartedBy],
        ["Started", formatTime(server.StartedAt)],
        ["Server time", formatTime(info.ServerTime)],
        ["Time zone for schedules", info.ServerTimeZone],
        ["Listening on", `port ${server.Port} (${server.Https ? "HTTPS" : "HTTP"})`],
        ["Process ID", String(server.ProcessId)],
      ],
    },
    {
      title: "Data",
      rows: [
        ["Data folder", server.DataFolder],
        ["Server database", server.ServerDatabase],
      ],
    },
    {
      title: "Machine",
      rows: [
        ["Machine name", info.MachineName],
        ["User", info.UserName],
        ["Operating system", `${info.OSType} (${info.OSVersion})`],
        ["Platform", server.Platform],
        ["File names", info.CaseSensitiveFilesystem ? "case-sensitive" : "not case-sensitive"],
        ["Path separator", `${info.DirectorySeparator} (lists: ${info.PathSeparator})`],
      ],
    },
    {
      title: "Runtime",
      rows: [
        ["Deno", server.DenoVersion],
        ["V8", server.V8Version],
        ["TypeScript", server.TypeScriptVersion],
      ],
    },
    {
      title: "This browser",
      rows: [
        ["Locale", navigator.language || browser.locale],
        ["Time zone", browser.timeZone],
        ["Browser", navigator.userAgent],
      ],
    },
  ];
  if (info.SpecialFolders.length > 0) {
    groups.push({ title: "Special folders", rows: info.SpecialFolders.map((f) => [f.ID, f.Path] as const) });
  }
  return groups;
}

function groupsText(info: SystemInfoDto, groups: readonly Group[]): string {
  const lines = [info.ServerVersionName];
  for (const group of groups) {
    lines.push("", `[${group.title}]`);
    for (const [name, value] of group.rows) lines.push(`${name}: ${value}`);
  }
  return lines.join("\n");
}

/** Copies with the Clipboard API, else with a selected textarea; false when the browser allowed neither. */
async function copyToClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}
