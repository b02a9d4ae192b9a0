/**
 * The 绩效指标 section of a 绩效自评表, extracted from PDF with every cell broken over lines.
 *
 * Lines are cut into fragments at spaces (a space always separates two cells). A line break
 * may or may not: a cell wrapped only where its line was full, so a line break continues the
 * cell when the previous line filled the column (or the next line starts with punctuation).
 * 一级/二级 labels are recognised as published, also when broken over lines ('数量指\n标（20\n分）')
 * or split around a row ('可持续 …' / '影响指标 …'). Transfer tables run name → 指标值 → 全年实际
 * 完成值; project tables end every row with 分值 and 得分, then an optional 偏差原因.
 */
import { level1Of, standardLevel1, standardLevel2 } from './levels.ts';
import type { Collector } from './self-eval.ts';
import type { SelfEvalIndicator } from './types.ts';

const squash = (s: string): string => s.replace(/[\s\u3000]+/g, '');

/** Display width: CJK and full-width punctuation 1, ASCII ½. */
export function width(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
  return w;
}

/**
 * Width of what a line break could not split off the start of a line: a run of ASCII (a
 * number such as '63.11%', 'DRG/DIP') with the punctuation after it, or one character.
 */
function firstWordWidth(s: string): number {
  const m = /^[\x21-\x7e]+[，。、；：）」”]?/.exec(s);
  return width(m ? m[0] : ([...s][0] ?? ''));
}

/** A label without its weight '（20分）' and without spaces. */
function bareLabel(s: string): string {
  return squash(s).replace(/[（(]\d*(\.\d+)?分?[）)]?$/, '');
}

function labelOf(s: string): { level: 1 | 2; name: string } | undefined {
  const bare = bareLabel(s);
  if (!bare) return undefined;
  const l1 = standardLevel1(bare);
  if (l1) return { level: 1, name: l1 };
  const l2 = standardLevel2(bare);
  if (l2) return { level: 2, name: l2 };
  return undefined;
}

const ALL_LABELS = [
  '产出指标',
  '效益指标',
  '满意度指标',
  '数量指标',
  '质量指标',
  '时效指标',
  '成本指标',
  '经济效益指标',
  '社会效益指标',
  '生态效益指标',
  '可持续影响指标',
  '服务对象满意度指标',
];
function isLabelPrefix(s: string): boolean {
  const b = bareLabel(s);
  return b.length > 0 && ALL_LABELS.some((l) => l.startsWith(b) && l !== b);
}

/** Column headers and page-break repeats. */
const HEADER_WORDS = new Set([
  '绩效指标',
  '一级',
  '二级',
  '三级',
  '一级指标',
  '二级指标',
  '三级指标',
  '一级指',
  '二级指',
  '标',
  '指标值',
  '年度指标',
  '值',
  '实际完成',
  '全年实际完成值',
  '未完成原因',
  '和改进措施指标',
  '和改进措施',
  '未完成原因和改进措施',
  '分值',
  '得分',
  '偏差原因分析',
  '及改进措施',
]);
const VERTICAL = ['绩', '效', '指', '标'];

/** How 三级 names usually end: a full name line ending so is not necessarily wrapped. */
const NAME_END = /(情况|率|度|能力|水平|数量|时间|比例|规模|人数)$/;
const VALUE_LIKE = /^(≥|≤|>|<|＞|＜|=|不少于|不低于|不高于|不超过|大于|小于|\d)/;
const OPENS_CONTINUATION = /^[，。、；：）)」”%％（(]/;
const FOOTNOTE = /^(说明|注[:：]|\d+[.．、]\S*(资金|执行数)|总分)/;

interface Frag {
  text: string;
  line: number;
  /** first fragment on its line */
  first: boolean;
  /** number of fragments on its line */
  count: number;
}

interface Section {
  frags: Frag[];
  /** fragments that are labels: index in frags before which the level changes */
  levels: Array<{ at: number; level: 1 | 2; name: string; line: number }>;
  total?: { weight: string; score: string };
}

/** Cut the section into fragments, taking out headers, labels, footnotes. */
function fragments(lines: readonly string[], from: number, to: number, c: Collector): Section {
  const out: Section = { frags: [], levels: [] };
  type Piece = { text: string; line: number; first: boolean; count: number };
  const pieces: Piece[] = [];
  for (let i = from; i < to; i++) {
    const t = lines[i]!.trim();
    if (!t) continue;
    const s = squash(t);
    if (s.startsWith('总') && /^总[\s\u3000]*分/.test(t)) {
      const nums = t.split(/[\s\u3000]+/).filter((x) => /^[\d.]+$/.test(x));
      if (nums.length === 2) out.total = { weight: nums[0]!, score: nums[1]! };
      else c.doubt(i, '总分行无法识别');
      continue;
    }
    if (FOOTNOTE.test(s)) {
      // notes at the foot of the table: not data
      while (i + 1 < to && lines[i + 1]!.trim() && !labelOf(lines[i + 1]!)) i++;
      continue;
    }
    const parts = t.split(/[\s\u3000]+/).filter((x) => x);
    parts.forEach((p, k) => {
      pieces.push({ text: p, line: i, first: k === 0, count: parts.length });
    });
  }
  // vertical 绩/效/指/标 and column headers go; labels become level changes
  let k = 0;
  const n = pieces.length;
  let skippedOn = -1;
  while (k < n) {
    const p = pieces[k]!;
    if (p.text === VERTICAL[0] && VERTICAL.every((v, d) => pieces[k + d]?.text === v)) {
      k += VERTICAL.length;
      continue;
    }
    if (p.count === 1 || p.first || skippedOn === p.line) {
      // a label, maybe broken over single-fragment lines: 产/出/指/标/（60分/）
      let s = '';
      let found: { level: 1 | 2; name: string; end: number } | undefined;
      for (let j = k; j < n && j < k + 8; j++) {
        const q = pieces[j]!;
        if (j > k && !(q.count === 1 || q.first)) break;
        s += q.text;
        const l = labelOf(s);
        if (l) found = { ...l, end: j + 1 };
        else if (!isLabelPrefix(s)) break;
        if (j > k && q.count > 1) break;
      }
      if (found) {
        out.levels.push({ at: out.frags.length, level: found.level, name: found.name, line: p.line });
        k = found.end;
        continue;
      }
    }
    if (HEADER_WORDS.has(squash(p.text))) {
      skippedOn = p.line;
      k++;
      continue;
    }
    out.frags.push({ text: p.text, line: p.line, first: p.first || skippedOn === p.line, count: p.count });
    k++;
  }
  return out;
}

export function parseSelfEvalIndicators(
  lines: readonly string[],
  from: number,
  to: number,
  kind: 'transfer' | 'project',
  c: Collector,
): { indicators: SelfEvalIndicator[]; total?: { weight: string; score: string } } {
  const section = fragments(lines, from, to, c);
  const indicators = kind === 'project' ? projectRows(section, c) : transferRows(section, c);
  if (!indicators.length) c.doubt(from, '未找到绩效指标');
  const missingL1 = indicators.filter((r) => !r.level1);
  for (const r of missingL1) r.level1 = level1Of(r.level2) ?? '';
  if (missingL1.length) c.doubt(from, '表中未列一级指标，按二级指标推断');
  for (const r of indicators) {
    if (!r.level2) c.doubt(from, `指标「${r.name}」没有二级指标`);
  }
  return { indicators, ...(section.total ? { total: section.total } : {}) };
}

type Col = 'name' | 'value' | 'actual';

interface Levels {
  level1: string;
  level2: string;
  /** a 二级 label printed in pieces around its rows ('服务对象' … '指标'): rows since it began */
  pending?: { prefix: string; from: number };
}

/** Apply label changes due before fragment `at`. */
function applyLevels(section: Section, at: number, cursor: { k: number }, lv: Levels): void {
  while (cursor.k < section.levels.length && section.levels[cursor.k]!.at <= at) {
    const l = section.levels[cursor.k++]!;
    if (l.level === 1) {
      lv.level1 = l.name;
      lv.level2 = '';
    } else lv.level2 = l.name;
  }
}

function transferRows(section: Section, c: Collector): SelfEvalIndicator[] {
  const { frags } = section;
  const rows: SelfEvalIndicator[] = [];
  const W = Math.max(0, ...frags.filter((f) => f.count === 1).map((f) => width(f.text)));
  const lv: Levels = { level1: '', level2: '' };
  const cursor = { k: 0 };
  let row: SelfEvalIndicator | undefined;
  let col: Col = 'name';
  let last: Frag | undefined;
  let valueWide = false;
  const newRow = () => {
    row = { level1: lv.level1, level2: lv.level2, name: '', value: '', actual: '', remark: '' };
    rows.push(row);
    col = 'name';
    valueWide = false;
  };
  /** Three or more narrow single lines in a row from `i`: a narrow 指标值 column, not a name. */
  const narrowRun = (i: number): boolean => {
    let n = 0;
    for (let j = i; j < frags.length && frags[j]!.count === 1; j++) {
      const w = width(frags[j]!.text);
      if (w <= 2.5 || w > 6.5) break;
      n++;
    }
    return n >= 3;
  };
  const wraps = (prev: Frag, next: Frag, i: number): boolean => {
    if (OPENS_CONTINUATION.test(next.text)) return true;
    const first = firstWordWidth(next.text);
    if (col === 'value') {
      if (width(prev.text) >= W - 1.5) valueWide = true;
      if (valueWide) return width(prev.text) + first > W;
      // a narrow 指标值 column: narrow lines continue it
      return width(next.text) <= 6.5;
    }
    if (col === 'name') {
      if (VALUE_LIKE.test(next.text) || (NAME_END.test(prev.text) && narrowRun(i))) return false;
      return width(prev.text) + first > W;
    }
    // a sentence ended and the next line holds several cells: a new row
    if (/[。.]$/.test(prev.text) && next.count > 1) return false;
    // 完成值 columns are set a little narrower than the name column
    return width(prev.text) + first > W - 1;
  };
  for (let i = 0; i < frags.length; i++) {
    const f = frags[i]!;
    const levelsBefore = cursor.k;
    applyLevels(section, i, cursor, lv);
    if (cursor.k !== levelsBefore) {
      // a label between two fragments always closes the cell
      last = undefined;
      if (row && col !== 'actual') c.doubt(f.line, `指标「${row.name}」在标签前不完整`);
      if (row) row = undefined;
    }
    // a line with more cells than name/value/actual starts with a 二级 label as published
    if (f.first && f.count >= 4 && !labelOf(f.text)) {
      if (isLabelPrefix(f.text)) lv.pending = { prefix: f.text, from: rows.length };
      else {
        lv.level2 = f.text;
        c.doubt(f.line, `二级指标「${f.text}」不在标准指标体系中，按原文保留`);
      }
      last = undefined;
      row = undefined;
      continue;
    }
    // completing a pending 二级 label ('可持续' … '影响指标')
    if (lv.pending && f.first) {
      const whole = labelOf(lv.pending.prefix + f.text);
      if (whole) {
        resolvePending(rows, lv, whole.name);
        last = undefined;
        continue;
      }
      // '服务对象' … '100%满意度' … '指标': the middle glued to the last value
      const tail = row?.actual ?? '';
      for (const suffix of ['满意度', '意度', '度']) {
        const w2 = labelOf(lv.pending.prefix + suffix + f.text);
        if (w2 && tail.endsWith(suffix) && f.count === 1) {
          row!.actual = tail.slice(0, -suffix.length);
          c.doubt(f.line, `「${suffix}」是二级指标「${w2.name}」的一部分，已从完成值「${tail}」中去掉`);
          resolvePending(rows, lv, w2.name);
          break;
        }
      }
      if (!lv.pending) continue;
    }
    // a lone '指标' is the foot of a vertical header cell
    if (f.count === 1 && f.text === '指标') {
      last = undefined;
      continue;
    }
    // a lone label prefix line ('服务对象'): wait for the rest
    if (f.count === 1 && isLabelPrefix(f.text) && (!row || col === 'actual')) {
      lv.pending = { prefix: f.text, from: rows.length };
      last = undefined;
      continue;
    }
    // an unknown 一级 ('项目完成') right before a standard 二级 label
    if (
      f.count === 1 &&
      (!row || col === 'actual') &&
      !(last && wraps(last, f, i)) &&
      !/[，。、；：]/.test(f.text) &&
      section.levels[cursor.k]?.at === i + 1 &&
      section.levels[cursor.k]!.level === 2
    ) {
      lv.level1 = f.text;
      c.doubt(f.line, `一级指标「${f.text}」不在标准指标体系中，按原文保留`);
      last = undefined;
      continue;
    }
    if (!row) newRow();
    else if (f.first && last && wraps(last, f, i)) {
      // continues the current cell
    } else if (col === 'name' && row.name) col = 'value';
    else if (col === 'value' && row.value) col = 'actual';
    else if (col === 'actual' && row.actual) newRow();
    if (row && f.first && !last && col !== 'name') newRow();
    const r = row!;
    r[col] += f.text;
    last = f;
  }
  for (const r of rows) {
    if (!r.value || !r.actual) c.doubt(0, `指标「${r.name}」缺少指标值或全年实际完成值`);
  }
  return rows;
}

function resolvePending(rows: SelfEvalIndicator[], lv: Levels, name: string): void {
  const from = lv.pending!.from;
  lv.level2 = name;
  lv.pending = undefined;
  for (let k = from; k < rows.length; k++) rows[k]!.level2 = name;
}

const NUMBER = /^\d+(\.\d+)?$/;

/**
 * Project tables: every row ends with 分值 and 得分 (two numbers); before them the name and
 * the 指标值/完成值 cells, after them an optional 偏差原因 running on until the next row.
 */
function projectRows(section: Section, c: Collector): SelfEvalIndicator[] {
  const { frags } = section;
  const rows: SelfEvalIndicator[] = [];
  const lv: Levels = { level1: '', level2: '' };
  const cursor = { k: 0 };
  let pending: Frag[] = [];
  let remarkOf: SelfEvalIndicator | undefined;
  for (let i = 0; i < frags.length; i++) {
    const before = cursor.k;
    applyLevels(section, i, cursor, lv);
    if (cursor.k !== before) remarkOf = undefined;
    const f = frags[i]!;
    if (remarkOf && f.first && !/^指标\d+[:：]/.test(f.text)) {
      remarkOf.remark += f.text;
      continue;
    }
    remarkOf = undefined;
    const g = frags[i + 1];
    if (NUMBER.test(f.text) && g && NUMBER.test(g.text) && g.line === f.line && pending.length) {
      const row = cells(pending, c);
      const out: SelfEvalIndicator = {
        level1: lv.level1,
        level2: lv.level2,
        ...row,
        weight: f.text,
        score: g.text,
        remark: '',
      };
      rows.push(out);
      pending = [];
      i++;
      // the remark: the rest of this line, then lines up to the next row
      remarkOf = out;
      while (frags[i + 1] && frags[i + 1]!.line === f.line) out.remark += frags[++i]!.text;
      continue;
    }
    pending.push(f);
  }
  if (pending.length) c.doubt(pending[0]!.line, '表末有未识别为指标的文字，未导入');
  return rows;
}

/** Name, 指标值 and 完成值 of a project row's fragments. */
function cells(frags: Frag[], c: Collector): { name: string; value: string; actual: string } {
  // the name: its first line, then further lines as long as they are wide
  let k = 1;
  while (k < frags.length && frags[k]!.first && width(frags[k]!.text) > 6.5) k++;
  const name = frags.slice(0, k).map((f) => f.text).join('');
  const rest = frags.slice(k);
  if (rest.length === 2) return { name, value: rest[0]!.text, actual: rest[1]!.text };
  // a value on the name's line is a cell of its own; the completion value is what follows
  if (rest.length > 0 && !rest[0]!.first) {
    return { name, value: rest[0]!.text, actual: rest.slice(1).map((f) => f.text).join('') };
  }
  // value and completion value both broken over lines: half each
  if (rest.length % 2 === 0 && rest.length > 0) {
    const h = rest.length / 2;
    return {
      name,
      value: rest.slice(0, h).map((f) => f.text).join(''),
      actual: rest.slice(h).map((f) => f.text).join(''),
    };
  }
  c.doubt(frags[0]!.line, `指标「${name}」的指标值与实际完成值无法区分，请核对`);
  return { name, value: rest.map((f) => f.text).join(''), actual: '' };
}
