/**
 * The approval workflow through the API on a real server: the default path of DOMAIN.md from
 * submission to publication, every refusal with its status, the version guard under concurrent
 * approvals, stored versions and their diff, and admin-defined workflows.
 */
import { createAccount } from '@jixiao/auth';
import { testDatabases } from '@jixiao/db/testing';
import type { AuditEntry, Dashboard, NotificationView, ProjectListItem, ProjectView, PublishedTable, PublishedTableRef, TableDiff, VersionView, WorkflowDefinitionView, WorkflowView } from '@jixiao/core';
import { loadDoc } from '@jixiao/core';
import { TableDoc, type TableJSON } from '@jixiao/table';
import { importWorkbook } from '@jixiao/table/xlsx';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type SeededApp, PASSWORD, api, connectClient, destroyClients, openRaw, openSeededApp, signIn, sleep, waitFor } from './helpers.ts';

/** A request body or an error answer, as the test sends or reads it. */
type Body = Record<string, unknown>;
type ErrorBody = { error: { code: string; message: string } };

type Notifications = { items: NotificationView[]; unread: number };

describe.each(testDatabases())('workflow on $name', (database) => {
  let env: SeededApp;
  const cookies: Record<string, string> = {};
  let projectId: string;

  beforeAll(async () => {
    env = await openSeededApp(database);
    Object.assign(cookies, env.cookies);
    const { db, auth } = env.app.services;
    for (const [key, unit, role] of [
      ['approver', env.data.units.finance, 'approver'],
      ['admin', env.data.units.dept, 'admin'],
    ] as const) {
      const user = await createAccount(auth, { email: `${key}@jixiao.test`, name: key, password: PASSWORD });
      await db.insertInto('membership').values({ user_id: user.id, unit_id: unit, role }).execute();
      cookies[key] = await signIn(env.app, `${key}@jixiao.test`);
    }
    projectId = env.data.projectId;
  });

  afterAll(() => env?.close());

  const get = async <T>(path: string, who?: string) => (await api(env.app, path, { cookie: who ? cookies[who] : undefined })).body as T;
  const state = (who = 'editor', id = projectId) => get<WorkflowView>(`/api/projects/${id}/workflow`, who);
  const act = (who: string, action: string, body: Body, id = projectId) =>
    api(env.app, `/api/projects/${id}/workflow/${action}`, { cookie: cookies[who], method: 'POST', body });
  const access = async (who: string, id = projectId) => (await get<ProjectView>(`/api/projects/${id}`, who)).access;

  async function newProject(name: string): Promise<{ id: string; client: Client; table: TableDoc; rows: string[] }> {
    const res = await api(env.app, '/api/projects', { cookie: cookies.editor, method: 'POST', body: { unitId: env.data.units.dept, name, year: 2026 } });
    expect(res.status).toBe(201);
    const id = (res.body as ProjectView).id;
    const client = await connectClient(env.app, id, cookies.editor!);
    const table = new TableDoc(client.doc);
    // the skeleton's blank rows make way for two real ones
    for (const row of table.indicators()) table.deleteIndicator(row.id);
    const rows = [
      table.addIndicator({ level1: '产出指标', level2: '数量指标', name: '参保人数', value: '≥1700人' }),
      table.addIndicator({ level1: '效益指标', level2: '社会效益指标', name: '群众满意度', value: '≥90%' }),
    ];
    // committed once the server's copy has them
    await expectTable(id, (t) => t.indicators.length === 2);
    return { id, client, table, rows };
  }

  async function expectTable(id: string, cond: (t: TableJSON) => boolean): Promise<void> {
    const until = Date.now() + 10_000;
    for (;;) {
      const t = await get<TableJSON>(`/api/projects/${id}/table`, 'editor');
      if (cond(t)) return;
      if (Date.now() > until) throw new Error(`table of ${id} never matched: ${JSON.stringify(t).slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function signAll(who: string, id: string, rows: string[]): Promise<void> {
    for (const indicatorId of rows) {
      const res = await api(env.app, `/api/projects/${id}/signoffs`, { cookie: cookies[who], method: 'POST', body: { target: { kind: 'indicator', indicatorId } } });
      expect(res.status).toBe(201);
    }
  }

  it('goes 单位填报 → 主管部门审核 → 财政审核 → 批复 → 公开, each step by its own role, editing locked after submission', async () => {
    const p = await newProject('流程全程项目');
    try {
      const start = await state('editor', p.id);
      expect(start).toMatchObject({ status: 'draft', stage: { id: 'fill', name: '单位填报' }, version: 0, actions: ['submit'] });
      expect(start.workflow.stages.map((s) => s.name)).toEqual(['单位填报', '主管部门审核', '财政审核', '批复']);
      expect((await state('reviewer', p.id)).actions).toEqual([]);
      expect(await access('editor', p.id)).toBe('edit');

      // the wrong role is refused; the right one moves it on
      expect((await act('reviewer', 'submit', { expectedVersion: 0 }, p.id)).status).toBe(403);
      const submitted = await act('editor', 'submit', { expectedVersion: 0 }, p.id);
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({ status: 'review', stage: { id: 'department' }, version: 1, actions: ['withdraw'] });
      expect(await access('editor', p.id)).toBe('read');
      // the list says the same as the table's page
      const listed = await get<ProjectListItem[]>(`/api/projects?q=${encodeURIComponent('流程全程项目')}`, 'editor');
      expect(listed.map((i) => [i.access, i.workflow])).toEqual([['read', { status: 'review', stage: { id: 'department', name: '主管部门审核' } }]]);
      expect((await state('reviewer', p.id)).actions).toEqual(['approve', 'return']);

      // 主管部门审核 requires every indicator signed off
      const unsigned = await act('reviewer', 'approve', { expectedVersion: 1 }, p.id);
      expect(unsigned.status).toBe(409);
      expect(unsigned.body).toMatchObject({ error: { code: 'WORKFLOW_SIGNOFF_REQUIRED', message: expect.stringContaining('还有 2 个未签署') } });
      await signAll('reviewer', p.id, p.rows);
      const approved = await act('reviewer', 'approve', { expectedVersion: 1 }, p.id);
      expect(approved.body).toMatchObject({ status: 'review', stage: { id: 'finance', name: '财政审核' }, version: 2, actions: [] });
      // the submitter can no longer withdraw once someone acted
      expect((await act('editor', 'withdraw', { expectedVersion: 2 }, p.id)).status).toBe(409);

      expect((await act('approver', 'approve', { expectedVersion: 2 }, p.id)).status).toBe(403);
      expect((await act('finance', 'approve', { expectedVersion: 2 }, p.id)).body).toMatchObject({ stage: { id: 'approval', name: '批复' }, version: 3 });
      expect((await act('finance', 'approve', { expectedVersion: 3 }, p.id)).status).toBe(403);
      const final = await act('approver', 'approve', { expectedVersion: 3 }, p.id);
      expect(final.body).toMatchObject({ status: 'approved', stage: null, version: 4, actions: ['publish'] });
      expect(await access('editor', p.id)).toBe('read');
      // what was approved is what exports show, even if the stored document moved on (written behind the server's back here)
      const doc = await loadDoc(env.app.services.db, p.id);
      const before = Y.encodeStateVector(doc);
      new TableDoc(doc).setIndicatorText(p.rows[0]!, 'name', '批复后被改');
      await env.app.services.db.insertInto('doc_update').values({ project_id: p.id, data: Y.encodeStateAsUpdate(doc, before) }).execute();
      doc.destroy();
      const stored = await loadDoc(env.app.services.db, p.id);
      expect(new TableDoc(stored).toJSON().indicators[0]?.name).toBe('批复后被改');
      stored.destroy();
      const xlsx = await fetch(`${env.app.url}/api/projects/${p.id}/export.xlsx`, { headers: { cookie: cookies.editor! } });
      const { tables } = await importWorkbook(new Uint8Array(await xlsx.arrayBuffer()));
      expect(tables[0]!.table.indicators.map((r) => r.name)).toEqual(['参保人数', '群众满意度']);

      // not public before publication
      expect((await api(env.app, `/api/public/tables/${p.id}`)).status).toBe(404);
      const published = await act('approver', 'publish', { expectedVersion: 4 }, p.id);
      expect(published.body).toMatchObject({ status: 'published', version: 5, actions: [] });
      const list = await get<PublishedTableRef[]>('/api/public/tables');
      expect(list).toContainEqual({ id: p.id, name: '流程全程项目', unit: '测试医保局', year: 2026, publishedAt: expect.any(String), url: `/public/${p.id}` });
      const page = await get<PublishedTable>(`/api/public/tables/${p.id}`);
      expect(page.table.indicators.map((r) => r.name)).toEqual(['参保人数', '群众满意度']);

      const versions = await get<VersionView[]>(`/api/projects/${p.id}/versions`, 'reviewer');
      expect(versions.map((v) => [v.action, v.stage?.name ?? null])).toEqual([
        ['submit', '单位填报'],
        ['approve', '主管部门审核'],
        ['approve', '财政审核'],
        ['approve', '批复'],
        ['publish', null],
      ]);
      const audit = await env.app.services.db.selectFrom('audit').select(['action', 'ip', 'user_agent']).where('target', '=', p.id).where('action', 'like', 'workflow.%').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['workflow.submit', 'workflow.approve', 'workflow.approve', 'workflow.approve', 'workflow.publish']);
      expect(audit[0]!.ip).toBe('127.0.0.1');
      expect(audit[0]!.user_agent).toBe('node');
    } finally {
      destroyClients(p.client);
    }
  });

  it('refuses stale versions before roles, actions out of order, bad returns and unknown actions, changing nothing', async () => {
    const p = await newProject('流程拒绝项目');
    try {
      // stale beats wrong role: the loser of a race always learns it lost
      const stale = await act('outsider', 'submit', { expectedVersion: 7 }, p.id);
      expect(stale.status).toBe(403); // outsiders cannot see the table at all
      expect((await act('reviewer', 'submit', { expectedVersion: 3 }, p.id)).body).toMatchObject({ error: { code: 'WORKFLOW_STALE' } });
      expect((await act('editor', 'publish', { expectedVersion: 0 }, p.id)).body).toMatchObject({ error: { code: 'WORKFLOW_INVALID_ACTION', message: expect.stringContaining('单位填报') } });
      expect((await act('editor', 'approve', { expectedVersion: 0 }, p.id)).status).toBe(409);
      expect((await act('editor', 'launch', { expectedVersion: 0 }, p.id)).status).toBe(404);
      expect((await act('editor', 'submit', {}, p.id)).status).toBe(400);
      expect((await act('editor', 'submit', { expectedVersion: '0' }, p.id)).status).toBe(400);
      expect((await state('editor', p.id)).version).toBe(0);

      expect((await act('editor', 'submit', { expectedVersion: 0 }, p.id)).status).toBe(200);
      const noReason = await act('reviewer', 'return', { expectedVersion: 1 }, p.id);
      expect(noReason.status).toBe(400);
      expect(noReason.body).toMatchObject({ error: { message: '退回时必须填写退回原因' } });
      expect((await act('reviewer', 'return', { expectedVersion: 1, reason: '请补充', toStage: 'approval' }, p.id)).status).toBe(409);
      expect((await state('editor', p.id))).toMatchObject({ version: 1, stage: { id: 'department' } });

      // withdraw: only the submitter, and only before anyone acted
      expect((await act('editor2', 'withdraw', { expectedVersion: 1 }, p.id)).status).toBe(403);
      expect((await act('editor', 'withdraw', { expectedVersion: 1 }, p.id)).body).toMatchObject({ status: 'draft', stage: { id: 'fill' }, version: 2 });
      expect(await access('editor', p.id)).toBe('edit');
    } finally {
      destroyClients(p.client);
    }
  });

  it('of two concurrent approvals exactly one wins and the other gets 409', async () => {
    const p = await newProject('并发审批项目');
    try {
      expect((await act('editor', 'submit', { expectedVersion: 0 }, p.id)).status).toBe(200);
      await signAll('reviewer', p.id, p.rows);
      const results = await Promise.all([
        act('reviewer', 'approve', { expectedVersion: 1 }, p.id),
        act('reviewer', 'return', { expectedVersion: 1, reason: '并发退回' }, p.id),
        act('reviewer', 'approve', { expectedVersion: 1 }, p.id),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      for (const loser of results.filter((r) => r.status === 409)) expect(loser.body).toMatchObject({ error: { code: 'WORKFLOW_STALE', message: expect.stringContaining('已被他人更新') } });
      expect((await state('reviewer', p.id)).version).toBe(2);
      const versions = await get<VersionView[]>(`/api/projects/${p.id}/versions`, 'reviewer');
      expect(versions).toHaveLength(2);
    } finally {
      destroyClients(p.client);
    }
  });

  it('a return goes back with its reason; the diff shows what the editor changed since', async () => {
    const p = await newProject('退回修改项目');
    try {
      expect((await act('editor', 'submit', { expectedVersion: 0 }, p.id)).status).toBe(200);
      const back = await act('reviewer', 'return', { expectedVersion: 1, reason: '满意度指标值偏低，请调整' }, p.id);
      expect(back.body).toMatchObject({ status: 'draft', stage: { id: 'fill' }, version: 2, returnReason: '满意度指标值偏低，请调整' });
      expect(await access('editor', p.id)).toBe('edit');

      p.table.setIndicatorText(p.rows[1]!, 'value', '≥95%');
      const added = p.table.addIndicator({ level1: '产出指标', level2: '时效指标', name: '按时完成率', value: '100%' });
      await expectTable(p.id, (t) => t.indicators.length === 3 && t.indicators.some((r) => r.value === '≥95%'));
      expect((await act('editor', 'submit', { expectedVersion: 2 }, p.id)).status).toBe(200);

      const diff = await get<TableDiff>(`/api/projects/${p.id}/versions/previous-submit/diff/current`, 'reviewer');
      expect(diff.added.map((r) => [r.id, r.name])).toEqual([[added, '按时完成率']]);
      expect(diff.removed).toEqual([]);
      expect(diff.changed).toEqual([
        { id: p.rows[1], level1: '效益指标', level2: '社会效益指标', name: '群众满意度', value: '≥95%', fields: [{ field: 'value', label: '指标值', before: '≥90%', after: '≥95%' }] },
      ]);
      expect(diff.header).toEqual([]);
      expect(diff.goal).toBeNull();
      expect((await api(env.app, `/api/projects/${p.id}/versions/nope/diff/current`, { cookie: cookies.reviewer })).status).toBe(404);
    } finally {
      destroyClients(p.client);
    }
  });

  it('switches open editor sockets to read-only on submission and back on return, without reconnecting', async () => {
    const p = await newProject('实时锁定项目');
    const raw = await openRaw(env.app, p.id, cookies.editor2!);
    try {
      const firstSocket = p.client.provider.ws;
      expect((await act('editor', 'submit', { expectedVersion: 0 }, p.id)).status).toBe(200);
      // the raw socket of another editor is told at once (y-protocols auth: permission denied)
      await waitFor(() => raw.frames.some((f) => f[0] === 2), 'permission-denied message');
      // an edit sent now is refused by the server: it never reaches the stored table
      p.table.setIndicatorText(p.rows[0]!, 'value', '提交后偷改');
      await sleep(300);
      expect((await get<TableJSON>(`/api/projects/${p.id}/table`, 'reviewer')).indicators[0]?.value).toBe('≥1700人');

      expect((await act('reviewer', 'return', { expectedVersion: 1, reason: '请修改' }, p.id)).status).toBe(200);
      await sleep(200);
      p.table.setIndicatorText(p.rows[1]!, 'name', '群众满意度（退回后修改）');
      await expectTable(p.id, (t) => t.indicators[1]?.name === '群众满意度（退回后修改）');
      // what was typed while locked stayed with the client and is saved now (nothing lost)
      await expectTable(p.id, (t) => t.indicators[0]?.value === '提交后偷改');
      // the same socket all along
      expect(p.client.provider.ws).toBe(firstSocket);
    } finally {
      raw.ws.close();
      destroyClients(p.client);
    }
  });

  it('tells the people of the next stage and the submitter, fills the dashboard and the audit log (with CSV)', async () => {
    const p = await newProject('=通知与看板项目');
    try {
      expect((await act('editor', 'submit', { expectedVersion: 0 }, p.id)).status).toBe(200);
      const notes = await get<Notifications>('/api/notifications', 'reviewer');
      expect(notes.items[0]).toMatchObject({
        kind: 'workflow',
        project: { id: p.id, name: '=通知与看板项目' },
        by: { name: 'editor' },
        workflow: { action: 'submit', stage: { id: 'department', name: '主管部门审核' }, reason: null },
        readAt: null,
      });
      // the finance bureau hears nothing yet
      const financeNotes = await get<Notifications>('/api/notifications', 'finance');
      expect(financeNotes.items.filter((n) => n.project.id === p.id)).toEqual([]);

      const board = await get<Dashboard>('/api/dashboard', 'reviewer');
      expect(board.pending.find((i) => i.project.id === p.id)).toMatchObject({ stage: { name: '主管部门审核' }, actions: ['approve', 'return'] });
      expect(board.byStage).toContainEqual({ unit: { id: env.data.units.dept, name: '测试医保局' }, year: 2026, status: 'review', stage: '主管部门审核', count: expect.any(Number) });
      expect((await get<Dashboard>('/api/dashboard', 'editor')).pending.some((i) => i.project.id === p.id)).toBe(false);

      expect((await act('reviewer', 'return', { expectedVersion: 1, reason: '请补充成本指标' }, p.id)).status).toBe(200);
      const editorNotes = await get<Notifications>('/api/notifications', 'editor');
      expect(editorNotes.items[0]).toMatchObject({ kind: 'workflow', workflow: { action: 'return', stage: { name: '单位填报' }, reason: '请补充成本指标' } });
      const editorBoard = await get<Dashboard>('/api/dashboard', 'editor');
      expect(editorBoard.returned.find((i) => i.project.id === p.id)).toMatchObject({ returnReason: '请补充成本指标', actions: ['submit'] });

      // the audit log: admins only, filtered, and as CSV
      expect((await api(env.app, '/api/audit', { cookie: cookies.editor })).status).toBe(403);
      const log = await api(env.app, `/api/audit?target=${p.id}&action=workflow.`, { cookie: cookies.admin });
      expect(log.status).toBe(200);
      expect((log.body as AuditEntry[]).map((e) => [e.action, e.label, e.actor?.name, e.targetName, e.ip])).toEqual([
        ['workflow.return', '退回', 'reviewer', '=通知与看板项目', '127.0.0.1'],
        ['workflow.submit', '提交审核', 'editor', '=通知与看板项目', '127.0.0.1'],
      ]);
      for (const bad of ['2026-13-01', '2026-02-30', '2026-2-1']) expect((await api(env.app, `/api/audit?from=${bad}`, { cookie: cookies.admin })).status).toBe(400);
      expect(await get<AuditEntry[]>(`/api/audit?target=${p.id}&to=2000-01-01`, 'admin')).toEqual([]);
      // days are Beijing days: today's records are in today, none in yesterday
      const beijing = (offsetDays: number) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
      expect((await get<AuditEntry[]>(`/api/audit?target=${p.id}&action=workflow.&from=${beijing(0)}&to=${beijing(0)}`, 'admin')).length).toBe(2);
      expect(await get<AuditEntry[]>(`/api/audit?target=${p.id}&to=${beijing(-1)}`, 'admin')).toEqual([]);
      const csv = await fetch(`${env.app.url}/api/audit.csv?target=${p.id}`, { headers: { cookie: cookies.admin! } });
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const bytes = new Uint8Array(await csv.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes);
      expect(text.startsWith('时间,操作人,操作,操作代码,对象,对象名称,IP,浏览器,详情\r\n')).toBe(true);
      expect(text).toContain(',reviewer,退回,workflow.return,');
      // every action names where it came from (project creation included); details are one quoted cell
      const created = await api(env.app, `/api/audit.csv?action=project.create&target=${p.id}`, { cookie: cookies.admin });
      // the target is named in words too (a leading = is never a formula)
      expect(String(created.body)).toContain(`,新建绩效目标表,project.create,${p.id},'=通知与看板项目,127.0.0.1,node,"{""name"":""=通知与看板项目"",""year"":2026}"`);
    } finally {
      destroyClients(p.client);
    }
  });

  it('guards the separation of duties: no self-approval, no review by 填报人, finance last, real people per stage, records kept', async () => {
    const { db } = env.app.services;
    const stage = (id: string, role: string, at: string, extra: Body = {}) => ({ id, name: id, actor: { role, at }, editors: [], requireSignoff: false, returnTo: [], ...extra });
    const fill = stage('fill', 'editor', 'implementing', { editors: [{ role: 'editor', at: 'implementing' }] });
    const define = (stages: Body[]) => api(env.app, '/api/workflows', { cookie: cookies.admin, method: 'POST', body: { name: '守门流程', unitId: env.data.units.dept, year: 2098, stages } });
    const refusedWith = async (stages: Body[], message: string) => {
      const res = await define(stages);
      expect(res.status).toBe(400);
      expect((res.body as ErrorBody).error.message).toContain(message);
    };
    await refusedWith([fill, stage('self', 'editor', 'implementing'), stage('fin', 'approver', 'finance')], '办理人必须是审核人或审批人');
    await refusedWith([fill, stage('dept', 'reviewer', 'supervising')], '必须由财政部门办理');
    // nobody at the supervising department is an 审批人: tables would wait there for good
    await refusedWith([fill, stage('ghost', 'approver', 'supervising'), stage('fin', 'approver', 'finance')], '在此单位不存在');

    // someone who both fills and reviews does not approve their own submission…
    await db.insertInto('membership').values({ user_id: env.data.users.editor2.id, unit_id: env.data.units.dept, role: 'reviewer' }).execute();
    const p = await newProject('职责分离项目');
    try {
      const submitted = await act('editor2', 'submit', { expectedVersion: 0 }, p.id);
      expect(submitted.status).toBe(200);
      expect((submitted.body as WorkflowView).actions).toEqual(['return', 'withdraw']);
      const self = await act('editor2', 'approve', { expectedVersion: 1 }, p.id);
      expect(self.status).toBe(403);
      expect((self.body as ErrorBody).error.message).toBe('不能审核通过自己提交的表：须由他人审核');
      // …and a table handed in is a record: its 填报人 may no longer delete it, an admin may
      const del = await api(env.app, `/api/projects/${p.id}`, { cookie: cookies.editor, method: 'DELETE' });
      expect(del.status).toBe(403);
      expect((del.body as ErrorBody).error.message).toContain('只有单位管理员可以删除');
      // an admin of the unit may always send a table in review back (the way out of a stuck stage)
      expect((await act('admin', 'return', { expectedVersion: 1, reason: '流程调整，退回重报' }, p.id)).body).toMatchObject({ status: 'draft', version: 2 });
      expect((await api(env.app, `/api/projects/${p.id}`, { cookie: cookies.editor, method: 'DELETE' })).status).toBe(200);

      // what someone imports is theirs: they may not sign it off themselves
      const imported = await api(env.app, '/api/import/projects', {
        cookie: cookies.editor2,
        method: 'POST',
        body: { unitId: env.data.units.dept, year: 2026, tables: [{ header: { projectName: '导入签署项目' }, goal: '目标', indicators: [{ level1: '产出指标', level2: '数量指标', name: '人数', value: '10人' }] }] },
      });
      expect(imported.status).toBe(201);
      const importedId = (imported.body as ProjectView[])[0]!.id;
      const row = (await get<TableJSON>(`/api/projects/${importedId}/table`, 'editor2')).indicators[0]!.id!;
      const own = await api(env.app, `/api/projects/${importedId}/signoffs`, { cookie: cookies.editor2, method: 'POST', body: { target: { kind: 'indicator', indicatorId: row } } });
      expect(own.status).toBe(403);
      expect((own.body as ErrorBody).error.code).toBe('SIGNOFF_OWN_EDIT');
      expect((await api(env.app, `/api/projects/${importedId}/signoffs`, { cookie: cookies.reviewer, method: 'POST', body: { target: { kind: 'indicator', indicatorId: row } } })).status).toBe(201);
    } finally {
      await db.deleteFrom('membership').where('user_id', '=', env.data.users.editor2.id).where('role', '=', 'reviewer').execute();
      destroyClients(p.client);
    }
  });

  it('holds at most 20 event streams per user on a process, and frees a slot when one closes', async () => {
    const open = async () => {
      const ctrl = new AbortController();
      const res = await fetch(`${env.app.url}/api/projects/${projectId}/events`, { headers: { cookie: cookies.finance! }, signal: ctrl.signal });
      return { res, close: () => ctrl.abort() };
    };
    const streams = [];
    try {
      for (let i = 0; i < 20; i++) streams.push(await open());
      expect(streams.map((s) => s.res.status)).toEqual(Array(20).fill(200));
      const extra = await open();
      expect(extra.res.status).toBe(429);
      expect(((await extra.res.json()) as ErrorBody).error.message).toContain('打开的页面过多');
      // another user is not affected
      const other = await fetch(`${env.app.url}/api/projects/${projectId}/events`, { headers: { cookie: cookies.reviewer! }, signal: AbortSignal.timeout(2000) }).catch(() => null);
      expect(other?.status).toBe(200);
      streams.pop()!.close();
      await waitFor(() => false, 'never', 300).catch(() => {});
      const again = await open();
      expect(again.res.status).toBe(200);
      again.close();
    } finally {
      for (const s of streams) s.close();
    }
  });

  it('admins define workflows for their units; a bad definition is refused; tables in flight keep their version', async () => {
    const stages = [
      { id: 'fill', name: '填报', actor: { role: 'editor', at: 'implementing' }, editors: [{ role: 'editor', at: 'implementing' }], requireSignoff: false, returnTo: [] },
      { id: 'finance', name: '财政直审', actor: { role: 'approver', at: 'finance' }, editors: [], requireSignoff: false, returnTo: ['fill'] },
    ];
    const define = (body: Body, who = 'admin') => api(env.app, '/api/workflows', { cookie: cookies[who], method: 'POST', body });
    expect((await define({ name: '简化流程', unitId: env.data.units.dept, stages }, 'editor')).status).toBe(403);
    expect((await define({ name: '越权流程', unitId: env.data.units.other, stages })).status).toBe(403);
    for (const bad of [
      [],
      [stages[0]],
      [stages[0], { ...stages[1], returnTo: ['later'] }],
      [{ ...stages[0], editors: [] }, stages[1]],
      [stages[0], { ...stages[1], id: 'fill' }],
      [stages[0], { ...stages[1], actor: { role: 'admin', at: 'finance' } }],
    ]) {
      const res = await define({ name: '坏流程', unitId: env.data.units.dept, stages: bad });
      expect(res.status).toBe(400);
      expect((res.body as ErrorBody).error.message).toMatch(/[\u4e00-\u9fff]/);
    }

    // a table submitted under the default keeps it when a new definition arrives
    const inFlight = await newProject('在途项目');
    const fresh = await newProject('新流程项目');
    try {
      expect((await act('editor', 'submit', { expectedVersion: 0 }, inFlight.id)).status).toBe(200);
      const created = await define({ name: '简化流程', unitId: env.data.units.dept, year: 2026, stages });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: '简化流程', version: 1, unit: { id: env.data.units.dept } });
      expect((await state('editor', inFlight.id)).workflow.name).toBe('默认审批流程');
      expect((await state('editor', fresh.id)).workflow).toMatchObject({ name: '简化流程', stages: [{ id: 'fill', name: '填报' }, { id: 'finance', name: '财政直审' }] });

      expect((await act('editor', 'submit', { expectedVersion: 0 }, fresh.id)).body).toMatchObject({ stage: { name: '财政直审' } });
      // a new version of the definition leaves the bound table on version 1
      const id = (created.body as WorkflowDefinitionView).id;
      const renamed = [stages[0], { ...stages[1], name: '财政终审' }];
      expect((await api(env.app, `/api/workflows/${id}`, { cookie: cookies.admin, method: 'PUT', body: { name: '简化流程', unitId: env.data.units.dept, year: 2026, stages: renamed } })).body).toMatchObject({ version: 2 });
      expect((await state('approver', fresh.id))).toMatchObject({ stage: { name: '财政直审' }, workflow: { version: 1 }, actions: ['approve', 'return'] });
      expect((await act('approver', 'approve', { expectedVersion: 1 }, fresh.id)).body).toMatchObject({ status: 'approved' });
    } finally {
      destroyClients(inFlight.client, fresh.client);
    }
  });
});
