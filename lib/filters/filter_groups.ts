/**
 * Duplicati's built-in filter groups (`{SystemFiles}`, `{CacheFiles}`, ...): lists of wildcard patterns per
 * operating system for files that are rarely worth backing up. The lists cover the same kinds of locations as
 * Duplicati's FilterGroups (system pseudo-filesystems, OS folders, caches, temporary files, installed programs);
 * they are static, so they leave out Duplicati's machine-specific extras (registry and Time Machine exclusions).
 * @module
 */
import { UserInputError } from "../core/errors.ts";

/** The operating systems filters know about. */
export type FilterOs = "linux" | "darwin" | "windows";

/** Group names in help order. `DefaultExcludes` is the first five; `DefaultIncludes` is empty. */
export const FILTER_GROUP_NAMES = [
  "SystemFiles",
  "OperatingSystem",
  "CacheFiles",
  "TemporaryFiles",
  "Applications",
  "DefaultExcludes",
  "DefaultIncludes",
] as const;
/** One group name. */
export type FilterGroupName = typeof FILTER_GROUP_NAMES[number];
type BaseGroup = Exclude<FilterGroupName, "DefaultExcludes" | "DefaultIncludes">;
const BASE_GROUPS: readonly BaseGroup[] = [
  "SystemFiles",
  "OperatingSystem",
  "CacheFiles",
  "TemporaryFiles",
  "Applications",
];

/** Alternative names Duplicati accepts (case-insensitive), besides the canonical names and `None`. */
const ALIASES: Readonly<Record<FilterGroupName, readonly string[]>> = {
  SystemFiles: ["System", "Sys"],
  OperatingSystem: ["OS"],
  CacheFiles: ["CacheFolders", "Caches", "Cache"],
  TemporaryFiles: ["TemporaryFolders", "TempFolders", "TempFiles", "Temp", "Tmp"],
  Applications: ["Application", "Apps", "App"],
  DefaultExcludes: ["DefaultExclude", "Excludes", "Exclude", "Exc"],
  DefaultIncludes: ["DefaultInclude", "Includes", "Include", "Inc"],
};

type GroupTable = Readonly<Record<BaseGroup, readonly string[]>>;

const BROWSER_CACHES = [
  "*/Duplicati/control_dir_v2/",
  "*/Google/Chrome/*cache*",
  "*/Google/Chrome/*LOCK*",
  "*/Google/Chrome/*Current*",
  "*/Google/Chrome/Safe Browsing*",
  "*/Mozilla/Firefox/*cache*",
  "*/cookies.sqlite-*",
  "*/permissions.sqlite-*",
];

const LINUX: GroupTable = {
  SystemFiles: ["/dev/", "/proc/", "/run/", "/selinux/", "/sys/"],
  OperatingSystem: ["/bin/", "/boot/", "/etc/", "/initrd/", "/sbin/", "/var/"],
  CacheFiles: [
    ...BROWSER_CACHES,
    "*/.cache/",
    "*/.config/google-chrome/Default/Cookies",
    "*/.config/google-chrome/Default/Cookies-journal",
  ],
  TemporaryFiles: ["/tmp/", "/var/tmp/", "*/lost+found/", "*~"],
  Applications: ["/lib/", "/lib32/", "/lib64/", "/opt/", "/usr/"],
};

const DARWIN: GroupTable = {
  SystemFiles: [
    "/.vol/",
    "/dev/",
    "/net/",
    "/afs/",
    "/automount/",
    "/cores/",
    "/Network/",
    "*.fseventsd",
    "*.dbfseventsd",
    "/private/Network/",
    "/private/var/automount/",
    "/private/var/db/dhcpclient/",
    "/private/var/db/fseventsd/",
    "/private/var/folders/",
    "/private/var/run/",
    "/private/var/spool/postfix/",
    "/private/var/vm/",
  ],
  OperatingSystem: [
    "/Previous Systems*",
    "/mach.sym",
    "/mach_kernel",
    "/bin/",
    "/sbin/",
    "/System/",
    "/Volumes/",
    "*/Library/Logs/",
  ],
  CacheFiles: [
    ...BROWSER_CACHES,
    "*/iPhoto Library/iPod Photo Cache*",
    "*/Application Support/Google/Chrome/Default/Cookies",
    "*/Application Support/Google/Chrome/Default/Cookies-journal",
    "*/Library/Caches/",
    "*/Library/Calendars/*/Info.plist",
    "*/Library/Calendars/Calendar Cache",
    "*/Library/Cookies/com.apple.appstore.plist",
    "*/Library/Cookies/Cookies.binarycookies",
    "*/backups.backupdb/",
    "*/iP* Software Updates/",
    "*/iTunes/Album Artwork/Cache/",
    "*/Library/Application Support/SyncServices/",
    "*/Library/Mail/*/Info.plist",
    "*/Library/Mail/AvailableFeeds/",
    "*/Library/Mail/Envelope Index",
    "*/Library/Mirrors/",
    "*/Library/PubSub/Database/",
    "*/Library/PubSub/Downloads/",
    "*/Library/PubSub/Feeds/",
    "*/Library/Safari/HistoryIndex.sk",
    "*/Library/Safari/Icons.db",
    "*/Library/Safari/WebpageIcons.db",
    "*/Library/Saved Application State/",
    "/System/Library/Extensions/Caches/",
    "*MobileBackups/",
    "*.hotfiles.btree*",
    "*.Spotlight-*/",
    "/Desktop DB",
    "/Desktop DF",
  ],
  TemporaryFiles: [
    "/tmp/",
    "/private/tmp/",
    "/private/var/tmp/",
    "/var/",
    "*/Microsoft User Data/Entourage Temp/",
    "*.Trash*",
    "*/Network Trash Folder/",
    "*/Trash/",
    "*/lost+found/",
    "*/VM Storage",
  ],
  Applications: ["/Applications/", "/Library/", "/usr/", "/opt/"],
};

// Written with "/" and turned into "\" for Windows paths; "?:" stands for any drive letter.
const WINDOWS: GroupTable = {
  SystemFiles: [
    "*/I386*",
    "*/Internet Explorer/",
    "*/Microsoft*/RecoveryStore*",
    "*/Microsoft*/Windows/*.edb",
    "*/Microsoft*/Windows/*.log",
    "*/Microsoft*/Windows/Cookies*",
    "*/MSOCache*",
    "*/NTUSER*",
    "*/UsrClass.dat",
    "?:/hiberfil.sys",
    "?:/pagefile.sys",
    "?:/swapfile.sys",
    "?:/$Recycle.Bin/",
    "?:/Recycled/",
    "?:/Recycler/",
    "?:/System Volume Information/",
    "*/DfsrPrivate/",
    "?:/Windows/Installer/",
  ],
  OperatingSystem: ["?:/Config.Msi*", "*/Recent/", "?:/autoexec.bat", "?:/Windows/", "?:/Windows.old/"],
  CacheFiles: [
    ...BROWSER_CACHES,
    "*/AppData/Local/AMD/DxCache/",
    "*/AppData/Local/Apple Computer/Mobile Sync/",
    "*/AppData/Local/Comms/UnistoreDB/",
    "*/AppData/Local/ElevatedDiagnostics/",
    "*/AppData/Local/Microsoft/Edge/User Data/Default/Cache",
    "*/AppData/Local/Microsoft/VSCommon/*SQM*",
    "*/AppData/Local/Microsoft/Windows/Explorer/",
    "*/AppData/Local/Microsoft/Windows/History/",
    "*/AppData/Local/Microsoft/Windows/INetCache/",
    "*/AppData/Local/Microsoft/Windows/INetCookies/",
    "*/AppData/Local/Microsoft/Windows/UPPS/",
    "*/AppData/Local/Microsoft/Windows/WebCache*",
    "*/AppData/Local/Microsoft/Windows Store/",
    "*/AppData/Local/Packages/",
    "*/Application Data/Apple Computer/Mobile Sync/",
    "*/Application Data/Application Data*",
    "*/Dropbox/Dropbox.exe.log",
    "*/Dropbox/QuitReports/",
    "*/Google/Chrome/User Data/Default/Cache",
    "*/Google/Chrome/User Data/Default/Cookies",
    "*/Google/Chrome/User Data/Default/Cookies-journal",
    "*/Local Settings/History/",
    "*/OneDrive/.849C9593-D756-4E56-8D6E-42412F2A707B",
    "*/Safari/Library/Caches/",
    "*/Temporary Internet Files/",
    "*/Thumbs.db",
  ],
  TemporaryFiles: [
    "*.tmp",
    "*.tmp/",
    "*/AppData/Local/Temp*",
    "*/AppData/Temp*",
    "*/Local Settings/Temp*",
    "?:/Windows/Temp/",
  ],
  Applications: [
    "?:/Program Files/",
    "?:/Program Files (x86)/",
    "*/Start Menu/Programs/Administrative Tools/",
  ],
};

const TABLES: Readonly<Record<FilterOs, GroupTable>> = { linux: LINUX, darwin: DARWIN, windows: WINDOWS };

/** The canonical group names, in help order. */
export function filterGroupNames(): readonly FilterGroupName[] {
  return FILTER_GROUP_NAMES;
}

/** The alternative spellings of a group (for help). */
export function filterGroupAliases(name: FilterGroupName): readonly string[] {
  return ALIASES[name];
}

/**
 * Resolves a group list such as `"Sys,Cache"` (separators `, : ; |`, names and aliases case-insensitive) to
 * canonical names. `None` adds nothing. Throws UserInputError for an unknown name.
 */
export function resolveFilterGroups(text: string): FilterGroupName[] {
  const result: FilterGroupName[] = [];
  for (const item of text.split(/[,:;|]/).map((part) => part.trim()).filter((part) => part !== "")) {
    const wanted = item.toLowerCase();
    if (wanted === "none") continue;
    const found = FILTER_GROUP_NAMES.find((name) =>
      name.toLowerCase() === wanted || ALIASES[name].some((alias) => alias.toLowerCase() === wanted)
    );
    if (found === undefined) {
      throw new UserInputError(
        `Cannot use filter group "${item}": unknown group; use ${FILTER_GROUP_NAMES.join(", ")} or None`,
      );
    }
    if (!result.includes(found)) result.push(found);
  }
  return result;
}

/**
 * The wildcard patterns of one group, a group alias or a group list (`"SystemFiles,Cache"`) for an OS, without
 * repeats. Windows patterns use `\`. Throws UserInputError for an unknown name.
 */
export function expandFilterGroup(name: string, os: FilterOs): string[] {
  const table = TABLES[os];
  const patterns = new Set<string>();
  for (const group of resolveFilterGroups(name)) {
    const members: readonly BaseGroup[] = group === "DefaultExcludes"
      ? BASE_GROUPS
      : group === "DefaultIncludes"
      ? []
      : [group];
    for (const member of members) {
      for (const pattern of table[member]) patterns.add(os === "windows" ? pattern.replaceAll("/", "\\") : pattern);
    }
  }
  return [...patterns];
}

/** The filter OS of the running process (anything that is not Windows or macOS counts as Linux). */
export function currentFilterOs(): FilterOs {
  const os = Deno.build.os;
  return os === "windows" || os === "darwin" ? os : "linux";
}
