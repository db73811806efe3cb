/**
 * uid/gid → name lookups from /etc/passwd and /etc/group (Duplicati records `unix:owner-name` and
 * `unix:group-name`). Read once per process; names that cannot be resolved are left out.
 * @module
 */

let users: Map<number, string> | undefined;
let groups: Map<number, string> | undefined;

function load(path: string): Map<number, string> {
  const map = new Map<number, string>();
  try {
    for (const line of Deno.readTextFileSync(path).split("\n")) {
      const parts = line.split(":");
      if (parts.length >= 3 && /^\d+$/.test(parts[2]!)) map.set(Number(parts[2]), parts[0]!);
    }
  } catch {
    // not a Unix system, or unreadable
  }
  return map;
}

export function userName(uid: number): string | undefined {
  return (users ??= load("/etc/passwd")).get(uid);
}

export function groupName(gid: number): string | undefined {
  return (groups ??= load("/etc/group")).get(gid);
}
