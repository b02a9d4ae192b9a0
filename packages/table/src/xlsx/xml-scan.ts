/**
 * A minimal, linear-time XML tag scanner for the few SpreadsheetML parts the importer reads.
 * Every search moves forward, so a hostile part costs time proportional to its length; DTDs
 * (and with them entity expansion) are refused. Names are reported without their namespace
 * prefix (`x:c` → `c`), as some writers prefix every element.
 */
import { notXlsx } from './errors.ts';

export interface XmlHandler {
  open?(name: string, attrs: string, selfClosing: boolean): void;
  close?(name: string): void;
  /** Character data, entities decoded. */
  text?(text: string): void;
}

const localName = (qname: string) => {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
};

const broken = () => notXlsx('工作簿内部的 XML 已损坏');

function must(at: number): number {
  if (at < 0) throw broken();
  return at;
}

export function scanXml(xml: string, h: XmlHandler): void {
  const n = xml.length;
  let i = 0;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i && h.text) h.text(decodeXml(xml.slice(i, textEnd)));
    if (lt < 0) return;
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x3f /* <? */) {
      i = must(xml.indexOf('?>', lt + 2)) + 2;
      continue;
    }
    if (next === 0x21 /* <! */) {
      if (xml.startsWith('<!--', lt)) {
        i = must(xml.indexOf('-->', lt + 4)) + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = must(xml.indexOf(']]>', lt + 9));
        h.text?.(xml.slice(lt + 9, end));
        i = end + 3;
      } else {
        throw notXlsx('工作簿包含不支持的 XML 声明（DTD）');
      }
      continue;
    }
    // the tag ends at the first '>' outside quotes
    let gt = lt + 1;
    let quote = 0;
    for (; gt < n; gt++) {
      const c = xml.charCodeAt(gt);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e) break;
    }
    if (gt >= n) throw broken();
    if (next === 0x2f /* </ */) {
      h.close?.(localName(xml.slice(lt + 2, gt).trim()));
    } else {
      const selfClosing = xml.charCodeAt(gt - 1) === 0x2f;
      const inner = xml.slice(lt + 1, selfClosing ? gt - 1 : gt);
      const space = inner.search(/[\s/]/);
      const name = localName(space < 0 ? inner : inner.slice(0, space));
      const attrs = space < 0 ? '' : inner.slice(space);
      h.open?.(name, attrs, selfClosing);
      if (selfClosing) h.close?.(name);
    }
    i = gt + 1;
  }
}

/** The decoded value of attribute `name` (e.g. `r`, `r:id`) in a tag's attribute text. */
export function attr(attrs: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = attrs.indexOf(`${name}=`, from);
    if (at < 0) return undefined;
    from = at + name.length + 1;
    const before = attrs.charCodeAt(at - 1);
    if (at > 0 && before !== 0x20 && before !== 0x09 && before !== 0x0a && before !== 0x0d) continue;
    const quote = attrs[from];
    if (quote !== '"' && quote !== "'") continue;
    const end = attrs.indexOf(quote, from + 1);
    if (end < 0) return undefined;
    return decodeXml(attrs.slice(from + 1, end));
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
