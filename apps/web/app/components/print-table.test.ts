import { importPublishedText } from '@jixiao/table';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PrintTable } from './PrintTable';

const seed = readFileSync(new URL('../../../../packages/table/fixtures/seeds/000_547459f560d0e71d.txt', import.meta.url), 'utf8');
const table = importPublishedText(seed).tables[0]!.table;

describe('PrintTable', () => {
  const html = renderToStaticMarkup(createElement(PrintTable, { table }));

  it('renders the title, year, unit, header block and goal', () => {
    expect(html).toContain('<h1 class="print-title">项目支出预算绩效目标表</h1>');
    expect(html).toContain('（2026年）');
    expect(html).toContain('单位：万元');
    expect(html).toContain('<th scope="row">项目名称</th><td colSpan="3">自治区医疗保障局专项业务费</td>');
    expect(html).toContain('<th scope="row">项目总额</th><td class="value">284</td>');
    expect(html).toContain(table.goal);
  });

  it('merges 一级 and 二级 cells over their rows', () => {
    const outputs = table.indicators.filter((r) => r.level1 === '产出指标').length;
    const quantity = table.indicators.filter((r) => r.level2 === '数量指标').length;
    expect(html).toContain(`<td rowspan="${outputs}" class="level">产出指标</td><td rowspan="${quantity}" class="level">数量指标</td>`);
    // every row is there, each 一级 name once per run
    expect(html.match(/<tr>/g)?.length).toBeGreaterThanOrEqual(table.indicators.length);
    expect(html.split('>产出指标<').length - 1).toBe(1);
    expect(html).toContain('<td>≥1700人次</td>');
  });
});

describe('PrintTable over a table with skipped parts', () => {
  it('says how many parts were skipped and renders only text', () => {
    const loose = {
      ...table,
      header: { ...table.header, projectName: { evil: true } },
      indicators: [...table.indicators, 'not a row', { level1: 7, level2: '数量指标', name: ['x'], value: '1个' }],
      problems: [{ path: 'indicators.evil', message: '应为指标行，实为字符串，已跳过' }],
    } as unknown as typeof table;
    const html = renderToStaticMarkup(createElement(PrintTable, { table: loose }));
    expect(html).toContain('有5处数据格式异常已跳过');
    expect(html).toContain('<th scope="row">项目名称</th><td colSpan="3"></td>');
    expect(html).toContain('<td>1个</td>');
    expect(renderToStaticMarkup(createElement(PrintTable, { table }))).not.toContain('数据格式异常');
  });
});
