import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { testDatabases } from '@jixiao/db/testing';
import { importPublishedText } from '@jixiao/table';
import { exportWorkbook } from '@jixiao/table/xlsx';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningApp } from '../src/app.ts';
import {
  farCell,
  giantDimension,
  hugeMerge,
  manyCells,
  sheetsBomb,
  tooManyEntries,
  zipBomb,
} from '../../../packages/table/src/xlsx/test-workbooks.ts';
import { type Seed, api, freePort, originOf, seed, signIn, sleep, start } from './helpers.ts';

const SEEDS = {
  '000': '000_547459f560d0e71d.txt',
  '001': '001_0c2e672837a57fc8.txt',
  '002': '002_8cf17c9fa6bd6500.txt',
  '003': '003_779fbb76cc83e166.txt',
  '004': '004_c06f50f66a321734.txt',
} as const;
const seedText = (k: keyof typeof SEEDS) =>
  readFileSync(new URL(`../../../packages/table/fixtures/seeds/${SEEDS[k]}`, import.meta.url), 'utf8');

interface Preview {
  tables: Array<{
    header: Record<string, string>;
    moneyUnit: string;
    money: Array<{ field: string; amount: string }>;
    indicators: Array<{ level1: string; level2: string; name: string; value: string; parsed: unknown }>;
    findings: unknown[];
    doubts: unknown[];
    source: { startLine: number; endLine: number };
  }>;
  selfEvaluations: Array<{ kind: string; indicators: unknown[]; total?: { score: string } }>;
  doubts: unknown[];
}

describe.each(testDatabases())('import API on $name', (database) => {
  let drop: () => Promise<void>;
  let app: RunningApp;
  let data: Seed;
  let cookie: string;

  const post = async (body: BodyInit, contentType?: string, who = cookie) => {
    const headers: Record<string, string> = { origin: originOf(app), cookie: who };
    if (contentType) headers['content-type'] = contentType;
    const res = await fetch(`${app.url}/api/import/preview`, { method: 'POST', headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep text
    }
    return { status: res.status, body: parsed };
  };
  const upload = (bytes: Uint8Array | string, name: string, type = 'application/octet-stream') => {
    const form = new FormData();
    form.append('file', new Blob([bytes as BlobPart], { type }), name);
    return post(form);
  };
  const counts = async () => {
    const { db } = app.services;
    const n = async (t: 'project' | 'doc_update' | 'audit' | 'doc_snapshot') =>
      Number((await db.selectFrom(t).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { project: await n('project'), doc_update: await n('doc_update'), audit: await n('audit'), snapshot: await n('doc_snapshot') };
  };

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    app = await start(created.url, await freePort());
    data = await seed(app);
    cookie = await signIn(app, data.users.editor.email);
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('needs a session', async () => {
    const res = await post('项目名称\tx', 'text/plain', '');
    expect(res.status).toBe(401);
    expect((await api(app, '/api/import/projects', { method: 'POST', body: {} })).status).toBe(401);
  });

  it('previews seeds 000–004 with the right counts and stores nothing', async () => {
    const before = await counts();
    const expected = { '000': [4, 0], '001': [5, 0], '002': [0, 4], '003': [6, 0], '004': [6, 0] } as const;
    let targets = 0;
    for (const k of Object.keys(SEEDS) as Array<keyof typeof SEEDS>) {
      // each seed through a different way in
      const text = seedText(k);
      const res =
        k === '001' ? await post(JSON.stringify({ text }), 'application/json')
        : k === '004' ? await upload(text, `${k}.txt`, 'text/plain')
        : await post(text, 'text/plain; charset=utf-8');
      expect(res.status, k).toBe(200);
      const body = res.body as Preview;
      expect([body.tables.length, body.selfEvaluations.length], k).toEqual(expected[k]);
      const direct = importPublishedText(text);
      expect(body.tables.map((t) => t.indicators.length), k).toEqual(direct.tables.map((t) => t.table.indicators.length));
      targets += body.tables.length;
    }
    expect(targets).toBe(21);
    expect(await counts()).toEqual(before);
  });

  it('returns header, money with unit, indicators with parsed values, findings, doubts, source', async () => {
    const res = await post(seedText('003'), 'text/plain');
    const t = (res.body as Preview).tables[0]!;
    expect(t.moneyUnit).toBe('元');
    expect(t.header.projectName).toBeTruthy();
    expect(t.header).not.toHaveProperty('moneyUnit');
    expect(t.money.length).toBeGreaterThan(0);
    expect(t.indicators[0]).toEqual({
      level1: expect.any(String),
      level2: expect.any(String),
      name: expect.any(String),
      value: expect.any(String),
      parsed: expect.anything(),
    });
    expect(Array.isArray(t.findings)).toBe(true);
    expect(Array.isArray(t.doubts)).toBe(true);
    expect(t.source.startLine).toBeGreaterThan(0);
    const se = await post(seedText('002'), 'text/plain');
    const evals = (se.body as Preview).selfEvaluations;
    expect(evals.map((e) => e.kind)).toEqual(['transfer', 'transfer', 'transfer', 'project']);
    expect(evals[3]!.total?.score).toBe('92.8');
  });

  it('previews an xlsx workbook', async () => {
    const table = importPublishedText(seedText('003')).tables[0]!.table;
    const res = await upload(await exportWorkbook(table), '绩效目标表.xlsx');
    expect(res.status).toBe(200);
    const body = res.body as Preview;
    expect(body.tables).toHaveLength(1);
    expect(body.tables[0]!.header.projectName).toBe(table.header.projectName);
    expect(body.tables[0]!.indicators).toHaveLength(table.indicators.length);
  });

  it('refuses bad input with a status and a Chinese message', async () => {
    const before = await counts();
    const cases: Array<[string, Promise<{ status: number; body: unknown }>, number, RegExp]> = [
      ['empty text', post('   \n', 'text/plain'), 400, /内容为空/],
      ['empty JSON text', post(JSON.stringify({ text: '' }), 'application/json'), 400, /内容为空/],
      ['JSON without text', post(JSON.stringify({ x: 1 }), 'application/json'), 400, /text/],
      ['broken JSON', post('{"text": ', 'application/json'), 400, /JSON/],
      ['too large', post('项'.repeat(2 * 1024 * 1024), 'text/plain'), 413, /过大/],
      ['too large file', upload(new Uint8Array(6 * 1024 * 1024).fill(65), 'big.txt'), 413, /过大/],
      ['binary', upload(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]), 'x.png'), 415, /无法识别的文件/],
      ['binary as text', post(new Uint8Array([1, 2, 0, 4, 5, 0, 0, 9]), 'text/plain'), 415, /无法识别的文件/],
      ['old xls', upload(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'a.xls'), 415, /\.xls/],
      ['broken xlsx', upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]), 'a.xlsx'), 415, /Excel/],
      ['other content type', post('<a/>', 'application/xml'), 415, /不支持的内容类型/],
      ['unknown layout', post('会议纪要\n今天讨论了明年的工作安排。', 'text/plain'), 422, /没有识别出.*未找到绩效目标表/],
    ];
    for (const [what, p, status, message] of cases) {
      const res = await p;
      expect(res.status, what).toBe(status);
      const err = (res.body as { error: { code: string; message: string } }).error;
      expect(err.message, what).toMatch(message);
      expect(err.message, what).toMatch(/[\u4e00-\u9fff]/);
    }
    // GB18030 text is read too
    const gb = new Uint8Array([0xcf, 0xee, 0xc4, 0xbf, 0xc3, 0xfb, 0xb3, 0xc6]); // 项目名称
    const res = await upload(gb, 'gbk.txt');
    expect(res.status).not.toBe(415);
    expect(await counts()).toEqual(before);
  });

  it('takes an upload the client abandons for the client’s doing, not a server error', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { port } = new URL(app.url);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST /api/import/preview HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${originOf(app)}\r\nCookie: ${cookie}\r\n` +
          'Content-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n项目名称',
      );
      await sleep(200);
      socket.destroy();
      await sleep(300);
      expect((await api(app, '/healthz')).status).toBe(200);
      expect(errors.mock.calls.map((c) => String(c[0]))).not.toContain('[api]');
    } finally {
      errors.mockRestore();
    }
  });

  it('refuses hostile workbooks quickly, with 413/422 and a Chinese message, and reads giant-dimension ones', async () => {
    await upload(giantDimension(), 'warm-up.xlsx'); // a cold worker takes a second to start
    const cases: Array<[string, Uint8Array, number, string, RegExp]> = [
      ['zip bomb (200 KB → 190 MiB)', zipBomb(190), 413, 'WORKBOOK_TOO_LARGE', /解压后过大/],
      ['zip bomb with a lying size', zipBomb(190, { declaredSize: 1000 }), 413, 'WORKBOOK_TOO_LARGE', /解压后过大/],
      ['parts over the total', sheetsBomb(3, 12), 413, 'WORKBOOK_TOO_LARGE', /解压后过大/],
      ['too many entries', tooManyEntries(5000), 422, 'WORKBOOK_TOO_COMPLEX', /文件过多/],
      ['merge over the whole sheet', hugeMerge(), 422, 'WORKBOOK_TOO_COMPLEX', /合并单元格/],
      ['too many rows', manyCells(300_000), 422, 'WORKBOOK_TOO_COMPLEX', /单元格.*超过/],
    ];
    for (const [what, bytes, status, code, message] of cases) {
      const t0 = performance.now();
      const res = await upload(bytes, `${what}.xlsx`);
      const ms = performance.now() - t0;
      expect(res.status, what).toBe(status);
      const err = (res.body as { error: { code: string; message: string } }).error;
      expect(err.code, what).toBe(code);
      expect(err.message, what).toMatch(message);
      expect(ms, what).toBeLessThan(3000);
    }
    for (const [what, bytes] of [['dimension A1:ALL1048576', giantDimension()], ['cell at XFD1048576', farCell()]] as const) {
      const t0 = performance.now();
      const res = await upload(bytes, 'x.xlsx');
      expect(res.status, what).toBe(200);
      expect((res.body as Preview).tables[0]!.indicators, what).toHaveLength(2);
      expect(performance.now() - t0, what).toBeLessThan(3000);
    }
    // and the server goes on serving imports
    expect((await post(seedText('003'), 'text/plain')).status).toBe(200);
  });

  it('keeps answering /healthz promptly while uploads are parsed', async () => {
    const heavy = manyCells(100_000); // valid, about a second of parsing
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const uploads = Promise.all([upload(heavy, 'heavy.xlsx'), upload(zipBomb(190), 'bomb.xlsx'), upload(hugeMerge(), 'merge.xlsx')]);
    let done = false;
    void uploads.finally(() => {
      done = true;
    });
    const pings: number[] = [];
    while (!done) {
      const t0 = performance.now();
      const res = await fetch(`${app.url}/healthz`);
      expect(res.status).toBe(200);
      pings.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    delay.disable();
    expect(Math.max(...pings)).toBeLessThan(200);
    expect(delay.max / 1e6).toBeLessThan(200);
    expect(pings.length).toBeGreaterThan(3);
    const [big, bomb, merge] = await uploads;
    expect(big.status).toBe(200);
    expect((big.body as Preview).tables[0]!.indicators.length).toBeGreaterThan(4000);
    expect([bomb.status, merge.status]).toEqual([413, 422]);
  });

  it('creates projects from a preview, all at once', async () => {
    const prev = (await post(seedText('003'), 'text/plain')).body as Preview;
    const tables = prev.tables.map((t) => ({
      header: { ...t.header, moneyUnit: t.moneyUnit },
      goal: (t as unknown as { goal: string }).goal,
      indicators: t.indicators.map(({ level1, level2, name, value }) => ({ level1, level2, name, value })),
    }));
    const before = await counts();
    const res = await api(app, '/api/import/projects', { method: 'POST', cookie, body: { unitId: data.units.dept, tables } });
    expect(res.status).toBe(201);
    const created = res.body as Array<{ id: string; name: string }>;
    expect(created).toHaveLength(6);
    const after = await counts();
    expect(after.project).toBe(before.project + 6);
    expect(after.audit).toBe(before.audit + 1);
    const list = (await api(app, '/api/projects', { cookie })).body as Array<{ id: string }>;
    for (const p of created) expect(list.map((x) => x.id)).toContain(p.id);
    // someone who may not create projects in the unit gets 403 and nothing is written
    const reviewer = await signIn(app, data.users.reviewer.email);
    const refused = await api(app, '/api/import/projects', { method: 'POST', cookie: reviewer, body: { unitId: data.units.dept, tables } });
    expect(refused.status).toBe(403);
    expect((await counts()).project).toBe(after.project);
  });
});
