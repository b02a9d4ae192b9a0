/**
 * Threads and comments through the JSON API on both databases: who may do what (editor,
 * reviewer of the unit, finance bureau overseeing it, outsider), refused input with its status
 * and Chinese message and nothing stored half-way, mentions and notifications, anchors to
 * indicators deleted later, and the live event stream (SSE).
 */
import { loadDoc } from '@jixiao/core';
import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RunningApp } from '../src/app.ts';
import { type Seed, type SeededApp, api, openSeededApp, originOf, sleep, waitFor } from './helpers.ts';
import { openSse } from './sse-client.ts';

interface UserRef {
  id: string;
  name: string;
}
interface Comment {
  id: string;
  threadId: string;
  author: UserRef;
  body: string;
  deleted: boolean;
  editedAt: string | null;
  mentions: UserRef[];
}
interface Thread {
  id: string;
  anchor: { kind: string; indicatorId?: string; field?: string; deleted?: boolean; start?: string; end?: string };
  status: 'open' | 'resolved';
  resolvedBy: UserRef | null;
  comments: Comment[];
}

/** Two Yjs relative positions of a goal text, as a browser encodes them (base64). */
const goalPosition = (index: number) => {
  const doc = new Y.Doc();
  const goal = doc.getText('goal');
  goal.insert(0, '年度总体目标');
  return Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(goal, index))).toString('base64');
};
const POS_A = goalPosition(1);
const POS_B = goalPosition(4);

const err = (body: unknown) => (body as { error: { code: string; message: string } }).error;

describe.each(testDatabases())('comments on $name', (database) => {
  let env: SeededApp;
  let app: RunningApp;
  let data: Seed;
  let cookies: Record<string, string>;
  let indicatorId: string;
  let otherIndicatorId: string;

  const counts = async () => {
    const db = app.services.db;
    const n = async (t: 'thread' | 'comment' | 'mention' | 'notification' | 'audit') =>
      Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { thread: await n('thread'), comment: await n('comment'), mention: await n('mention'), notification: await n('notification'), audit: await n('audit') };
  };
  const threadsOf = async (who = 'editor') => {
    const res = await api(app, `/api/projects/${data.projectId}/threads`, { cookie: cookies[who] });
    expect(res.status).toBe(200);
    return res.body as Thread[];
  };
  const newThread = async (who: string, body: unknown) => api(app, `/api/projects/${data.projectId}/threads`, { cookie: cookies[who], method: 'POST', body });

  /** Deletes an indicator from the stored document, as an editor's delete would end up. */
  const deleteIndicator = async (id: string) => {
    const doc = await loadDoc(app.services.db, data.projectId);
    const before = Y.encodeStateVector(doc);
    new TableDoc(doc).deleteIndicator(id);
    await app.services.db.insertInto('doc_update').values({ project_id: data.projectId, data: Y.encodeStateAsUpdate(doc, before) }).execute();
    doc.destroy();
  };

  beforeAll(async () => {
    env = await openSeededApp(database, { eventsHeartbeatMs: 300 });
    ({ app, data, cookies } = env);
    const doc = await loadDoc(app.services.db, data.projectId);
    const ids = new TableDoc(doc).indicators().map((i) => i.id);
    doc.destroy();
    expect(ids.length).toBeGreaterThan(1);
    [indicatorId, otherIndicatorId] = ids as [string, string];
  });

  afterAll(() => env?.close());

  it('who may list, start threads, reply and resolve: everyone who sees the table, nobody else', async () => {
    for (const who of ['editor', 'reviewer', 'finance']) {
      const created = await newThread(who, { anchor: { kind: 'indicator', indicatorId }, body: `${who} 的问题` });
      expect(created.status, who).toBe(201);
      const thread = created.body as Thread;
      expect(thread.anchor).toEqual({ kind: 'indicator', indicatorId, deleted: false });
      expect(thread.comments).toMatchObject([{ author: { id: data.users[who as 'editor'].id, name: who }, body: `${who} 的问题`, deleted: false }]);
      for (const replier of ['editor', 'reviewer', 'finance']) {
        const reply = await api(app, `/api/threads/${thread.id}/comments`, { cookie: cookies[replier], method: 'POST', body: { body: `${replier} 回复` } });
        expect(reply.status, `${replier} replies to ${who}`).toBe(201);
        expect((reply.body as Comment).author.id).toBe(data.users[replier as 'editor'].id);
      }
      for (const resolver of ['editor', 'reviewer', 'finance']) {
        const resolved = await api(app, `/api/threads/${thread.id}/resolve`, { cookie: cookies[resolver], method: 'POST' });
        expect(resolved.status).toBe(200);
        expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: { id: data.users[resolver as 'editor'].id } });
        const reopened = await api(app, `/api/threads/${thread.id}/reopen`, { cookie: cookies[resolver], method: 'POST' });
        expect(reopened.status).toBe(200);
        expect(reopened.body).toMatchObject({ status: 'open', resolvedBy: null });
      }
      expect((await threadsOf(who)).some((t) => t.id === thread.id)).toBe(true);
    }
    const [first] = await threadsOf();
    const before = await counts();
    // the outsider (another department) and the city editor below may see none of it
    for (const who of ['outsider', 'subEditor']) {
      const list = await api(app, `/api/projects/${data.projectId}/threads`, { cookie: cookies[who] });
      expect(list.status).toBe(403);
      expect(err(list.body).message).toBe('您无权查看此项目');
      expect((await newThread(who, { anchor: { kind: 'goal' }, body: '外人' })).status).toBe(403);
      expect((await api(app, `/api/threads/${first!.id}/comments`, { cookie: cookies[who], method: 'POST', body: { body: '外人' } })).status).toBe(403);
      expect((await api(app, `/api/threads/${first!.id}/resolve`, { cookie: cookies[who], method: 'POST' })).status).toBe(403);
      expect((await api(app, `/api/threads/${first!.id}/reopen`, { cookie: cookies[who], method: 'POST' })).status).toBe(403);
      const ownComment = first!.comments[0]!.id;
      expect((await api(app, `/api/comments/${ownComment}`, { cookie: cookies[who], method: 'PATCH', body: { body: '改' } })).status).toBe(403);
      expect((await api(app, `/api/comments/${ownComment}`, { cookie: cookies[who], method: 'DELETE' })).status).toBe(403);
      expect((await api(app, `/api/projects/${data.projectId}/mentionable`, { cookie: cookies[who] })).status).toBe(403);
    }
    expect((await api(app, `/api/projects/${data.projectId}/threads`)).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('only the author edits or deletes a comment; a deleted one stays as 此评论已删除', async () => {
    const created = (await newThread('reviewer', { anchor: { kind: 'header', field: 'department' }, body: '主管部门填写有误' })).body as Thread;
    const commentId = created.comments[0]!.id;
    for (const who of ['editor', 'finance']) {
      const res = await api(app, `/api/comments/${commentId}`, { cookie: cookies[who], method: 'PATCH', body: { body: '被别人改了' } });
      expect(res.status).toBe(403);
      expect(err(res.body).message).toBe('只能修改或删除自己的评论');
      expect((await api(app, `/api/comments/${commentId}`, { cookie: cookies[who], method: 'DELETE' })).status).toBe(403);
    }
    const edited = await api(app, `/api/comments/${commentId}`, { cookie: cookies.reviewer, method: 'PATCH', body: { body: '  主管部门名称填写有误  ' } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: commentId, body: '主管部门名称填写有误', deleted: false });
    expect((edited.body as Comment).editedAt).toBeTruthy();
    await api(app, `/api/threads/${created.id}/comments`, { cookie: cookies.editor, method: 'POST', body: { body: '已改正' } });

    const deleted = await api(app, `/api/comments/${commentId}`, { cookie: cookies.reviewer, method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: commentId, body: '此评论已删除', deleted: true, mentions: [] });
    const thread = (await threadsOf('finance')).find((t) => t.id === created.id)!;
    expect(thread.anchor).toEqual({ kind: 'header', field: 'department' });
    expect(thread.comments.map((c) => [c.body, c.deleted])).toEqual([
      ['此评论已删除', true],
      ['已改正', false],
    ]);
    // the words are gone from the table; the audit trail keeps them
    const row = await app.services.db.selectFrom('comment').select('body').where('id', '=', commentId).executeTakeFirstOrThrow();
    expect(row.body).toBe('');
    const audit = await app.services.db.selectFrom('audit').select(['action', 'actor_id', 'data']).where('target', '=', commentId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['comment.edit', 'comment.delete']);
    expect(audit.every((a) => a.actor_id === data.users.reviewer.id)).toBe(true);
    expect(JSON.parse(audit[1]!.data)).toMatchObject({ body: '主管部门名称填写有误' });

    // acting on a deleted comment: 409, nothing changes
    const before = await counts();
    const again = await api(app, `/api/comments/${commentId}`, { cookie: cookies.reviewer, method: 'PATCH', body: { body: '复活' } });
    expect(again.status).toBe(409);
    expect(err(again.body)).toEqual({ code: 'COMMENT_DELETED', message: '此评论已删除，不能再修改' });
    expect((await api(app, `/api/comments/${commentId}`, { cookie: cookies.reviewer, method: 'DELETE' })).status).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it('refuses bad input with its status and message, storing nothing', async () => {
    const [thread] = await threadsOf();
    const before = await counts();
    const refused = async (res: Promise<{ status: number; body: unknown }>, status: number, message: string | RegExp) => {
      const { status: got, body } = await res;
      expect(got, JSON.stringify(body)).toBe(status);
      expect(err(body).message).toMatch(message);
    };
    await refused(api(app, '/api/projects/p_nope/threads', { cookie: cookies.editor }), 404, '项目不存在');
    await refused(api(app, '/api/projects/p_nope/threads', { cookie: cookies.editor, method: 'POST', body: { anchor: { kind: 'goal' }, body: '好' } }), 404, '项目不存在');
    await refused(api(app, '/api/threads/th_nope/comments', { cookie: cookies.editor, method: 'POST', body: { body: '好' } }), 404, '讨论不存在');
    await refused(api(app, '/api/threads/th_nope/resolve', { cookie: cookies.editor, method: 'POST' }), 404, '讨论不存在');
    await refused(api(app, '/api/comments/cm_nope', { cookie: cookies.editor, method: 'PATCH', body: { body: '好' } }), 404, '评论不存在');
    await refused(api(app, '/api/comments/cm_nope', { cookie: cookies.editor, method: 'DELETE' }), 404, '评论不存在');
    await refused(newThread('editor', { anchor: { kind: 'indicator', indicatorId: 'i_not_there' }, body: '好' }), 404, '指标不存在');
    await refused(newThread('editor', { anchor: { kind: 'cell' }, body: '好' }), 400, '讨论位置无效（指标、表头或绩效目标）');
    await refused(newThread('editor', { anchor: { kind: 'header', field: '__proto__' }, body: '好' }), 400, '表头字段无效');
    await refused(newThread('editor', { anchor: { kind: 'goal', start: POS_A }, body: '好' }), 400, '目标文字范围需要起点和终点');
    // base64 that is no Yjs position
    await refused(newThread('editor', { anchor: { kind: 'goal', start: 'AQID', end: POS_B }, body: '好' }), 400, '目标文字位置无效');
    await refused(newThread('editor', { anchor: { kind: 'goal', start: '<x>', end: 'AAA=' }, body: '好' }), 400, '目标文字位置无效');
    await refused(newThread('editor', { anchor: { kind: 'goal' } }), 400, '评论内容必须是文字');
    await refused(newThread('editor', { anchor: { kind: 'goal' }, body: ' \n\t ' }), 400, '请填写评论内容');
    await refused(newThread('editor', { anchor: { kind: 'goal' }, body: '字'.repeat(2001) }), 400, '评论不能超过 2000 个字');
    await refused(newThread('editor', { anchor: { kind: 'goal' }, body: '响铃\u0007' }), 400, '评论不能包含控制字符');
    await refused(newThread('editor', { anchor: { kind: 'goal' }, body: '附件abc\u202Egpj.exe' }), 400, '评论不能包含文字方向控制字符');
    await refused(newThread('editor', { anchor: { kind: 'goal' }, body: '\u200B\u200B\uFEFF' }), 400, '请填写评论内容');
    await refused(api(app, `/api/threads/${thread!.id}/comments`, { cookie: cookies.editor, method: 'POST', body: { body: '' } }), 400, '请填写评论内容');
    await refused(api(app, `/api/threads/${thread!.id}/comments`, { cookie: cookies.editor, method: 'POST', body: { body: 'x'.repeat(2001) } }), 400, '评论不能超过 2000 个字');
    await refused(api(app, `/api/threads/${thread!.id}/comments`, { cookie: cookies.editor, method: 'POST', body: '[]' }), 400, '请求体必须是 JSON 对象');
    await refused(api(app, `/api/threads/${thread!.id}/comments`, { cookie: cookies.editor, method: 'POST', body: { body: 3 } }), 400, '评论内容必须是文字');
    // mentions must be people who may see the table (the city editor below cannot)
    for (const mentions of [[data.users.subEditor.id], [data.users.outsider.id], ['u_nobody'], [data.users.finance.id, data.users.outsider.id]]) {
      await refused(newThread('editor', { anchor: { kind: 'goal' }, body: '请看', mentions }), 400, '只能提及可以查看此表的用户');
      await refused(api(app, `/api/threads/${thread!.id}/comments`, { cookie: cookies.editor, method: 'POST', body: { body: '请看', mentions } }), 400, '只能提及可以查看此表的用户');
    }
    await refused(newThread('editor', { anchor: { kind: 'goal' }, body: '请看', mentions: 'all' }), 400, '被提及的用户必须是列表');
    // not JSON, not ours
    const form = await fetch(`${app.url}/api/threads/${thread!.id}/comments`, {
      method: 'POST',
      headers: { cookie: cookies.editor!, origin: originOf(app), 'content-type': 'text/plain' },
      body: JSON.stringify({ body: '好' }),
    });
    expect(form.status).toBe(415);
    const foreign = await fetch(`${app.url}/api/threads/${thread!.id}/comments`, {
      method: 'POST',
      headers: { cookie: cookies.editor!, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ body: '好' }),
    });
    expect(foreign.status).toBe(403);
    // 2000 characters (not UTF-16 units) is fine: 2000 emoji are 4000 units
    const long = await newThread('editor', { anchor: { kind: 'goal' }, body: '😀'.repeat(2000) });
    expect(long.status).toBe(201);
    const after = await counts();
    expect(after).toEqual({ ...before, thread: before.thread + 1, comment: before.comment + 1, audit: before.audit + 1 });
  });

  it('a resolved thread takes no replies until reopened; resolving twice records once', async () => {
    const t = (await newThread('finance', { anchor: { kind: 'goal', start: POS_A, end: POS_B }, body: '目标表述不清' })).body as Thread;
    expect(t.anchor).toEqual({ kind: 'goal', start: POS_A, end: POS_B });
    expect((await api(app, `/api/threads/${t.id}/resolve`, { cookie: cookies.editor, method: 'POST' })).status).toBe(200);
    expect((await api(app, `/api/threads/${t.id}/resolve`, { cookie: cookies.reviewer, method: 'POST' })).body).toMatchObject({
      status: 'resolved',
      resolvedBy: { id: data.users.editor.id },
    });
    const reply = await api(app, `/api/threads/${t.id}/comments`, { cookie: cookies.finance, method: 'POST', body: { body: '还有问题' } });
    expect(reply.status).toBe(409);
    expect(err(reply.body).message).toBe('该讨论已解决，请先重新打开再回复');
    const audit = await app.services.db.selectFrom('audit').select('action').where('target', '=', t.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['thread.create', 'thread.resolve']);
    // resolved threads are listed too
    expect((await threadsOf('reviewer')).find((x) => x.id === t.id)?.status).toBe('resolved');
  });

  it('stores a script verbatim and returns it as a JSON string', async () => {
    const body = '<script>alert(1)</script> & "引号" \'单\'\n第二行';
    const created = await newThread('editor', { anchor: { kind: 'indicator', indicatorId }, body });
    expect(created.status).toBe(201);
    const res = await fetch(`${app.url}/api/projects/${data.projectId}/threads`, { headers: { cookie: cookies.reviewer! } });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const threads = (await res.json()) as Thread[];
    expect(threads.find((t) => t.id === (created.body as Thread).id)?.comments[0]?.body).toBe(body);
    const row = await app.services.db.selectFrom('comment').select('body').where('id', '=', (created.body as Thread).comments[0]!.id).executeTakeFirstOrThrow();
    expect(row.body).toBe(body);
  });

  it('mentions notify the people mentioned (not the author), who mark them read', async () => {
    const mentionable = await api(app, `/api/projects/${data.projectId}/mentionable`, { cookie: cookies.finance });
    expect(mentionable.status).toBe(200);
    expect((mentionable.body as UserRef[]).map((u) => u.name).sort()).toEqual(['editor', 'editor2', 'finance', 'reviewer']);

    const unread = async (who: string) => ((await api(app, '/api/notifications', { cookie: cookies[who] })).body as { unread: number }).unread;
    const financeBefore = await unread('finance');
    const created = await newThread('editor', {
      anchor: { kind: 'indicator', indicatorId },
      body: '@finance 请看成本指标',
      mentions: [data.users.finance.id, data.users.finance.id, data.users.editor.id],
    });
    expect(created.status).toBe(201);
    const thread = created.body as Thread;
    expect(thread.comments[0]!.mentions.map((m) => m.id).sort()).toEqual([data.users.editor.id, data.users.finance.id].sort());
    expect(await unread('finance')).toBe(financeBefore + 1);
    expect(await unread('editor')).toBe(0); // not for mentioning oneself

    const list = (await api(app, '/api/notifications', { cookie: cookies.finance })).body as {
      items: Array<{ id: string; kind: string; project: { id: string }; threadId: string; commentId: string; by: UserRef; excerpt: string; readAt: string | null }>;
    };
    expect(list.items[0]).toMatchObject({
      kind: 'mention',
      project: { id: data.projectId },
      threadId: thread.id,
      commentId: thread.comments[0]!.id,
      by: { id: data.users.editor.id, name: 'editor' },
      excerpt: '@finance 请看成本指标',
      readAt: null,
    });
    // an edit notifies only whom it newly mentions
    const edited = await api(app, `/api/comments/${thread.comments[0]!.id}`, {
      cookie: cookies.editor,
      method: 'PATCH',
      body: { body: '@finance @reviewer 请看成本指标', mentions: [data.users.finance.id, data.users.reviewer.id] },
    });
    expect(edited.status).toBe(200);
    expect(await unread('finance')).toBe(financeBefore + 1);
    expect(await unread('reviewer')).toBe(1);
    // an edit without `mentions` keeps them
    const kept = await api(app, `/api/comments/${thread.comments[0]!.id}`, { cookie: cookies.editor, method: 'PATCH', body: { body: '@finance @reviewer 请看成本指标！' } });
    expect((kept.body as Comment).mentions.map((m) => m.name).sort()).toEqual(['finance', 'reviewer']);
    // marking someone else's notification changes nothing
    const reviewerItems = ((await api(app, '/api/notifications', { cookie: cookies.reviewer })).body as typeof list).items;
    const other = await api(app, '/api/notifications/read', { cookie: cookies.finance, method: 'POST', body: { ids: [reviewerItems[0]!.id] } });
    expect(other.body).toMatchObject({ marked: 0 });
    expect(await unread('reviewer')).toBe(1);
    const one = await api(app, '/api/notifications/read', { cookie: cookies.reviewer, method: 'POST', body: { ids: [reviewerItems[0]!.id] } });
    expect(one.body).toEqual({ marked: 1, unread: 0 });
    const all = await api(app, '/api/notifications/read', { cookie: cookies.finance, method: 'POST', body: {} });
    expect(all.status).toBe(200);
    expect((all.body as { unread: number }).unread).toBe(0);
    expect((await api(app, '/api/notifications/read', { cookie: cookies.finance, method: 'POST', body: { ids: 'x' } })).status).toBe(400);
    // the outsider has none and sees none
    expect((await api(app, '/api/notifications', { cookie: cookies.outsider })).body).toEqual({ items: [], unread: 0 });
  });

  it('a thread whose indicator was deleted later stays readable, marked deleted', async () => {
    const created = (await newThread('reviewer', { anchor: { kind: 'indicator', indicatorId: otherIndicatorId }, body: '这条指标值偏低' })).body as Thread;
    await deleteIndicator(otherIndicatorId);
    const thread = (await threadsOf('editor')).find((t) => t.id === created.id)!;
    expect(thread.anchor).toEqual({ kind: 'indicator', indicatorId: otherIndicatorId, deleted: true });
    expect(thread.comments[0]!.body).toBe('这条指标值偏低');
    // still answerable and resolvable; no new thread on it
    expect((await api(app, `/api/threads/${created.id}/comments`, { cookie: cookies.editor, method: 'POST', body: { body: '已删除该指标' } })).status).toBe(201);
    const resolved = await api(app, `/api/threads/${created.id}/resolve`, { cookie: cookies.reviewer, method: 'POST' });
    expect(resolved.body).toMatchObject({ status: 'resolved', anchor: { deleted: true } });
    const refused = await newThread('reviewer', { anchor: { kind: 'indicator', indicatorId: otherIndicatorId }, body: '再问' });
    expect(refused.status).toBe(404);
    expect(err(refused.body).message).toBe('指标不存在');
  });

  it('streams events (SSE): checked at connect, not compressed, heartbeats, a comment within 1 s, ends with the client', async () => {
    const url = `${app.url}/api/projects/${data.projectId}/events`;
    expect((await openSse(url)).status).toBe(401);
    const outsider = await openSse(url, cookies.outsider);
    expect(outsider.status).toBe(403);
    expect((await openSse(`${app.url}/api/projects/p_nope/events`, cookies.editor)).status).toBe(404);

    const sub = await openSse(url, cookies.finance, { 'accept-encoding': 'gzip, deflate' });
    expect(sub.status).toBe(200);
    expect(sub.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(sub.headers.get('content-encoding')).toBeNull();
    await waitFor(() => app.events.subscribers(data.projectId) === 1, 'the subscription');
    const [thread] = await threadsOf();
    const sent = Date.now();
    const reply = await api(app, `/api/threads/${thread!.id}/comments`, { cookie: cookies.editor, method: 'POST', body: { body: '实时' } });
    expect(reply.status).toBe(201);
    await waitFor(() => sub.events.length > 0, 'the comment event', 1000);
    expect(Date.now() - sent).toBeLessThan(1000);
    expect(sub.events[0]).toEqual({ type: 'comment', projectId: data.projectId, threadId: thread!.id, commentId: (reply.body as Comment).id, action: 'created' });
    await api(app, `/api/threads/${thread!.id}/resolve`, { cookie: cookies.reviewer, method: 'POST' });
    await waitFor(() => sub.events.length > 1, 'the thread event', 1000);
    expect(sub.events[1]).toMatchObject({ type: 'thread', threadId: thread!.id, action: 'resolved' });
    await api(app, `/api/threads/${thread!.id}/reopen`, { cookie: cookies.reviewer, method: 'POST' });
    // idle: heartbeat comments keep the stream alive
    await sleep(700);
    expect(sub.comments.filter((c) => c === ': ping').length).toBeGreaterThan(0);
    sub.close();
    await waitFor(() => app.events.subscribers(data.projectId) === 0, 'the subscription to end');
  });

  it('an event stream ends when its table is deleted', async () => {
    const made = await api(app, '/api/projects', { cookie: cookies.editor, method: 'POST', body: { unitId: data.units.dept, name: '将被删除的表', year: 2026 } });
    const projectId = (made.body as { id: string }).id;
    const sub = await openSse(`${app.url}/api/projects/${projectId}/events`, cookies.reviewer);
    expect(sub.status).toBe(200);
    await waitFor(() => app.events.subscribers(projectId) === 1, 'the subscription');
    expect((await api(app, `/api/projects/${projectId}`, { cookie: cookies.editor, method: 'DELETE' })).status).toBe(200);
    await sub.ended;
    expect(app.events.subscribers(projectId)).toBe(0);
    const gone = await openSse(`${app.url}/api/projects/${projectId}/events`, cookies.reviewer);
    expect(gone.status).toBe(410);
  });
});
