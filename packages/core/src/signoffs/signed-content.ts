/**
 * What a sign-off signs: the canonical content of its target, computed by the server from its
 * own copy of the table (never from the client), and its sha-256.
 *
 * Content is a flat map field → text, every string trimmed (leading and trailing blanks are not
 * content), absent fields as ''. The canonical JSON writes the keys in code-unit order, so the
 * same content always gives the same bytes and the same hash, whatever order the document
 * holds them in. Targets, named as in `part_change`:
 *
 *   indicator:<id>   一级, 二级, 三级 name, 指标值 and the self-evaluation columns of the row
 *   section:basic    the header fields (HEADER_FIELDS)
 *   section:money    the money lines (MONEY_FIELDS) and the money unit
 *   section:goal     年度总体绩效目标
 *   table            all of the above, each key prefixed with its part (`indicator:<id>.name`);
 *                    the indicators' order within a group is layout, not content
 */
import { createHash } from 'node:crypto';
import { GOAL_LABEL, HEADER_FIELDS, HEADER_LABELS, INDICATOR_FIELD_LABELS, INDICATOR_TEXT_FIELDS, MONEY_FIELDS, type TableJSON } from '@jixiao/table';

export type SignoffSection = 'basic' | 'money' | 'goal';
export const SIGNOFF_SECTIONS: readonly SignoffSection[] = ['basic', 'money', 'goal'];

export type SignoffTarget =
  | { kind: 'indicator'; indicatorId: string }
  | { kind: 'section'; section: SignoffSection }
  | { kind: 'table' };

/** Field → trimmed text. */
export type SignedContent = Record<string, string>;

export interface ContentChange {
  /** the field's key in the signed content (`value`, `annualTotal`, `indicator:<id>.name` …) */
  field: string;
  /** in Chinese, for the UI */
  label: string;
  before: string;
  after: string;
}

const INDICATOR_FIELDS = ['level1', 'level2', ...INDICATOR_TEXT_FIELDS] as const;

/** The part name of a target as stored in `signoff.target` and `part_change.part`. */
export function targetKey(target: SignoffTarget): string {
  if (target.kind === 'indicator') return `indicator:${target.indicatorId}`;
  if (target.kind === 'section') return `section:${target.section}`;
  return 'table';
}

/** The stored part name back as a target; null for a name this version does not know. */
export function parseTargetKey(key: string): SignoffTarget | null {
  if (key === 'table') return { kind: 'table' };
  if (key.startsWith('indicator:') && key.length > 'indicator:'.length) return { kind: 'indicator', indicatorId: key.slice('indicator:'.length) };
  const section = key.startsWith('section:') ? key.slice('section:'.length) : '';
  return (SIGNOFF_SECTIONS as readonly string[]).includes(section) ? { kind: 'section', section: section as SignoffSection } : null;
}

const clean = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

type Indicator = TableJSON['indicators'][number];

function indicatorContent(row: Indicator): SignedContent {
  const out: SignedContent = {};
  for (const f of INDICATOR_FIELDS) out[f] = clean((row as Partial<Record<string, unknown>>)[f]);
  return out;
}

function sectionContent(table: TableJSON, section: SignoffSection): SignedContent {
  const out: SignedContent = {};
  if (section === 'goal') {
    out.goal = clean(table.goal);
  } else if (section === 'basic') {
    for (const f of Object.keys(HEADER_FIELDS)) out[f] = clean(table.header[f as keyof typeof HEADER_FIELDS]);
  } else {
    for (const f of Object.keys(MONEY_FIELDS)) out[f] = clean(table.header[f as keyof typeof MONEY_FIELDS]);
    // the document's reader falls back to 万元 when the unit is missing; so does the signed content
    out.moneyUnit = clean(table.header.moneyUnit) || '万元';
  }
  return out;
}

/** The current content of a target, or null when the table no longer has it (a deleted indicator). */
export function signedContent(table: TableJSON, target: SignoffTarget): SignedContent | null {
  if (target.kind === 'indicator') {
    const row = table.indicators.find((i) => i.id === target.indicatorId);
    return row ? indicatorContent(row) : null;
  }
  if (target.kind === 'section') return sectionContent(table, target.section);
  const out: SignedContent = {};
  for (const section of SIGNOFF_SECTIONS) {
    for (const [k, v] of Object.entries(sectionContent(table, section))) out[`section:${section}.${k}`] = v;
  }
  for (const row of table.indicators) {
    if (!row.id) continue;
    for (const [k, v] of Object.entries(indicatorContent(row))) out[`indicator:${row.id}.${k}`] = v;
  }
  return out;
}

/** Canonical JSON: one object, keys in code-unit order, values as JSON strings. */
export function canonicalJson(content: SignedContent): string {
  const keys = Object.keys(content).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(content[k] ?? '')}`).join(',')}}`;
}

/** sha-256 of the canonical JSON (UTF-8), lowercase hex. */
export function contentHash(content: SignedContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** Stored canonical JSON back as content; unreadable JSON reads as empty. */
export function parseContent(json: string): SignedContent {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  } catch {
    return {};
  }
}

/**
 * What changed between the signed content and the current one, field by field in key order
 * (a field absent on one side reads as ''). Labels name the field in Chinese; within the whole
 * table an indicator's fields are named with its current (or, when deleted, its signed) name.
 */
export function contentChanges(target: SignoffTarget, before: SignedContent, after: SignedContent): ContentChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const changes: ContentChange[] = [];
  for (const field of keys) {
    const b = before[field] ?? '';
    const a = after[field] ?? '';
    if (a === b) continue;
    changes.push({ field, label: fieldLabel(target, field, before, after), before: b, after: a });
  }
  return changes;
}

function fieldLabel(target: SignoffTarget, field: string, before: SignedContent, after: SignedContent): string {
  if (target.kind === 'indicator') return (INDICATOR_FIELD_LABELS as Record<string, string>)[field] ?? field;
  if (target.kind === 'section') return sectionLabel(target.section, field);
  const dot = field.lastIndexOf('.');
  const part = dot < 0 ? field : field.slice(0, dot);
  const name = dot < 0 ? '' : field.slice(dot + 1);
  const parsed = parseTargetKey(part);
  if (parsed?.kind === 'section') return sectionLabel(parsed.section, name);
  if (parsed?.kind === 'indicator') {
    const title = after[`${part}.name`] || before[`${part}.name`] || '';
    const group = after[`${part}.level2`] || before[`${part}.level2`] || '';
    const prefix = title ? `指标「${title}」` : group ? `${group}的未命名指标` : '未命名指标';
    return `${prefix}·${(INDICATOR_FIELD_LABELS as Record<string, string>)[name] ?? name}`;
  }
  return field;
}

function sectionLabel(section: SignoffSection, field: string): string {
  if (section === 'goal') return GOAL_LABEL;
  if (section === 'basic') return (HEADER_FIELDS as Record<string, string>)[field] ?? field;
  return (HEADER_LABELS as Record<string, string>)[field] ?? field;
}
