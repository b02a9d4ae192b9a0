import { createHash } from 'node:crypto';
import type { TableJSON } from '@jixiao/table';
import { describe, expect, it } from 'vitest';
import { summarize } from './signoffs.ts';
import {
  canonicalJson,
  contentChanges,
  contentHash,
  parseContent,
  parseTargetKey,
  signedContent,
  targetKey,
} from './signed-content.ts';

const table = (): TableJSON => ({
  header: { projectName: ' 医疗救助项目 ', department: '宁夏回族自治区医疗保障局', annualTotal: '15.12', localFiscal: '15.12', moneyUnit: '万元' },
  goal: '提高医疗保障水平\n',
  indicators: [
    { id: 'a', level1: '产出指标', level2: '数量指标', name: '救助人次', value: '≥1700人次', actual: '', score: '', weight: '', remark: '' },
    { id: 'b', level1: '产出指标', level2: '数量指标', name: '覆盖县区', value: '22个', actual: '', score: '', weight: '', remark: '' },
    { id: 'c', level1: '效益指标', level2: '社会效益指标', name: '群众负担', value: '有所减轻', actual: '', score: '', weight: '', remark: '' },
  ],
});

describe('signed content', () => {
  it('an indicator: every field, trimmed, absent ones as empty', () => {
    const t = table();
    t.indicators[0] = { id: 'a', level1: '产出指标', level2: '数量指标', name: ' 救助人次 ', value: '≥1700人次' };
    expect(signedContent(t, { kind: 'indicator', indicatorId: 'a' })).toEqual({
      level1: '产出指标',
      level2: '数量指标',
      name: '救助人次',
      value: '≥1700人次',
      actual: '',
      score: '',
      weight: '',
      remark: '',
    });
    expect(signedContent(t, { kind: 'indicator', indicatorId: 'gone' })).toBeNull();
  });

  it('sections: basic header fields, money lines with the unit (万元 when missing), the goal', () => {
    const t = table();
    expect(signedContent(t, { kind: 'section', section: 'basic' })).toEqual({
      projectName: '医疗救助项目',
      department: '宁夏回族自治区医疗保障局',
      implementingUnit: '',
      attribute: '',
      period: '',
      fundOffice: '',
      year: '',
    });
    delete t.header.moneyUnit;
    const money = signedContent(t, { kind: 'section', section: 'money' })!;
    expect(money.moneyUnit).toBe('万元');
    expect(money.annualTotal).toBe('15.12');
    expect(money.transferTotal).toBe('');
    expect(Object.keys(money)).toHaveLength(10);
    expect(signedContent(t, { kind: 'section', section: 'goal' })).toEqual({ goal: '提高医疗保障水平' });
  });

  it('canonical JSON has sorted keys whatever the insertion order, and the hash is its sha-256', () => {
    const one = canonicalJson({ b: '2', a: '1', 'indicator:x.name': '名' });
    expect(one).toBe('{"a":"1","b":"2","indicator:x.name":"名"}');
    expect(canonicalJson({ 'indicator:x.name': '名', a: '1', b: '2' })).toBe(one);
    expect(contentHash({ b: '2', a: '1', 'indicator:x.name': '名' })).toBe(createHash('sha256').update(one, 'utf8').digest('hex'));
    expect(contentHash({ a: '1' })).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash({ a: '1' })).not.toBe(contentHash({ a: '2' }));
    expect(parseContent(one)).toEqual({ a: '1', b: '2', 'indicator:x.name': '名' });
    expect(parseContent('not json')).toEqual({});
  });

  it('the hash ignores blanks at the ends and the order of rows; any edit of a field changes it', () => {
    const target = { kind: 'table' } as const;
    const base = contentHash(signedContent(table(), target)!);
    const spaced = table();
    spaced.goal = '  提高医疗保障水平  ';
    spaced.indicators.reverse();
    expect(contentHash(signedContent(spaced, target)!)).toBe(base);
    const edited = table();
    edited.indicators[1]!.value = '23个';
    expect(contentHash(signedContent(edited, target)!)).not.toBe(base);
    // the other indicator's own sign-off is untouched by it
    expect(contentHash(signedContent(edited, { kind: 'indicator', indicatorId: 'a' })!)).toBe(
      contentHash(signedContent(table(), { kind: 'indicator', indicatorId: 'a' })!),
    );
  });

  it('changes list old → new with Chinese labels', () => {
    const before = signedContent(table(), { kind: 'indicator', indicatorId: 'a' })!;
    const t = table();
    t.indicators[0]!.value = '≥1800人次';
    t.indicators[0]!.remark = '新增';
    expect(contentChanges({ kind: 'indicator', indicatorId: 'a' }, before, signedContent(t, { kind: 'indicator', indicatorId: 'a' })!)).toEqual([
      { field: 'remark', label: '备注', before: '', after: '新增' },
      { field: 'value', label: '指标值', before: '≥1700人次', after: '≥1800人次' },
    ]);
    const whole = signedContent(table(), { kind: 'table' })!;
    t.header.annualTotal = '16';
    t.indicators.splice(2, 1);
    expect(contentChanges({ kind: 'table' }, whole, signedContent(t, { kind: 'table' })!)).toEqual([
      { field: 'indicator:a.remark', label: '指标「救助人次」·备注', before: '', after: '新增' },
      { field: 'indicator:a.value', label: '指标「救助人次」·指标值', before: '≥1700人次', after: '≥1800人次' },
      { field: 'indicator:c.level1', label: '指标「群众负担」·一级指标', before: '效益指标', after: '' },
      { field: 'indicator:c.level2', label: '指标「群众负担」·二级指标', before: '社会效益指标', after: '' },
      { field: 'indicator:c.name', label: '指标「群众负担」·三级指标', before: '群众负担', after: '' },
      { field: 'indicator:c.value', label: '指标「群众负担」·指标值', before: '有所减轻', after: '' },
      { field: 'section:money.annualTotal', label: '年度资金总额', before: '15.12', after: '16' },
    ]);
  });

  it('target keys round-trip; unknown ones read as null', () => {
    for (const t of [{ kind: 'indicator', indicatorId: 'i1' }, { kind: 'section', section: 'money' }, { kind: 'table' }] as const) {
      expect(parseTargetKey(targetKey(t))).toEqual(t);
    }
    expect(targetKey({ kind: 'section', section: 'goal' })).toBe('section:goal');
    expect(parseTargetKey('section:other')).toBeNull();
    expect(parseTargetKey('indicator:')).toBeNull();
  });

  it('summary: signed with one fresh sign-off, stale when all are stale, missing otherwise; per 二级', () => {
    const t = table();
    const hashOf = (id: string) => contentHash(signedContent(t, { kind: 'indicator', indicatorId: id })!);
    const summary = summarize(t, [
      { target: 'indicator:a', content_hash: hashOf('a') },
      { target: 'indicator:a', content_hash: 'old' },
      { target: 'indicator:b', content_hash: 'old' },
      { target: 'indicator:gone', content_hash: 'old' },
    ]);
    expect(summary).toEqual({
      table: { signed: 1, stale: 1, missing: 1 },
      byLevel2: [
        { level2: '数量指标', counts: { signed: 1, stale: 1, missing: 0 } },
        { level2: '社会效益指标', counts: { signed: 0, stale: 0, missing: 1 } },
      ],
    });
  });
});
