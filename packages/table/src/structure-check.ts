/**
 * Would an incoming Yjs update break the table schema (see table-doc.ts)? Decided on the decoded
 * update and the document it would be applied to, before it is applied: no probe document, no
 * clone. Each inserted item is placed the way Yjs will place it (explicit parent, else the parent
 * of its origin), and its content must fit that place:
 *
 *   header.<key>               a string
 *   goal                       characters
 *   indicators.<id>            a Y.Map (a row) holding level1, level2 and order
 *   indicators.<id>.level1|2, order             a string
 *   indicators.<id>.name|value|actual|…         a Y.Text holding characters only
 *
 * Places the schema does not know (other roots, unknown row keys) are left alone. An item whose
 * origin the server does not have yet stays pending inside Yjs: it is checked again, merged in,
 * with the update that supplies the origin.
 */
import * as Y from 'yjs';
import { INDICATOR_TEXT_FIELDS } from './table-doc.ts';

/** Item content and deletions as Yjs decodes them (their classes are not exported as types). */
type Content = Y.Item['content'];
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

type Place = 'header' | 'goal' | 'indicators' | 'row' | 'rowText' | 'other';

/** Where an item goes: the kind of its parent, its map key, and the parent's identity. */
interface Where {
  place: Place;
  key: string | null;
  /** the parent's own item (root: its name): tells two parents apart */
  owner: Y.Item | string | null;
}

const ROOT_PLACES: Record<string, Place> = { header: 'header', goal: 'goal', indicators: 'indicators' };
const ROW_KEYS = new Set(['level1', 'level2', 'order']);
const ROW_TEXTS = new Set<string>(INDICATOR_TEXT_FIELDS);
const OTHER: Where = { place: 'other', key: null, owner: null };
/** The origin is neither in the document nor in the update: Yjs keeps the item pending. */
const PENDING: Where = { place: 'other', key: null, owner: null };
/** Known places sit at most this many parents below a root (a row's text: text → row → root). */
const MAX_HOPS = 3;

/** Reasons are sent as websocket close reasons: each stays well under 123 bytes of UTF-8. */
export const STRUCTURE_REASONS = {
  header: '结构错误：项目信息字段只能是文本',
  goal: '结构错误：绩效目标只能包含文字',
  row: '结构错误：指标表中只能放指标行',
  rowKey: '结构错误：一级、二级指标和排序键只能是文本',
  rowText: '结构错误：指标文字字段必须是协作文本',
  text: '结构错误：指标文字只能包含文字',
  rowField: '结构错误：指标行只能按字段存放',
  newRow: '结构错误：新指标行缺少一级、二级指标或排序键',
  removedKey: '结构错误：不能删除指标行的一级、二级指标或排序键',
  unresolvable: '无效的文档更新：引用了尚不存在的内容',
} as const;

/**
 * The reason (Simplified Chinese) why `update` must not be applied to `doc`, or null when it fits
 * the schema. Pure: reads `doc`, changes nothing. Throws only on an update that cannot be decoded.
 */
export function structureViolation(doc: Y.Doc, update: Uint8Array): string | null {
  const { structs, ds } = decodeWithPending(doc, update);
  const index = new UpdateIndex(doc, structs);
  const rowsAdded: Y.Item[] = [];
  /** row keys this update writes and leaves in place, per row (the row's item) */
  const rowKeys = new Map<Y.Item | string, Set<string>>();

  for (const s of structs) {
    if (!(s instanceof Y.Item) || index.inDoc(s)) continue;
    if (refersAhead(s)) return STRUCTURE_REASONS.unresolvable;
    const where = index.where(s);
    const bad = contentViolation(where, s.content);
    if (bad) return bad;
    if (where.place === 'indicators' && s.content instanceof Y.ContentType && !Y.isDeleted(ds, s.id)) rowsAdded.push(s);
    // a key written and deleted again within the update leaves the row without it
    if (where.place === 'row' && where.key !== null && where.owner !== null && !(s.content instanceof Y.ContentDeleted) && !Y.isDeleted(ds, s.id)) {
      const keys = rowKeys.get(where.owner) ?? new Set<string>();
      rowKeys.set(where.owner, keys.add(where.key));
    }
  }
  for (const row of rowsAdded) {
    const keys = rowKeys.get(row);
    for (const k of ROW_KEYS) if (!keys?.has(k)) return STRUCTURE_REASONS.newRow;
  }
  return removedRowKey(doc, ds, index, (row, key) => rowKeys.get(row)?.has(key) ?? false);
}

/**
 * The update's structs and deletions, together with those Yjs keeps pending in `doc` (waiting for
 * an origin): they integrate together with this update, so they are checked with it. Yjs keeps
 * them in the V2 format.
 */
function decodeWithPending(doc: Y.Doc, update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  const pending = [doc.store.pendingStructs?.update, doc.store.pendingDs].filter((u): u is Uint8Array => !!u);
  if (!pending.length) return Y.decodeUpdate(update);
  return Y.decodeUpdateV2(Y.mergeUpdatesV2([...pending, Y.convertUpdateFormatV1ToV2(update)]));
}

/**
 * An item that names a struct of its own client at or after its own clock (origin, right origin or
 * parent). Yjs integrates a client's structs in clock order and waits only for other clients, so
 * it throws on such an item, after integrating the structs before it: half an update would be
 * applied, stored and relayed, whatever the check said of the whole.
 */
function refersAhead(item: Y.Item): boolean {
  const { client, clock } = item.id;
  const parent = item.parent as unknown;
  for (const ref of [item.origin, item.rightOrigin, parent instanceof Y.ID ? parent : null]) {
    if (ref && ref.client === client && ref.clock >= clock) return true;
  }
  return false;
}

/** Why `content` does not fit at `where`, or null. Deleted content fits anywhere. */
function contentViolation(where: Where, content: Content): string | null {
  if (content instanceof Y.ContentDeleted) return null;
  switch (where.place) {
    case 'header':
      return where.key !== null && isOneString(content) ? null : STRUCTURE_REASONS.header;
    case 'goal':
      return where.key === null && content instanceof Y.ContentString ? null : STRUCTURE_REASONS.goal;
    case 'indicators':
      return where.key !== null && isType(content, Y.Map) ? null : STRUCTURE_REASONS.row;
    case 'row':
      if (where.key === null) return STRUCTURE_REASONS.rowField;
      if (ROW_KEYS.has(where.key)) return isOneString(content) ? null : STRUCTURE_REASONS.rowKey;
      if (ROW_TEXTS.has(where.key)) return isType(content, Y.Text) ? null : STRUCTURE_REASONS.rowText;
      return null; // a key the schema does not know: nobody reads it
    case 'rowText':
      return where.key === null && content instanceof Y.ContentString ? null : STRUCTURE_REASONS.text;
    default:
      return null;
  }
}

function isOneString(content: Content): boolean {
  return content instanceof Y.ContentAny && content.arr.length === 1 && typeof content.arr[0] === 'string';
}

/** Exactly that type: Y.XmlText extends Y.Text and Y.XmlHook extends Y.Map, neither belongs here. */
function isType(content: Content, type: typeof Y.Map | typeof Y.Text): boolean {
  return content instanceof Y.ContentType && content.type.constructor === type;
}

/**
 * A deletion of a row's current level1/level2/order without a new value in the same update leaves
 * a row without its group or order. Deleting the whole row (it is in the deletions too) is fine.
 */
function removedRowKey(
  doc: Y.Doc,
  ds: DeleteSet,
  index: UpdateIndex,
  replaced: (owner: Y.Item, key: string) => boolean,
): string | null {
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    const known = Y.getState(doc.store, client);
    for (const { clock, len } of ranges) {
      if (clock >= known) continue;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const item = structs[i]!;
        if (item.id.clock >= clock + len) break;
        if (!(item instanceof Y.Item) || item.deleted || item.parentSub === null || !ROW_KEYS.has(item.parentSub)) continue;
        const where = index.whereInDoc(item, 0);
        const row = where.owner;
        if (where.place !== 'row' || !(row instanceof Y.Item)) continue;
        const map = (row.content as Y.ContentType).type as Y.Map<unknown>;
        if (map._map.get(item.parentSub) !== item) continue; // an older value, already replaced
        if (row.deleted || Y.isDeleted(ds, row.id) || replaced(row, item.parentSub)) continue;
        return STRUCTURE_REASONS.removedKey;
      }
    }
  }
  return null;
}

/** Finds structs by id in the document and in the update, and places update items. */
class UpdateIndex {
  private readonly doc: Y.Doc;
  private readonly byClient = new Map<number, Y.Item[]>();
  /** update item → the item its parent is read from (origin chains followed once) */
  private readonly anchors = new Map<Y.Item, Y.Item | Where>();
  private items = 0;

  constructor(doc: Y.Doc, structs: Array<Y.Item | Y.GC | Y.Skip>) {
    this.doc = doc;
    for (const s of structs) {
      if (!(s instanceof Y.Item)) continue;
      const list = this.byClient.get(s.id.client) ?? [];
      this.byClient.set(s.id.client, list);
      list.push(s); // decoded in clock order per client
      this.items++;
    }
  }

  /** Entirely known to the document already: Yjs skips it. */
  inDoc(item: Y.Item): boolean {
    return item.id.clock + item.length <= Y.getState(this.doc.store, item.id.client);
  }

  /** The struct holding `id`: a document struct, an update item, or undefined when neither has it. */
  private find(id: Y.ID): { doc: Y.Item | Y.GC } | { update: Y.Item } | undefined {
    if (id.clock < Y.getState(this.doc.store, id.client)) {
      const structs = this.doc.store.clients.get(id.client)!;
      return { doc: structs[Y.findIndexSS(structs, id.clock)]! };
    }
    const list = this.byClient.get(id.client);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return { update: s };
    }
    return undefined;
  }

  /** Where an update item goes. */
  where(item: Y.Item, hops = 0): Where {
    const anchor = this.anchor(item);
    if (!(anchor instanceof Y.Item)) return anchor;
    if (anchor.parent instanceof Y.AbstractType) return this.whereInDoc(anchor, hops);
    const parent = anchor.parent as unknown;
    if (typeof parent === 'string') return rootWhere(parent, anchor.parentSub);
    if (!(parent instanceof Y.ID)) return OTHER;
    if (hops >= MAX_HOPS) return OTHER;
    const found = this.find(parent);
    if (!found) return PENDING;
    const typeItem = 'doc' in found ? found.doc : found.update;
    if (!(typeItem instanceof Y.Item)) return OTHER; // collected: Yjs drops the item
    const outer = 'doc' in found ? this.whereInDoc(typeItem, hops + 1) : this.where(typeItem, hops + 1);
    return { place: typePlace(outer, typeItem.content), key: anchor.parentSub, owner: typeItem };
  }

  /** Where an item already in the document sits. */
  whereInDoc(item: Y.Item, hops: number): Where {
    const type = item.parent;
    if (!(type instanceof Y.AbstractType)) return OTHER;
    const typeItem = type._item;
    if (typeItem === null) return rootWhere(Y.findRootTypeKey(type), item.parentSub);
    if (hops >= MAX_HOPS) return OTHER;
    const outer = this.whereInDoc(typeItem, hops + 1);
    return { place: typePlace(outer, typeItem.content), key: item.parentSub, owner: typeItem };
  }

  /**
   * The item whose parent info an update item takes: itself when it names its parent, else the
   * first item along its origin chain that is in the document (its parent is a type then) or
   * names its parent. Iterative and
   * memoised: a long run of typed characters is a long chain.
   */
  private anchor(item: Y.Item): Y.Item | Where {
    const chain: Y.Item[] = [];
    let current = item;
    let result: Y.Item | Where;
    for (;;) {
      const known = this.anchors.get(current);
      if (known) {
        result = known;
        break;
      }
      if (current.parent !== null) {
        result = current;
        break;
      }
      const ref = current.origin ?? current.rightOrigin;
      const found = ref && this.find(ref);
      if (!found) {
        result = PENDING;
        break;
      }
      if ('doc' in found) {
        result = found.doc instanceof Y.Item ? found.doc : OTHER; // a collected origin: Yjs drops the item
        break;
      }
      chain.push(current);
      current = found.update;
      if (chain.length > this.items) return PENDING; // origins in a cycle: Yjs never integrates them
    }
    for (const c of chain) this.anchors.set(c, result);
    this.anchors.set(current, result);
    return result;
  }
}

function rootWhere(name: string, key: string | null): Where {
  return { place: ROOT_PLACES[name] ?? 'other', key, owner: name };
}

/** The place a type becomes, given where its item sits. */
function typePlace(outer: Where, content: Content): Place {
  if (outer.place === 'indicators' && outer.key !== null && isType(content, Y.Map)) return 'row';
  if (outer.place === 'row' && outer.key !== null && ROW_TEXTS.has(outer.key) && isType(content, Y.Text)) return 'rowText';
  return 'other';
}
