import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { importWorkbook } from '@jixiao/table/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../src/app.ts';
import { attachment } from '../src/api.ts';
import { type Seed, type SeededApp, api, connectClient, openSeededApp, originOf, waitFor } from './helpers.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(testDatabases())('xlsx export on $name', (database) => {
  let env: SeededApp;
  let app: RunningApp;
  let data: Seed;
  let cookies: Record<string, string>;

  beforeAll(async () => {
    env = await openSeededApp(database);
    ({ app, data, cookies } = env);
  });

  afterAll(() => env?.close());

  const download = (projectId: string, cookie?: string) =>
    fetch(`${app.url}/api/projects/${projectId}/export.xlsx`, {
      headers: { origin: originOf(app), ...(cookie ? { cookie } : {}) },
    });

  it('downloads the current table, edited live, as a workbook that imports back', async () => {
    // edit through the collab server: what a second client receives is stored
    const a = await connectClient(app, data.projectId, cookies.editor!);
    const b = await connectClient(app, data.projectId, cookies.editor2!);
    try {
      const ta = new TableDoc(a.doc);
      ta.setHeader('projectName', '医疗保障服务项目（导出/测试）');
      ta.setHeader('annualTotal', '15.12');
      ta.goal.insert(0, '年度目标：覆盖全区');
      const first = ta.indicators()[0]!;
      ta.setIndicatorText(first.id, 'name', '参保人数');
      ta.setIndicatorText(first.id, 'value', '≥1700人次');
      ta.addIndicator({ level1: '产出指标', level2: '数量指标', name: '培训班', value: '15个' }, first.id);
      const tb = new TableDoc(b.doc);
      await waitFor(() => tb.indicators().length === ta.indicators().length && tb.goal.length > 0, 'relay');

      const res = await download(data.projectId, cookies.reviewer);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(XLSX);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="${data.projectId}.xlsx"; filename*=UTF-8''${encodeURIComponent('医疗保障服务项目（导出_测试）.xlsx')}`,
      );
      const { tables } = await importWorkbook(new Uint8Array(await res.arrayBuffer()));
      expect(tables).toHaveLength(1);
      const expected = ta.toJSON();
      expect(tables[0]!.table).toEqual({
        ...expected,
        header: { ...expected.header, projectName: '医疗保障服务项目（导出/测试）' },
        indicators: expected.indicators.map(({ id: _id, ...row }) => row),
      });
      expect(tables[0]!.table.indicators.slice(0, 2).map((r) => r.value)).toEqual(['≥1700人次', '15个']);
    } finally {
      a.provider.destroy();
      b.provider.destroy();
    }
  });

  it('answers 401 without a session, 403 for another unit and 404 for an unknown project', async () => {
    const anonymous = await download(data.projectId);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    const outsider = await download(data.projectId, cookies.outsider);
    expect(outsider.status).toBe(403);
    expect(await outsider.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await api(app, '/api/projects/p_missing/export.xlsx', { cookie: cookies.editor })).status).toBe(404);
  });
});

describe('attachment', () => {
  it('encodes the UTF-8 name and replaces characters no file name may hold', () => {
    expect(attachment("a b'(1)*.xlsx", 'p_1.xlsx')).toBe(
      `attachment; filename="p_1.xlsx"; filename*=UTF-8''a%20b%27%281%29_.xlsx`,
    );
    expect(attachment('项目:2026?.xlsx', 'p 1.xlsx')).toBe(
      `attachment; filename="p_1.xlsx"; filename*=UTF-8''${encodeURIComponent('项目_2026_.xlsx')}`,
    );
  });
});
