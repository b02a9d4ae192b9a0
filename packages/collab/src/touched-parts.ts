/**
 * The parts of a table (as named in `part_change`) that one applied transaction touched, read
 * from the transaction's changed types: O(changed types), never a diff of the document.
 *
 *   indicator:<id>   a row of `indicators` (its texts, levels, order), or a row added
 *   section:basic    a header field (HEADER_FIELDS, and any other header key)
 *   section:money    MONEY_FIELDS and the money unit
 *   section:goal     年度总体绩效目标
 *
 * Rows deleted in the transaction are not named (nobody is "last changer" of a gone row).
 */
import { PART } from '@jixiao/core';
import { MONEY_FIELDS } from '@jixiao/table';
import * as Y from 'yjs';

export { PART };

const MONEY_KEYS = new Set<string>([...Object.keys(MONEY_FIELDS), 'moneyUnit']);

/** Nesting below a root that is followed up; the table's own shapes are two levels deep. */
const MAX_DEPTH = 8;

// Yjs' internal shape of a type's place in its parent (public fields, loosely typed in yjs.d.ts)
type Placed = { _item: { parent: unknown; parentSub: string | null; deleted: boolean } | null };

export function touchedParts(doc: Y.Doc, tr: Y.Transaction): string[] {
  const header = doc.share.get('header');
  const goal = doc.share.get('goal');
  const indicators = doc.share.get('indicators');
  const parts = new Set<string>();
  for (const [type, keys] of tr.changed) {
    if (type === header) {
      for (const key of keys) if (key !== null) parts.add(MONEY_KEYS.has(key) ? PART.money : PART.basic);
    } else if (type === goal) {
      parts.add(PART.goal);
    } else if (type === indicators) {
      // rows added or replaced; a key deleted in this transaction names nothing
      for (const key of keys) if (key !== null && isLiveRow(indicators as unknown as Keyed, key)) parts.add(PART.indicator(key));
    } else {
      const part = enclosingPart(type as unknown as Placed, header, goal, indicators);
      if (part) parts.add(part);
    }
  }
  return [...parts];
}

/**
 * A root read before anyone asked for it as a Y.Map is a bare AbstractType (no `get`): its
 * entries are read from the item map both share.
 */
type Keyed = { _map: Map<string, { deleted: boolean; content: unknown }> };

function isLiveRow(map: Keyed, key: string): boolean {
  const item = map._map.get(key);
  return item !== undefined && !item.deleted && item.content instanceof Y.ContentType && item.content.type instanceof Y.Map;
}

/** Walk up from a nested type to the row or section holding it. */
function enclosingPart(type: Placed, header: unknown, goal: unknown, indicators: unknown): string | null {
  let current = type;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const item = current._item;
    if (item === null || item.deleted) return null;
    const parent = item.parent;
    if (parent === indicators) return item.parentSub === null ? null : PART.indicator(item.parentSub);
    if (parent === header) return item.parentSub !== null && MONEY_KEYS.has(item.parentSub) ? PART.money : PART.basic;
    if (parent === goal) return PART.goal;
    if (!(parent instanceof Y.AbstractType)) return null;
    current = parent as unknown as Placed;
  }
  return null;
}
