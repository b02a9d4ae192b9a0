/** The table's 项目名称 is the project's name: edits in the document rename it in the list. */
import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../src/app.ts';
import { type Client, type Seed, type SeededApp, api, connectClient, destroyClients, openSeededApp, sleep, waitFor } from './helpers.ts';

async function eventually(cond: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe.each(testDatabases())('project name from the document on $name', (database) => {
  let env: SeededApp;
  let app: RunningApp;
  let data: Seed;
  let cookies: Record<string, string>;
  let clients: Client[] = [];

  beforeAll(async () => {
    env = await openSeededApp(database, { collabConfig: { nameSyncDelayMs: 50, idleUnloadMs: 100 } });
    ({ app, data, cookies } = env);
  });
  afterEach(() => {
    destroyClients(...clients);
    clients = [];
  });
  afterAll(() => env?.close());

  const listedName = async (id = data.projectId) => ((await api(app, `/api/projects/${id}`, { cookie: cookies.editor })).body as { name: string }).name;
  const rename = (client: Client, name: string) => new TableDoc(client.doc).setHeader('projectName', name);

  it('renames the project when its 项目名称 is edited, for the list, the page and the export', async () => {
    const editor = await connectClient(app, data.projectId, cookies.editor!);
    clients.push(editor);
    rename(editor, '  医疗保障服务项目（调整后）  ');
    await eventually(async () => (await listedName()) === '医疗保障服务项目（调整后）', 'listed name follows the document');
    const list = (await api(app, '/api/projects', { cookie: cookies.reviewer })).body as Array<{ id: string; name: string }>;
    expect(list.find((p) => p.id === data.projectId)?.name).toBe('医疗保障服务项目（调整后）');
    const xlsx = await fetch(`${app.url}/api/projects/${data.projectId}/export.xlsx`, { headers: { cookie: cookies.editor! } });
    expect(decodeURIComponent(xlsx.headers.get('content-disposition') ?? '')).toContain('医疗保障服务项目（调整后）.xlsx');
  });

  it('keeps the listed name when the typed one cannot be a project name (empty, too long, control characters, taken)', async () => {
    const other = (await api(app, '/api/projects', { cookie: cookies.editor, method: 'POST', body: { unitId: data.units.dept, name: '另一张表', year: 2026 } })).body as { id: string };
    const before = await listedName();
    const editor = await connectClient(app, data.projectId, cookies.editor!);
    clients.push(editor);
    for (const name of ['', '   ', '长'.repeat(201), '名称\u0000\u0007', '另一张表']) {
      rename(editor, name);
      await sleep(250);
      expect(await listedName(), JSON.stringify(name).slice(0, 20)).toBe(before);
    }
    expect(await listedName(other.id)).toBe('另一张表');
    // and follows again once the name is free
    rename(editor, '又改了名字');
    await eventually(async () => (await listedName()) === '又改了名字', 'renamed again');
  });

  it('saves a rename made just before the room unloads', async () => {
    const editor = await connectClient(app, data.projectId, cookies.editor!);
    rename(editor, '临走前改的名字');
    // leave at once: the unload flushes the pending name
    await sleep(20);
    destroyClients(editor);
    await waitFor(() => app.collab.roomCount === 0, 'room unloaded');
    expect(await listedName()).toBe('临走前改的名字');
  });
});
