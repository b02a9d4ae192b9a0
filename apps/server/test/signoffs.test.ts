/**
 * Sign-offs through the JSON API on both databases: who may sign and revoke (the demo roles:
 * editors, the unit's reviewer, the finance bureau's reviewer and approver, admins, outsiders),
 * staleness after an edit made by a real y-websocket client and freshness after its revert,
 * four-eyes, signing twice (also racing), bad input with its status and Chinese message and
 * nothing stored, archived tables, audit rows, the summary and the project list's counts, and
 * the events on the live stream.
 */
import { createAccount } from '@jixiao/auth';
import { loadDoc } from '@jixiao/core';
import type { Role } from '@jixiao/db';
import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RunningApp } from '../src/app.ts';
import { PASSWORD, type Seed, type SeededApp, api, connectClient, destroyClients, openSeededApp, signIn, sleep } from './helpers.ts';
import { openSse } from './sse-client.ts';

interface Change {
  field: string;
  label: string;
  before: string;
  after: string;
}
interface Signoff {
  id: string;
  target: { kind: string; indicatorId?: string; section?: string };
  user: { id: string; name: string };
  role: string;
  unit: { id: string; name: string };
  stale: boolean;
  changes: Change[];
  targetDeleted: boolean;
  createdAt: string;
}
interface Counts {
  signed: number;
  stale: number;
  missing: number;
}
interface Summary {
  table: Counts;
  byLevel2: { level2: string; counts: Counts }[];
}

const err = (body: unknown) => (body as { error: { code: string; message: string } }).error;
const NOT_A_SIGNER = '只有主管部门或财政部门的审核人、审批人可以签署';
const OWN_EDIT = '此内容最后由您本人修改，不能由您签署（须由他人复核）';

async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await sleep(25);
  }
}

describe.each(testDatabases())('sign-offs on $name', (database) => {
  let env: SeededApp;
  let app: RunningApp;
  let data: Seed;
  let cookies: Record<string, string>;
  let ids: string[];
  const extra: Record<string, { id: string }> = {};

  const count = async (t: 'signoff' | 'audit') =>
    Number((await app.services.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const sign = (who: string | undefined, target: unknown, projectId = data.projectId) =>
    api(app, `/api/projects/${projectId}/signoffs`, { cookie: who ? cookies[who] : undefined, method: 'POST', body: { target } });
  const revoke = (who: string, id: string) => api(app, `/api/signoffs/${id}`, { cookie: cookies[who], method: 'DELETE' });
  const list = async (who = 'editor', projectId = data.projectId) => {
    const res = await api(app, `/api/projects/${projectId}/signoffs`, { cookie: cookies[who] });
    expect(res.status).toBe(200);
    return res.body as Signoff[];
  };
  const indicator = (i: number) => ({ kind: 'indicator', indicatorId: ids[i]! });
  const userId = (who: string) => (data.users as Record<string, { id: string }>)[who]?.id ?? extra[who]!.id;

  beforeAll(async () => {
    env = await openSeededApp(database, { eventsHeartbeatMs: 300 });
    ({ app, data, cookies } = env);
    const { db, auth } = app.services;
    // the rest of the demo roles: the finance bureau's approver and admin, the department's admin
    const more: Array<[string, string, Role]> = [
      ['approver', data.units.finance, 'approver'],
      ['finAdmin', data.units.finance, 'admin'],
      ['deptAdmin', data.units.dept, 'admin'],
      // fills the table and reviews it too: four-eyes keeps their own edits from their sign-off
      ['both', data.units.dept, 'editor'],
    ];
    for (const [key, unitId, role] of more) {
      const user = await createAccount(auth, { email: `${key.toLowerCase()}@jixiao.test`, name: key, password: PASSWORD });
      await db.insertInto('membership').values({ user_id: user.id, unit_id: unitId, role }).execute();
      if (key === 'both') await db.insertInto('membership').values({ user_id: user.id, unit_id: unitId, role: 'reviewer' }).execute();
      extra[key] = { id: user.id };
      cookies[key] = await signIn(app, `${key.toLowerCase()}@jixiao.test`);
    }
    const doc = await loadDoc(db, data.projectId);
    ids = new TableDoc(doc).indicators().map((i) => i.id);
    doc.destroy();
    expect(ids.length).toBeGreaterThan(6);
  });

  afterAll(() => env?.close());

  it('who may sign off: reviewers and approvers of the unit and of the finance bureau overseeing it, nobody else', async () => {
    const sse = await openSse(`${app.url}/api/projects/${data.projectId}/events`, cookies.finance);
    expect(sse.status).toBe(200);
    try {
      const before = { signoff: await count('signoff'), audit: await count('audit') };
      for (const who of ['editor', 'editor2', 'deptAdmin', 'finAdmin']) {
        const res = await sign(who, indicator(0));
        expect(res.status, who).toBe(403);
        expect(err(res.body)).toEqual({ code: 'FORBIDDEN', message: NOT_A_SIGNER });
      }
      for (const who of ['subEditor', 'outsider']) {
        const res = await sign(who, indicator(0));
        expect(res.status, who).toBe(403);
        expect(err(res.body).message).toBe('您无权查看此项目');
        expect((await api(app, `/api/projects/${data.projectId}/signoffs`, { cookie: cookies[who] })).status).toBe(403);
      }
      expect((await sign(undefined, indicator(0))).status).toBe(401);
      expect({ signoff: await count('signoff'), audit: await count('audit') }).toEqual(before);

      const made: Record<string, Signoff> = {};
      const expected: Record<string, { role: string; unit: { id: string; name: string } }> = {
        reviewer: { role: 'reviewer', unit: { id: data.units.dept, name: '测试医保局' } },
        finance: { role: 'reviewer', unit: { id: data.units.finance, name: '测试财政厅' } },
        approver: { role: 'approver', unit: { id: data.units.finance, name: '测试财政厅' } },
      };
      for (const [who, as] of Object.entries(expected)) {
        const res = await sign(who, indicator(0));
        expect(res.status, who).toBe(201);
        const s = res.body as Signoff;
        expect(s).toEqual({
          id: s.id,
          target: { kind: 'indicator', indicatorId: ids[0] },
          user: { id: userId(who), name: who },
          ...as,
          stale: false,
          changes: [],
          targetDeleted: false,
          createdAt: s.createdAt,
        });
        expect(s.id).toMatch(/^so_/);
        made[who] = s;
        const audit = await app.services.db.selectFrom('audit').selectAll().where('target', '=', s.id).execute();
        expect(audit.map((a) => [a.action, a.actor_id])).toEqual([['signoff.create', userId(who)]]);
        expect(JSON.parse(audit[0]!.data)).toMatchObject({ projectId: data.projectId, target: `indicator:${ids[0]}`, role: as.role, unitId: as.unit.id });
      }
      // everyone who sees the table sees them, oldest first
      for (const who of ['editor', 'finance', 'deptAdmin']) {
        expect((await list(who)).map((s) => s.id)).toEqual([made.reviewer!.id, made.finance!.id, made.approver!.id]);
      }

      // revoking: the signer, or an admin of the unit the signer acted for
      const refused = async (who: string, id: string, status: number, message: string) => {
        const res = await revoke(who, id);
        expect(res.status, `${who} revokes`).toBe(status);
        expect(err(res.body).message).toBe(message);
      };
      for (const who of ['editor', 'finance', 'approver', 'finAdmin']) await refused(who, made.reviewer!.id, 403, '只能撤销自己的签署');
      for (const who of ['editor', 'reviewer', 'deptAdmin']) await refused(who, made.finance!.id, 403, '只能撤销自己的签署');
      await refused('outsider', made.reviewer!.id, 403, '您无权查看此项目');
      expect((await list()).length).toBe(3);

      const auditBefore = await count('audit');
      expect(await revoke('reviewer', made.reviewer!.id)).toEqual({ status: 200, body: { ok: true } });
      expect(await revoke('deptAdmin', made.approver!.id)).toEqual({ status: 403, body: { error: { code: 'FORBIDDEN', message: '只能撤销自己的签署' } } });
      expect(await revoke('finAdmin', made.approver!.id)).toEqual({ status: 200, body: { ok: true } });
      expect(await revoke('finance', made.finance!.id)).toEqual({ status: 200, body: { ok: true } });
      expect(await count('audit')).toBe(auditBefore + 3);
      const revokedRows = await app.services.db.selectFrom('audit').select(['actor_id', 'target']).where('action', '=', 'signoff.revoke').orderBy('id').execute();
      expect(revokedRows).toEqual([
        { actor_id: userId('reviewer'), target: made.reviewer!.id },
        { actor_id: userId('finAdmin'), target: made.approver!.id },
        { actor_id: userId('finance'), target: made.finance!.id },
      ]);
      const row = await app.services.db.selectFrom('signoff').select(['revoked_by', 'revoked_at']).where('id', '=', made.approver!.id).executeTakeFirstOrThrow();
      expect(row.revoked_by).toBe(userId('finAdmin'));
      expect(typeof row.revoked_at).toBe('string');
      // revoked ones are not listed; revoking again is a conflict
      expect(await list()).toEqual([]);
      const again = await revoke('reviewer', made.reviewer!.id);
      expect(again.status).toBe(409);
      expect(err(again.body)).toEqual({ code: 'SIGNOFF_REVOKED', message: '此签署已撤销' });
      // a revoked sign-off does not block signing again
      const resigned = await sign('reviewer', indicator(0));
      expect(resigned.status).toBe(201);
      expect(await revoke('reviewer', (resigned.body as Signoff).id)).toEqual({ status: 200, body: { ok: true } });

      const events = () => sse.events.filter((e) => (e as { type: string }).type === 'signoff');
      const want = [
        ...Object.values(made).map((s) => ({ type: 'signoff', projectId: data.projectId, signoffId: s.id, action: 'created' })),
        { type: 'signoff', projectId: data.projectId, signoffId: made.reviewer!.id, action: 'revoked' },
        { type: 'signoff', projectId: data.projectId, signoffId: made.approver!.id, action: 'revoked' },
        { type: 'signoff', projectId: data.projectId, signoffId: made.finance!.id, action: 'revoked' },
        { type: 'signoff', projectId: data.projectId, signoffId: (resigned.body as Signoff).id, action: 'created' },
        { type: 'signoff', projectId: data.projectId, signoffId: (resigned.body as Signoff).id, action: 'revoked' },
      ];
      await until(async () => events().length, (n) => n >= want.length, 'signoff events');
      expect(events()).toEqual(want);
    } finally {
      sse.close();
    }
  });

  it('signing the same target twice is 409, also when the requests race; nothing is stored twice', async () => {
    expect((await sign('reviewer', indicator(1))).status).toBe(201);
    const audit = await count('audit');
    const twice = await sign('reviewer', indicator(1));
    expect(twice.status).toBe(409);
    expect(err(twice.body)).toEqual({ code: 'SIGNOFF_DUPLICATE', message: '您已签署过此项，无需重复签署' });
    expect(await count('audit')).toBe(audit);

    const race = await Promise.all(Array.from({ length: 6 }, () => sign('approver', { kind: 'section', section: 'money' })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of race.filter((x) => x.status === 409)) expect(err(r.body).code).toBe('SIGNOFF_DUPLICATE');
    const live = await app.services.db
      .selectFrom('signoff')
      .select('id')
      .where('project_id', '=', data.projectId)
      .where('user_id', '=', userId('approver'))
      .where('target', '=', 'section:money')
      .where('revoked_at', 'is', null)
      .execute();
    expect(live.length).toBe(1);
    expect(await count('audit')).toBe(audit + 1);
  });

  it('bad input: a clear status and Chinese message, nothing stored', async () => {
    const before = { signoff: await count('signoff'), audit: await count('audit') };
    const cases: Array<[unknown, number, string]> = [
      [{ kind: 'indicator', indicatorId: 'i_no_such' }, 404, '指标不存在'],
      [{ kind: 'galaxy' }, 400, '签署对象无效（指标、表头部分或整表）'],
      [{ kind: 'section', section: 'header' }, 400, '表头部分无效（basic、money 或 goal）'],
      [{ kind: 'indicator', indicatorId: '' }, 400, '指标无效'],
      [undefined, 400, '签署对象无效（指标、表头部分或整表）'],
    ];
    for (const [target, status, message] of cases) {
      const res = await sign('reviewer', target);
      expect(res.status, JSON.stringify(target)).toBe(status);
      expect(err(res.body).message).toBe(message);
    }
    const unknown = await sign('reviewer', { kind: 'table' }, 'p_no_such');
    expect(unknown.status).toBe(404);
    expect(err(unknown.body)).toEqual({ code: 'PROJECT_NOT_FOUND', message: '项目不存在' });
    expect((await api(app, '/api/projects/p_no_such/signoffs', { cookie: cookies.reviewer })).status).toBe(404);
    const text = await fetch(`${app.url}/api/projects/${data.projectId}/signoffs`, {
      method: 'POST',
      headers: { cookie: cookies.reviewer!, origin: app.url.replace('127.0.0.1', 'localhost'), 'content-type': 'text/plain' },
      body: JSON.stringify({ target: { kind: 'table' } }),
    });
    expect(text.status).toBe(415);
    const missing = await revoke('reviewer', 'so_no_such');
    expect(missing.status).toBe(404);
    expect(err(missing.body)).toEqual({ code: 'SIGNOFF_NOT_FOUND', message: '签署记录不存在' });
    expect({ signoff: await count('signoff'), audit: await count('audit') }).toEqual(before);
  });

  it('an edit through a real y-websocket client makes the sign-offs covering it stale for everyone, with old → new; its revert makes them fresh', async () => {
    const onIndicator = (await sign('reviewer', indicator(3))).body as Signoff;
    const onTable = (await sign('finance', { kind: 'table' })).body as Signoff;
    const onGoal = (await sign('finance', { kind: 'section', section: 'goal' })).body as Signoff;
    expect([onIndicator.stale, onTable.stale, onGoal.stale]).toEqual([false, false, false]);
    const doc = await loadDoc(app.services.db, data.projectId);
    const row = new TableDoc(doc).indicators().find((r) => r.id === ids[3])!;
    doc.destroy();

    const client = await connectClient(app, data.projectId, cookies.editor!);
    try {
      const value = new TableDoc(client.doc).rowText(ids[3]!, 'value')!;
      const old = value.toString();
      value.insert(old.length, '≥1700人次');
      const byId = (all: Signoff[]) => new Map(all.map((s) => [s.id, s]));
      const stale = byId(await until(() => list('approver'), (all) => all.find((s) => s.id === onIndicator.id)?.stale === true, 'stale'));
      expect(stale.get(onIndicator.id)).toMatchObject({
        stale: true,
        targetDeleted: false,
        changes: [{ field: 'value', label: '指标值', before: old, after: `${old}≥1700人次` }],
      });
      expect(stale.get(onTable.id)).toMatchObject({
        stale: true,
        changes: [{ field: `indicator:${ids[3]}.value`, label: `${row.name ? `指标「${row.name}」` : `${row.level2}的未命名指标`}·指标值`, before: old, after: `${old}≥1700人次` }],
      });
      expect(stale.get(onGoal.id)).toMatchObject({ stale: false, changes: [] });
      // the same for the editor who made the change: one truth for everyone
      expect(byId(await list('editor')).get(onIndicator.id)?.stale).toBe(true);

      value.delete(old.length, '≥1700人次'.length);
      const fresh = byId(await until(() => list('reviewer'), (all) => all.find((s) => s.id === onIndicator.id)?.stale === false, 'fresh again'));
      expect(fresh.get(onIndicator.id)).toMatchObject({ stale: false, changes: [] });
      expect(fresh.get(onTable.id)).toMatchObject({ stale: false, changes: [] });
    } finally {
      destroyClients(client);
    }
    for (const s of [onIndicator, onTable, onGoal]) {
      expect((await revoke(s.user.id === userId('reviewer') ? 'reviewer' : 'finance', s.id)).status).toBe(200);
    }
  });

  it('four-eyes: whoever changed a part last may not sign it (nor the whole table); someone else may', async () => {
    const { db } = app.services;
    const at = new Date().toISOString();
    await db
      .insertInto('part_change')
      .values([
        { project_id: data.projectId, part: `indicator:${ids[4]}`, user_id: userId('reviewer'), changed_at: at },
        { project_id: data.projectId, part: 'section:basic', user_id: userId('approver'), changed_at: at },
      ])
      // the table's creator is the first last changer of every part
      .onConflict((oc) => oc.columns(['project_id', 'part']).doUpdateSet((eb) => ({ user_id: eb.ref('excluded.user_id'), changed_at: eb.ref('excluded.changed_at') })))
      .execute();
    const before = { signoff: await count('signoff'), audit: await count('audit') };
    const refusals: Array<[string, unknown]> = [
      ['reviewer', indicator(4)],
      ['reviewer', { kind: 'table' }],
      ['approver', { kind: 'section', section: 'basic' }],
      ['approver', { kind: 'table' }],
    ];
    for (const [who, target] of refusals) {
      const res = await sign(who, target);
      expect(res.status, `${who} ${JSON.stringify(target)}`).toBe(403);
      expect(err(res.body)).toEqual({ code: 'SIGNOFF_OWN_EDIT', message: OWN_EDIT });
    }
    expect({ signoff: await count('signoff'), audit: await count('audit') }).toEqual(before);
    expect((await sign('finance', indicator(4))).status).toBe(201);
    expect((await sign('reviewer', indicator(5))).status).toBe(201);
    expect((await sign('reviewer', { kind: 'section', section: 'basic' })).status).toBe(201);
    expect((await sign('approver', { kind: 'section', section: 'goal' })).status).toBe(201);
    // a real edit through the collaboration server: its author may not sign what they wrote
    const client = await connectClient(app, data.projectId, cookies.both!);
    try {
      new TableDoc(client.doc).setIndicatorText(ids[6]!, 'value', '≥98%');
      await until(
        () => db.selectFrom('part_change').select('user_id').where('project_id', '=', data.projectId).where('part', '=', `indicator:${ids[6]}`).executeTakeFirst(),
        (row) => row?.user_id === userId('both'),
        'part_change of the edit',
      );
    } finally {
      destroyClients(client);
    }
    const own = await sign('both', indicator(6));
    expect(own.status).toBe(403);
    expect(err(own.body)).toEqual({ code: 'SIGNOFF_OWN_EDIT', message: OWN_EDIT });
    expect((await sign('both', indicator(5))).status).toBe(201);
    expect((await sign('finance', indicator(6))).status).toBe(201);

    // someone else changes it since: the reviewer may sign it now
    await db.updateTable('part_change').set({ user_id: userId('editor') }).where('project_id', '=', data.projectId).where('part', '=', `indicator:${ids[4]}`).execute();
    expect((await sign('reviewer', indicator(4))).status).toBe(201);
  });

  it('summary per 二级 and per table, and the same counts in the project list; archived tables answer 410', async () => {
    const created = await api(app, '/api/projects', { cookie: cookies.editor, method: 'POST', body: { unitId: data.units.dept, name: '签署汇总测试项目', year: 2026 } });
    expect(created.status).toBe(201);
    const projectId = (created.body as { id: string }).id;
    const doc = await loadDoc(app.services.db, projectId);
    const rows = new TableDoc(doc).indicators();
    doc.destroy();
    const groups = [...new Set(rows.map((r) => r.level2))];
    expect(groups.length).toBeGreaterThan(3);
    const [a, b, c] = [rows.find((r) => r.level2 === groups[0])!, rows.find((r) => r.level2 === groups[1])!, rows.find((r) => r.level2 === groups[2])!];
    const target = (id: string) => ({ kind: 'indicator', indicatorId: id });
    expect((await sign('reviewer', target(a.id), projectId)).status).toBe(201);
    expect((await sign('finance', target(a.id), projectId)).status).toBe(201);
    const onB = (await sign('reviewer', target(b.id), projectId)).body as Signoff;
    const onC = (await sign('finance', target(c.id), projectId)).body as Signoff;
    expect((await sign('approver', { kind: 'table' }, projectId)).status).toBe(201);

    const countsInList = async () => {
      const page = await api(app, `/api/projects?q=${encodeURIComponent('签署汇总测试项目')}`, { cookie: cookies.finance });
      expect(page.status).toBe(200);
      return (page.body as Array<{ id: string; signoffs: Counts }>).map((p) => [p.id, p.signoffs]);
    };
    expect(await countsInList()).toEqual([[projectId, { signed: 3, stale: 0, missing: rows.length - 3 }]]);

    // b changes (as a stored update, the way the collaboration server stores one); c is deleted
    const stored = await loadDoc(app.services.db, projectId);
    const sv = Y.encodeStateVector(stored);
    const t = new TableDoc(stored);
    t.setIndicatorText(b.id, 'value', '≥95%');
    t.deleteIndicator(c.id);
    await app.services.db.insertInto('doc_update').values({ project_id: projectId, data: Y.encodeStateAsUpdate(stored, sv) }).execute();
    stored.destroy();

    const expected = (counts: (level2: string) => Counts) => ({
      table: { signed: 1, stale: 1, missing: rows.length - 3 },
      byLevel2: groups.map((level2) => ({ level2, counts: counts(level2) })),
    });
    const res = await api(app, `/api/projects/${projectId}/signoffs/summary`, { cookie: cookies.editor });
    expect(res.status).toBe(200);
    const perGroup = (level2: string): Counts => {
      const n = rows.filter((r) => r.level2 === level2 && r.id !== c.id).length;
      if (level2 === groups[0]) return { signed: 1, stale: 0, missing: n - 1 };
      if (level2 === groups[1]) return { signed: 0, stale: 1, missing: n - 1 };
      return { signed: 0, stale: 0, missing: n };
    };
    const summary = expected(perGroup);
    // a group left empty by the deletion is not listed
    summary.byLevel2 = summary.byLevel2.filter((g) => g.counts.signed + g.counts.stale + g.counts.missing > 0);
    expect(res.body as Summary).toEqual(summary);

    const listed = await list('finance', projectId);
    expect(listed.find((s) => s.id === onB.id)).toMatchObject({ stale: true, changes: [{ field: 'value', label: '指标值', before: b.value, after: '≥95%' }] });
    expect(listed.find((s) => s.id === onC.id)).toMatchObject({ stale: true, targetDeleted: true, changes: [] });
    expect(listed.find((s) => s.target.kind === 'table')?.stale).toBe(true);

    // the list reads the changed document again (its counts are never those of an older state)
    expect(await countsInList()).toEqual([[projectId, summary.table]]);
    const main = await api(app, `/api/projects?q=${encodeURIComponent('医疗保障服务项目')}`, { cookie: cookies.editor });
    const mainCounts = (main.body as Array<{ id: string; signoffs: Counts }>).find((p) => p.id === data.projectId)!.signoffs;
    const mainSummary = await api(app, `/api/projects/${data.projectId}/signoffs/summary`, { cookie: cookies.editor });
    expect(mainCounts).toEqual((mainSummary.body as Summary).table);
    // live on the main table: indicators 1, 4 (twice), 5 (twice) and 6; 0 and 3 were revoked
    expect(mainCounts).toEqual({ signed: 4, stale: 0, missing: ids.length - 4 });

    // revoking the stale one leaves b missing
    expect((await revoke('reviewer', onB.id)).status).toBe(200);
    const after = (await api(app, `/api/projects/${projectId}/signoffs/summary`, { cookie: cookies.reviewer })).body as Summary;
    expect(after.table).toEqual({ signed: 1, stale: 0, missing: rows.length - 2 });

    // archived: every sign-off route answers 410, nothing changes
    const remaining = await list('reviewer', projectId);
    expect((await api(app, `/api/projects/${projectId}`, { cookie: cookies.editor, method: 'DELETE' })).status).toBe(200);
    const before = { signoff: await count('signoff'), audit: await count('audit') };
    const gone = [
      await sign('approver', target(a.id), projectId),
      await api(app, `/api/projects/${projectId}/signoffs`, { cookie: cookies.reviewer }),
      await api(app, `/api/projects/${projectId}/signoffs/summary`, { cookie: cookies.reviewer }),
      await revoke('reviewer', remaining.find((s) => s.user.id === userId('reviewer'))!.id),
    ];
    for (const res of gone) {
      expect(res.status).toBe(410);
      expect(err(res.body).code).toBe('PROJECT_ARCHIVED');
    }
    expect({ signoff: await count('signoff'), audit: await count('audit') }).toEqual(before);
  });
});
