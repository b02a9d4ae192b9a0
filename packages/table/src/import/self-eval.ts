/**
 * Importing 绩效自评表 (seed 002) from published text: 转移支付区域（项目）绩效目标自评表 and
 * 项目支出绩效自评表. The text is extracted from PDF, one table cell broken over many lines, so
 * each section is cut at its labels and put back together; whatever had to be guessed is
 * flagged as a doubt. Values are kept as published.
 */
import { parseSelfEvalIndicators } from './self-eval-indicators.ts';
import type {
  Doubt,
  ImportedSelfEvaluation,
  SelfEvalFundingLine,
  SelfEvalHeaderField,
  SelfEvalManagementRow,
} from './types.ts';

const squash = (s: string): string => s.replace(/[\s\u3000]+/g, '');

/** A title line of a self-evaluation table. */
export function isSelfEvalTitle(line: string): boolean {
  return /自评表$/.test(squash(line));
}

/** The first line (0-based) in [from, to) where the text, joined over broken lines, starts with `label`. */
function findLabel(lines: readonly string[], label: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (!squash(lines[i]!)) continue;
    let s = '';
    for (let j = i; j < to && s.length < label.length; j++) s += squash(lines[j]!);
    if (s.startsWith(label)) return i;
  }
  return -1;
}

export class Collector {
  readonly doubts: Doubt[] = [];
  readonly lines: readonly string[];
  constructor(lines: readonly string[]) {
    this.lines = lines;
  }
  doubt(index: number, message: string): void {
    this.doubts.push({ line: index + 1, message, text: this.lines[index] ?? '' });
  }
}

/** Import the self-evaluation table spanning lines [start, end) (0-based; start = title line). */
export function importSelfEvaluation(lines: readonly string[], start: number, end: number): ImportedSelfEvaluation {
  const c = new Collector(lines);
  const title = squash(lines[start]!);
  const kind = /转移支付/.test(title) ? 'transfer' : 'project';
  const header: Partial<Record<SelfEvalHeaderField, string>> = {};
  const at = (label: string, from = start) => findLabel(lines, label, from, end);

  const fundingAt = kind === 'transfer' ? at('资金投入情') : at('项目资金');
  const managementAt = kind === 'transfer' ? at('资金管理情况', Math.max(fundingAt, start)) : -1;
  const goalAt = kind === 'transfer' ? at('总体目标完', Math.max(managementAt, start)) : at('年度总体目标', Math.max(fundingAt, start));
  const indicatorsAt = at('绩效指标', Math.max(goalAt, start));
  for (const [name, i] of [
    ['资金投入情况', fundingAt],
    ['总体目标', goalAt],
    ['绩效指标', indicatorsAt],
    ...(kind === 'transfer' ? [['资金管理情况', managementAt] as const] : []),
  ] as const) {
    if (i < 0) c.doubt(start, `未找到「${name}」部分`);
  }

  const headerEnd = firstFound(fundingAt, managementAt, goalAt, indicatorsAt, end);
  readHeader(c, kind, start + 1, headerEnd, header);
  const unitText = lines.slice(Math.max(fundingAt, 0), Math.max(fundingAt, 0) + 4).map(squash).join('');
  const moneyUnit = /[（(]元[）)]/.test(unitText) ? '元' : '万元';
  const funding =
    fundingAt >= 0 ? readFunding(c, kind, fundingAt, firstFound(managementAt, goalAt, indicatorsAt, end)) : [];
  const management = managementAt >= 0 ? readManagement(c, managementAt, firstFound(goalAt, indicatorsAt, end)) : [];
  const goals = goalAt >= 0 ? readGoals(c, goalAt, firstFound(indicatorsAt, end)) : { goal: '', actual: '' };
  const ind = indicatorsAt >= 0 ? parseSelfEvalIndicators(lines, indicatorsAt, end, kind, c) : { indicators: [] };
  c.doubts.sort((a, b) => a.line - b.line);
  return {
    kind,
    title,
    header,
    moneyUnit,
    funding,
    management,
    goal: goals.goal,
    goalActual: goals.actual,
    indicators: ind.indicators,
    ...(ind.total ? { total: ind.total } : {}),
    doubts: c.doubts,
    source: { startLine: start + 1, endLine: end },
  };
}

function firstFound(...xs: number[]): number {
  return xs.find((x) => x >= 0) ?? xs[xs.length - 1]!;
}

const TRANSFER_LABELS: Array<[string, SelfEvalHeaderField]> = [
  ['转移支付（项目）名称', 'projectName'],
  ['中央主管部门', 'centralDepartment'],
  ['地方主管部门', 'localDepartment'],
  ['资金使用单位', 'fundUser'],
];
const PROJECT_LABELS: Array<[string, SelfEvalHeaderField]> = [
  ['项目名称', 'projectName'],
  ['主管部门', 'department'],
  ['实施单位', 'implementingUnit'],
];

function readHeader(
  c: Collector,
  kind: 'transfer' | 'project',
  from: number,
  to: number,
  header: Partial<Record<SelfEvalHeaderField, string>>,
): void {
  let text = '';
  for (let i = from; i < to; i++) {
    const s = squash(c.lines[i]!);
    const year = /^[（(](\d{4})年度?[)）]$/.exec(s);
    if (year) header.year = year[1]!;
    else text += s;
  }
  const labels = kind === 'transfer' ? TRANSFER_LABELS : PROJECT_LABELS;
  const found = labels
    .map(([label, field]) => ({ field, label, index: text.indexOf(label) }))
    .filter((f) => f.index >= 0)
    .sort((a, b) => a.index - b.index);
  for (const [label] of labels) {
    if (!text.includes(label)) c.doubt(from, `未找到表头「${label}」`);
  }
  found.forEach((f, k) => {
    const next = found[k + 1]?.index ?? text.length;
    header[f.field] = text.slice(f.index + f.label.length, next);
  });
  const before = found[0] ? text.slice(0, found[0].index) : text;
  if (before) c.doubt(from, `表头前有无法识别的内容「${before}」，未导入`);
}

const NUMERIC = /^(-?[\d,]+(\.\d+)?%?|—|-|－)$/;
const FUNDING_LINES: Record<'transfer' | 'project', RegExp[]> = {
  transfer: [/年度资金总额[:：]?/, /中央财政资金/, /地方资金/, /其他资金/],
  project: [/年度资金总额[:：]?/, /当年财政拨款/, /上年结转资金/, /其他资金/],
};
const COLUMNS: Record<'transfer' | 'project', Array<keyof Omit<SelfEvalFundingLine, 'label'>>> = {
  transfer: ['budget', 'executed', 'rate'],
  project: ['initialBudget', 'budget', 'executed', 'weight', 'rate', 'score'],
};
const COLUMN_LABELS: Record<string, string> = {
  initialBudget: '年初预算数',
  budget: '全年预算数',
  executed: '全年执行数',
  weight: '分值',
  rate: '执行率',
  score: '得分',
};

/**
 * Funding lines: numbers are cells; the words between them, joined across broken lines, hold
 * the line labels. Text glued to a number ('8603.01（上年结转资金）') stays one cell.
 */
function readFunding(c: Collector, kind: 'transfer' | 'project', from: number, to: number): SelfEvalFundingLine[] {
  type Tok = { text: string; line: number; numeric: boolean };
  const toks: Tok[] = [];
  for (let i = from; i < to; i++) {
    for (const t of c.lines[i]!.trim().split(/[\s\u3000]+/)) {
      if (!t) continue;
      const numeric = NUMERIC.test(t) || /^[\d.]+[（(]/.test(t);
      const prev = toks[toks.length - 1];
      // words run on across broken lines; a cell glued to a note ('8603.01（上') runs on too
      const note = prev?.numeric && /^[（(]/.test(t);
      if (prev && !numeric && (!prev.numeric || note || /[（(][^）)]*$/.test(prev.text))) prev.text += t;
      else toks.push({ text: t, line: i, numeric });
    }
  }
  const out: SelfEvalFundingLine[] = [];
  let cur: { line: SelfEvalFundingLine; cells: string[]; at: number } | undefined;
  const flush = () => {
    if (!cur) return;
    const cols = COLUMNS[kind];
    cur.cells.forEach((cell, k) => {
      const col = cols[k];
      if (col) cur!.line[col] = cell;
    });
    if (cur.cells.length > cols.length) c.doubt(cur.at, `「${cur.line.label}」一行的数多于列数，多出的未导入`);
    else if (cur.cells.length > 0 && cur.cells.length < cols.length) {
      const names = cols.slice(0, cur.cells.length).map((k) => COLUMN_LABELS[k]).join('、');
      c.doubt(cur.at, `「${cur.line.label}」一行只公布了 ${cur.cells.length} 个数，按顺序记为${names}，请核对`);
    }
    out.push(cur.line);
    cur = undefined;
  };
  for (const t of toks) {
    if (t.numeric) {
      if (cur) cur.cells.push(t.text);
      else c.doubt(t.line, `资金数「${t.text}」不属于任何资金行，未导入`);
      continue;
    }
    // a word run may close one line's label and hold the next ones ('…年度资金总额：')
    let rest = t.text;
    while (rest) {
      const hits = FUNDING_LINES[kind]
        .map((re) => ({ re, m: re.exec(rest) }))
        .filter((h) => h.m)
        .sort((a, b) => a.m!.index - b.m!.index);
      const hit = hits[0];
      if (!hit) {
        if (cur && /^[\d.]/.test(rest)) cur.cells.push(rest);
        break;
      }
      const before = rest.slice(0, hit.m!.index);
      if (cur && /^[\d.]/.test(before)) cur.cells.push(before);
      flush();
      cur = { line: { label: hit.m![0].replace(/[:：]$/, '') }, cells: [], at: t.line };
      rest = rest.slice(hit.m!.index + hit.m![0].length);
    }
  }
  flush();
  if (!out.length) c.doubt(from, '未找到资金行（年度资金总额等）');
  return out;
}

const MANAGEMENT_ITEMS = [
  '分配科学性',
  '下达及时性',
  '拨付合规性',
  '使用规范性',
  '执行准确性',
  '预算绩效管理情况',
  '支出责任履行情况',
];
/** Column headers and page-break repeats inside the 资金管理情况 section. */
const MANAGEMENT_NOISE = ['资金管理情况', '情况说明存在问题和改进措施', '情况说明', '存在问题和改进措施'];

/** Which known word the lines from i on spell (up to 4 broken lines), and how many lines it took. */
function spell(lines: readonly string[], i: number, to: number, words: readonly string[]): { word: string; next: number } | undefined {
  let s = '';
  for (let j = i; j < to && j < i + 8; j++) {
    const q = squash(lines[j]!);
    if (!q) continue;
    s += q;
    const exact = words.find((w) => w === s);
    if (exact) return { word: exact, next: j + 1 };
    if (!words.some((w) => w.startsWith(s))) return undefined;
  }
  return undefined;
}

function readManagement(c: Collector, from: number, to: number): SelfEvalManagementRow[] {
  const rows: SelfEvalManagementRow[] = [];
  let cur: SelfEvalManagementRow | undefined;
  for (let i = from; i < to; ) {
    const line = c.lines[i]!.trim();
    if (!line) {
      i++;
      continue;
    }
    const item = spell(c.lines, i, to, MANAGEMENT_ITEMS);
    if (item) {
      cur = { item: item.word, description: '', problems: '' };
      rows.push(cur);
      i = item.next;
      continue;
    }
    const noise = spell(c.lines, i, to, MANAGEMENT_NOISE);
    if (noise) {
      i = noise.next;
      continue;
    }
    if (cur) cur.description += line;
    else c.doubt(i, '资金管理情况中有不属于任何项目的文字，未导入');
    i++;
  }
  const missing = MANAGEMENT_ITEMS.filter((w) => !rows.some((r) => r.item === w));
  if (missing.length) c.doubt(from, `资金管理情况缺少：${missing.join('、')}`);
  return rows;
}

/**
 * 总体目标 and 全年实际完成情况 are two columns extracted one after the other. The second begins
 * at a line starting with a year ('2023年…') right after a line ending a sentence; a single line
 * holding both is split at '。 '.
 */
function readGoals(c: Collector, from: number, to: number): { goal: string; actual: string } {
  const body: Array<{ i: number; text: string }> = [];
  let started = false;
  for (let i = from; i < to; i++) {
    const text = c.lines[i]!.trim();
    if (!text) continue;
    const s = squash(text);
    if (!started) {
      if (/^(总体目标全年实际完成情况|预期目标实际完成情况)$/.test(s)) started = true;
      continue;
    }
    // vertical 年度/总体/目标 label of project tables
    if (/^(年度|总体|目标)$/.test(s)) continue;
    body.push({ i, text });
  }
  if (!started) {
    c.doubt(from, '未找到「总体目标 全年实际完成情况」表头，总体目标未导入');
    return { goal: '', actual: '' };
  }
  if (body.length === 1) {
    const parts = body[0]!.text.split(/(?<=[。；;.])\s+/);
    if (parts.length === 2) return { goal: parts[0]!, actual: parts[1]! };
    c.doubt(body[0]!.i, '无法区分总体目标与全年实际完成情况，全部记为总体目标');
    return { goal: body[0]!.text, actual: '' };
  }
  const k = body.findIndex((b, n) => n > 0 && /^\d{4}年/.test(b.text) && /[。.]$/.test(body[n - 1]!.text));
  if (k < 0) {
    c.doubt(body[0]?.i ?? from, '无法区分总体目标与全年实际完成情况，全部记为总体目标');
    return { goal: body.map((b) => b.text).join(''), actual: '' };
  }
  return {
    goal: body.slice(0, k).map((b) => b.text).join(''),
    actual: body.slice(k).map((b) => b.text).join(''),
  };
}
