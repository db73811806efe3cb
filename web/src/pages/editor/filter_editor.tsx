/**
 * The ordered filter rules: each is Include or Exclude, a kind (glob, regular expression, filter group, exact path)
 * and a value; rules move up and down and can be removed. Problems (an empty pattern, a regular expression that
 * does not compile, an unknown group) show under the rule as soon as there is something to check, and after the
 * user tried to go on. The groups and their patterns come from GET /systeminfo/filtergroups.
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { encodeRule, RULE_KINDS, type RuleKind, ruleKind, ruleProblem, ruleValue } from "./filter_rules.ts";
import type { FieldErrors, FilterRule } from "./model.ts";

/** Group name → its patterns on the server's OS. */
export type FilterGroups = Readonly<Record<string, readonly string[]>>;

let groupsCache: Promise<FilterGroups> | undefined;

/** The server's filter groups (loaded once per page). */
export function useFilterGroups(): FilterGroups | undefined {
  const [groups, setGroups] = useState<FilterGroups | undefined>(undefined);
  useEffect(() => {
    groupsCache ??= api.get<{ FilterGroups: FilterGroups }>("/systeminfo/filtergroups").then((r) => r.FilterGroups);
    groupsCache.then(setGroups, () => {
      groupsCache = undefined;
      setGroups({});
    });
  }, []);
  return groups;
}

const PLACEHOLDER: Readonly<Record<RuleKind, string>> = {
  glob: "*.tmp  or  */node_modules/",
  regex: ".*\\.(bak|old)",
  group: "",
  exact: "/home/me/Downloads/",
};

/** The rules editor; `errors` holds "filters.<index>" messages from the step's validation. */
export function FilterEditor(props: {
  rules: readonly FilterRule[];
  errors: FieldErrors;
  groups: FilterGroups | undefined;
  onChange: (rules: FilterRule[]) => void;
}) {
  const { rules } = props;
  // The kind each row was given; kept beside the rules because "/a/b" reads as a glob or an exact path alike.
  const [kinds, setKinds] = useState<(RuleKind | undefined)[]>([]);
  const focusNew = useRef(false);
  const listRef = useRef<HTMLOListElement>(null);
  const kindAt = (i: number): RuleKind => {
    const given = kinds[i];
    const expression = rules[i]?.expression ?? "";
    return given !== undefined && ruleValue(given, expression) !== undefined ? given : ruleKind(expression);
  };

  useEffect(() => {
    if (!focusNew.current) return;
    focusNew.current = false;
    listRef.current?.querySelector<HTMLElement>("li:last-child .filter-value")?.focus();
  }, [rules.length]);

  const change = (next: FilterRule[], nextKinds: (RuleKind | undefined)[]) => {
    setKinds(nextKinds);
    props.onChange(next);
  };
  const currentKinds = (): (RuleKind | undefined)[] => rules.map((_, i) => kindAt(i));
  const setRule = (i: number, patch: { include?: boolean; kind?: RuleKind; value?: string }) => {
    const rule = rules[i]!;
    const kind = patch.kind ?? kindAt(i);
    const value = patch.value ?? ruleValue(kindAt(i), rule.expression) ?? rule.expression;
    const next = [...rules];
    next[i] = { include: patch.include ?? rule.include, expression: encodeRule(kind, value) };
    const nextKinds = currentKinds();
    nextKinds[i] = kind;
    change(next, nextKinds);
  };
  const move = (i: number, by: number) => {
    const next = [...rules], nextKinds = currentKinds();
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    [nextKinds[i], nextKinds[i + by]] = [nextKinds[i + by], nextKinds[i]];
    change(next, nextKinds);
    // Keep the keyboard on the rule that moved.
    const to = i + by + 1;
    requestAnimationFrame(() => {
      const button = (way: string) =>
        listRef.current?.querySelector<HTMLButtonElement>(`[aria-label="Move rule ${to} ${way}"]:not(:disabled)`);
      (button(by < 0 ? "up" : "down") ?? button(by < 0 ? "down" : "up"))?.focus();
    });
  };
  const remove = (i: number) => {
    const nextKinds = currentKinds();
    nextKinds.splice(i, 1);
    change(rules.filter((_, at) => at !== i), nextKinds);
  };
  const addRule = () => {
    focusNew.current = true;
    change([...rules, { include: false, expression: "" }], [...currentKinds(), "glob"]);
  };

  return (
    <div class="filter-editor">
      {rules.length === 0
        ? (
          <p class="muted">
            No rules: everything in the sources is backed up, except what the options below leave out.
          </p>
        )
        : (
          <ol class="filter-rules" ref={listRef}>
            {rules.map((rule, i) => (
              <RuleRow
                key={i}
                index={i}
                count={rules.length}
                rule={rule}
                kind={kindAt(i)}
                groups={props.groups}
                error={rule.expression.trim() !== "" || props.errors[`filters.${i}`] ? ruleProblem(rule, i) : undefined}
                onChange={(patch) => setRule(i, patch)}
                onMove={(by) => move(i, by)}
                onRemove={() => remove(i)}
              />
            ))}
          </ol>
        )}
      <div class="button-row">
        <button type="button" onClick={addRule}>Add rule</button>
      </div>
    </div>
  );
}

function RuleRow(props: {
  index: number;
  count: number;
  rule: FilterRule;
  kind: RuleKind;
  groups: FilterGroups | undefined;
  error: string | undefined;
  onChange: (patch: { include?: boolean; kind?: RuleKind; value?: string }) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const { index, rule, kind } = props;
  const n = index + 1;
  const value = ruleValue(kind, rule.expression) ?? rule.expression;
  const errorId = `filter-rule-${n}-error`;
  const names = Object.keys(props.groups ?? {});
  if (kind === "group" && value !== "" && !names.includes(value)) names.push(value);
  const patterns = kind === "group" ? props.groups?.[value] : undefined;
  return (
    <li class={`filter-rule${props.error ? " filter-rule-invalid" : ""}`}>
      <div class="filter-rule-row">
        <span class="filter-number" aria-hidden="true">{n}</span>
        <select
          aria-label={`Rule ${n}: include or exclude`}
          value={rule.include ? "include" : "exclude"}
          onChange={(e) => props.onChange({ include: e.currentTarget.value === "include" })}
        >
          <option value="exclude">Exclude</option>
          <option value="include">Include</option>
        </select>
        <select
          aria-label={`Rule ${n}: type`}
          value={kind}
          onChange={(e) => props.onChange({ kind: e.currentTarget.value as RuleKind })}
        >
          {RULE_KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
        </select>
        {kind === "group"
          ? (
            <select
              class="filter-value"
              aria-label={`Rule ${n}: filter group`}
              aria-describedby={props.error ? errorId : undefined}
              aria-invalid={props.error ? true : undefined}
              value={value}
              onChange={(e) => props.onChange({ value: e.currentTarget.value })}
            >
              <option value="">Choose a group…</option>
              {names.map((name) => <option key={name} value={name}>{name}</option>)}
            </select>
          )
          : (
            <input
              type="text"
              class="filter-value mono"
              aria-label={`Rule ${n}: pattern`}
              aria-describedby={props.error ? errorId : undefined}
              aria-invalid={props.error ? true : undefined}
              placeholder={PLACEHOLDER[kind]}
              spellcheck={false}
              autocomplete="off"
              value={value}
              onInput={(e) => props.onChange({ value: e.currentTarget.value })}
            />
          )}
        <div class="filter-actions">
          <button
            type="button"
            class="icon-button"
            aria-label={`Move rule ${n} up`}
            disabled={index === 0}
            onClick={() => props.onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            class="icon-button"
            aria-label={`Move rule ${n} down`}
            disabled={index === props.count - 1}
            onClick={() => props.onMove(1)}
          >
            ↓
          </button>
          <button type="button" class="link-button" aria-label={`Remove rule ${n}`} onClick={props.onRemove}>
            Remove
          </button>
        </div>
      </div>
      {props.error ? <div class="field-error" id={errorId} role="alert">{props.error}</div> : null}
      {patterns !== undefined
        ? (
          <div class="hint">
            {patterns.length === 0
              ? "This group has no patterns on this server."
              : `Matches ${patterns.slice(0, 6).join(", ")}${
                patterns.length > 6 ? ` and ${patterns.length - 6} more` : ""
              }.`}
          </div>
        )
        : kind === "regex"
        ? <div class="hint">Written without the [brackets], which are added for you; it must match the whole path.</div>
        : null}
    </li>
  );
}
