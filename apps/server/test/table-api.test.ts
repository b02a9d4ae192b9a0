import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededApp, api, connectClient, openSeededApp, waitFor } from './helpers.ts';

describe.each(testDatabases())('GET /api/projects/:id/table on $name', (database) => {
  let env: SeededApp;

  beforeAll(async () => {
    env = await openSeededApp(database);
  });

  afterAll(() => env?.close());

  it('returns what the collaboration server committed, indicators with their stable ids', async () => {
    const { app, data, cookies } = env;
    const a = await connectClient(app, data.projectId, cookies.editor!);
    const b = await connectClient(app, data.projectId, cookies.editor2!);
    try {
      const ta = new TableDoc(a.doc);
      const first = ta.indicators()[0]!;
      ta.setIndicatorText(first.id, 'value', '≥98%');
      ta.goal.insert(0, '接口读取的目标');
      const added = ta.addIndicator({ level1: '效益指标', level2: '社会效益指标', name: '群众知晓率', value: '≥90%' }, first.id);
      // relayed to b means committed on the server
      const tb = new TableDoc(b.doc);
      await waitFor(() => tb.indicators().length === ta.indicators().length && tb.goal.toString() === ta.goal.toString(), 'relay');

      const res = await api(app, `/api/projects/${data.projectId}/table`, { cookie: cookies.reviewer });
      expect(res.status).toBe(200);
      const table = res.body as ReturnType<TableDoc['toJSON']>;
      expect(table).toEqual(ta.toJSON());
      expect(table.indicators.find((r) => r.id === added)).toMatchObject({ name: '群众知晓率', value: '≥90%', level2: '社会效益指标' });
      expect(table.indicators.find((r) => r.id === first.id)?.value).toBe('≥98%');
    } finally {
      a.provider.destroy();
      b.provider.destroy();
    }
  });

  it('answers 401 without a session, 403 for another unit and 404 for an unknown project', async () => {
    const { app, data, cookies } = env;
    expect((await api(app, `/api/projects/${data.projectId}/table`)).status).toBe(401);
    const outsider = await api(app, `/api/projects/${data.projectId}/table`, { cookie: cookies.outsider });
    expect(outsider.status).toBe(403);
    expect((await api(app, '/api/projects/p_missing/table', { cookie: cookies.editor })).status).toBe(404);
  });
});
