/**
 * Cutting a published text into tables. Each table starts at its 项目名称 line; the title,
 * 附件 mark, year and unit lines just above it belong to it (they are where year and unit
 * are published). A table ends where the next one's preamble begins.
 */
export interface Block {
  /** 0-based line indexes: first preamble line, the 项目名称 line, one past the last line. */
  start: number;
  anchor: number;
  end: number;
}

const squash = (s: string): string => s.replace(/[\s\u3000]+/g, '');

export function isAnchor(line: string): boolean {
  return squash(line).startsWith('项目名称');
}

export function isTitle(line: string): boolean {
  const s = squash(line);
  return /绩效(目标)?(表|自评表)\d*$/.test(s) && !s.startsWith('附件：') && !s.startsWith('附件:');
}

/** A '(2026年)' or '（2026 年）' line: the table's year. */
export function yearLine(line: string): string | undefined {
  return /^[(（](\d{4})年度?[)）]$/.exec(squash(line))?.[1];
}

/** A title such as '2021年自治区本级部门项目支出预算绩效目标表' also gives the year. */
export function yearInTitle(line: string): string | undefined {
  return isTitle(line) ? /^(\d{4})年/.exec(squash(line))?.[1] : undefined;
}

function isPreamble(line: string, projectName: string): boolean {
  const s = squash(line);
  if (!s) return true;
  if (isTitle(line) || yearLine(line) || /^附件\d*$/.test(s) || /^单位[:：]/.test(s)) return true;
  // seed 000 repeats the project name on a line of its own above the header
  return projectName !== '' && squash(line.split('\t')[0] ?? '') === projectName;
}

/** The project name on a 项目名称 line, either layout. */
export function anchorName(line: string): string {
  const cells = line.includes('\t') ? line.split('\t') : line.trim().split(/[\s\u3000]+/);
  const rest = cells.map((c) => c.trim()).filter((c) => c && squash(c) !== '项目名称');
  return squash(rest.join(''));
}

export function findBlocks(lines: readonly string[]): Block[] {
  const anchors = lines.flatMap((l, i) => (isAnchor(l) ? [i] : []));
  const starts = anchors.map((a, k) => {
    const floor = k > 0 ? anchors[k - 1]! + 1 : 0;
    const name = anchorName(lines[a]!);
    let s = a;
    while (s > floor && isPreamble(lines[s - 1]!, name)) s--;
    // leading blank lines belong to nobody
    while (s < a && !lines[s]!.trim()) s++;
    return s;
  });
  return anchors.map((anchor, k) => {
    let end = starts[k + 1] ?? lines.length;
    while (end > anchor + 1 && !lines[end - 1]!.trim()) end--;
    return { start: starts[k]!, anchor, end };
  });
}
