/**
 * A passphrase strength estimate: bits of guessing work from the length and the character classes used, with the
 * characters of easy patterns (runs like "aaaa", sequences like "abcd", "4321" or "qwerty", repeated chunks like
 * "abcabc", years, and common passwords even in l33t spelling) counted as almost free. The result is weak, fair or
 * strong with the reasons in words. Pure, no dictionary download: a short list of the most common passwords only.
 * @module
 */

/** The verdict on a passphrase. */
export interface Strength {
  readonly level: "empty" | "weak" | "fair" | "strong";
  /** Estimated bits of guessing work. */
  readonly bits: number;
  /** Why, in short sentences (problems first). */
  readonly reasons: readonly string[];
}

const COMMON = [
  "password",
  "passwort",
  "passw0rd",
  "qwerty",
  "azerty",
  "letmein",
  "welcome",
  "admin",
  "administrator",
  "monkey",
  "dragon",
  "master",
  "iloveyou",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "shadow",
  "superman",
  "trustno1",
  "secret",
  "login",
  "backup",
  "duplicati",
  "changeme",
  "default",
  "hello",
  "abc123",
  "computer",
  "summer",
  "winter",
];
const KEYBOARD_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "abcdefghijklmnopqrstuvwxyz"];
const LEET: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  "$": "s",
};

/** Bits one pattern character is worth: close to nothing, since guessers try patterns first. */
const PATTERN_BITS = 1;

export function estimateStrength(passphrase: string): Strength {
  if (passphrase === "") return { level: "empty", bits: 0, reasons: [] };
  const chars = [...passphrase];
  const classes = characterClasses(passphrase);
  const perChar = Math.log2(classes.reduce((sum, c) => sum + c.size, 0));
  const weight = chars.map(() => perChar);
  const problems: string[] = [];
  const cheapen = (from: number, to: number, keepFirst: boolean) => {
    for (let i = from + (keepFirst ? 1 : 0); i < to; i++) weight[i] = Math.min(weight[i]!, PATTERN_BITS);
  };

  const lower = chars.map((c) => LEET[c.toLowerCase()] ?? c.toLowerCase()).join("");
  for (const word of COMMON) {
    for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
      cheapen(at, at + word.length, false);
      weight[at] = 8; // one guess among the common passwords
      pushOnce(problems, `Contains the common password "${chars.slice(at, at + word.length).join("")}".`);
    }
  }
  for (const m of passphrase.matchAll(/(.)\1{2,}/gu)) {
    cheapen(indexOfCode(passphrase, m.index), indexOfCode(passphrase, m.index) + [...m[0]].length, true);
    pushOnce(problems, `Repeats "${m[1]}" ${[...m[0]].length} times in a row.`);
  }
  for (const m of passphrase.matchAll(/(.{2,}?)\1+/gu)) {
    const start = indexOfCode(passphrase, m.index);
    cheapen(start + [...m[1]!].length, start + [...m[0]].length, false);
    if (!/^(.)\1+$/u.test(m[0])) pushOnce(problems, `Repeats "${m[1]}".`);
  }
  for (const [start, end] of sequences(lower)) {
    cheapen(start, end, true);
    pushOnce(problems, `Contains the sequence "${chars.slice(start, end).join("")}".`);
  }
  for (const m of passphrase.matchAll(/(?:19|20)\d\d/g)) {
    cheapen(m.index + 1, m.index + 4, false);
    pushOnce(problems, `Contains a year (${m[0]}).`);
  }

  const bits = Math.round(weight.reduce((a, b) => a + b, 0));
  if (chars.length < 12) problems.unshift(`Only ${chars.length} characters: use at least 12, better 16 or more.`);
  if (classes.length === 1) problems.push(`Uses only ${classes[0]!.name}; mix in other kinds of characters.`);

  let level: Strength["level"] = bits < 45 ? "weak" : bits < 72 ? "fair" : "strong";
  if (chars.length < 8) level = "weak";
  else if (chars.length < 12 && level === "strong") level = "fair";
  const reasons = [...problems];
  const names = classes.map((c) => c.name);
  const kinds = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
  reasons.push(`${chars.length} characters using ${kinds}: about ${bits} bits of guessing work.`);
  return { level, bits, reasons };
}

function pushOnce(list: string[], text: string): void {
  if (!list.includes(text)) list.push(text);
}

/** The index in code points of a UTF-16 index. */
function indexOfCode(text: string, utf16Index: number): number {
  return [...text.slice(0, utf16Index)].length;
}

function characterClasses(text: string): { name: string; size: number }[] {
  const classes: { name: string; size: number }[] = [];
  if (/[a-z]/.test(text)) classes.push({ name: "lower-case letters", size: 26 });
  if (/[A-Z]/.test(text)) classes.push({ name: "capital letters", size: 26 });
  if (/[0-9]/.test(text)) classes.push({ name: "digits", size: 10 });
  if (/[ -/:-@[-`{-~]/.test(text)) classes.push({ name: "symbols or spaces", size: 33 });
  if (/[^\x20-\x7e]/.test(text)) classes.push({ name: "other characters", size: 100 });
  return classes;
}

/** [start, end) of runs of 3+ characters that follow a keyboard row or the alphabet/digits, forwards or backwards. */
function sequences(lower: string): [number, number][] {
  const chars = [...lower];
  const found: [number, number][] = [];
  let i = 0;
  while (i < chars.length - 2) {
    let end = i + 1;
    const step = stepOf(chars[i]!, chars[i + 1]!);
    if (step !== 0) {
      while (end < chars.length && stepOf(chars[end - 1]!, chars[end]!) === step) end++;
    }
    if (end - i >= 3) {
      found.push([i, end]);
      i = end;
    } else {
      i++;
    }
  }
  return found;
}

/** +1/-1 when `b` follows/precedes `a` in one of the rows; 0 otherwise. */
function stepOf(a: string, b: string): number {
  for (const row of KEYBOARD_ROWS) {
    const at = row.indexOf(a);
    if (at < 0) continue;
    if (row[at + 1] === b) return 1;
    if (at > 0 && row[at - 1] === b) return -1;
  }
  return 0;
}
