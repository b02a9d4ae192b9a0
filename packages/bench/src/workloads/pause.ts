/**
 * pause (jixiao only): under a moderate load on 10 tables the database stalls for ~7 s
 * (SQLite: another connection holds BEGIN EXCLUSIVE; PostgreSQL: a transaction holds
 * doc_update in ACCESS EXCLUSIVE mode). Checks, printed as PASS/FAIL with counts:
 *  - nothing made during the stall is relayed before the stall ends (it cannot be committed);
 *  - the clients are told their edits are not saved: no saved-ack (jixiao's `?ack=1`) for what
 *    they made during the stall, so the editor shows 未保存, or close 4503 (CLOSE.unsaved);
 *  - afterwards every edit any client made is in the stored document (reconnects resend).
 */
import { connect } from '@jixiao/db';
import { loadDocUpdates } from '@jixiao/core';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ownClock } from '@jixiao/table';
import * as Y from 'yjs';
import { addSenderRow, type FullClient, fullClient, stamp, watchRow } from '../clients.ts';
import { sleep, waitFor } from '../measure.ts';
import type { Figures, WorkloadContext } from './context.ts';

const RATE = 100;
const BEFORE_MS = 2000;
const STALL_MS = 7000;
const AFTER_MS = 3000;
const UNSAVED_CLOSE = 4503;

interface Stall {
  release(): Promise<void>;
}

async function stallDatabase(database: { kind: 'sqlite' | 'postgres'; url: string }): Promise<Stall> {
  if (database.kind === 'sqlite') {
    const db = new Database(database.url, { timeout: 2000 });
    db.exec('BEGIN EXCLUSIVE');
    return {
      release: async () => {
        db.exec('COMMIT');
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE doc_update IN ACCESS EXCLUSIVE MODE');
  return {
    release: async () => {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

export async function pause({ server, log }: WorkloadContext): Promise<Figures> {
  const database = server.database;
  if (!database) return {};
  const tables = server.rooms.pause.map((room) => ({ room, sender: fullClient(server.target, room, true), observer: fullClient(server.target, room), sentAt: [] as number[], seenAt: [] as number[] }));
  const all: FullClient[] = tables.flatMap((t) => [t.sender, t.observer]);
  try {
    await Promise.all(all.map((c) => c.synced));
    tables.forEach((t, i) => {
      addSenderRow(t.sender.table, `row-${i}`);
    });
    await waitFor(() => tables.every((t, i) => t.observer.table.row(`row-${i}`)?.get('value')), 'each sender row at its observer');
    tables.forEach((t, i) => {
      watchRow(t.observer.table, `row-${i}`, (seq, now) => {
        t.seenAt[seq] = now;
      });
    });

    let next = 0;
    const editor = setInterval(() => {
      for (let k = 0; k < RATE / 100; k++) {
        const i = next;
        next = (next + 1) % tables.length;
        const t = tables[i]!;
        t.sentAt.push(performance.now());
        t.sender.table.setIndicatorText(`row-${i}`, 'value', stamp(t.sentAt.length - 1));
      }
    }, 10);
    await sleep(BEFORE_MS);
    const stall = await stallDatabase(database);
    const stalledAt = performance.now();
    const closesBefore = all.map((c) => c.closeCodes.length);
    const clockAtStall = tables.map((t) => ownClock(t.sender.doc));
    await sleep(STALL_MS);
    const releasedAt = performance.now();
    // what each sender shows at the end of the stall: 未保存 while its own clock is ahead of the acks
    const unsavedShown = tables.filter((t) => ownClock(t.sender.doc) > t.sender.savedUpTo).length;
    // an acknowledgement of anything made after the stall began would be a lie
    const ackedDuringStall = tables.filter((t, i) => t.sender.savedUpTo > clockAtStall[i]!).length;
    await stall.release();
    await sleep(AFTER_MS);
    clearInterval(editor);

    // made during the stall and seen by another client before it ended: relayed uncommitted
    let madeDuringStall = 0;
    let relayedDuringStall = 0;
    for (const t of tables) {
      t.sentAt.forEach((sent, seq) => {
        if (sent < stalledAt || sent >= releasedAt) return;
        madeDuringStall++;
        const seen = t.seenAt[seq];
        if (seen !== undefined && seen < releasedAt) relayedDuringStall++;
      });
    }
    const closed = tables.filter((t) => t.sender.closeCodes.slice(closesBefore[all.indexOf(t.sender)]).includes(UNSAVED_CLOSE)).length;
    const converged = await waitFor(() => tables.every((t) => t.seenAt.length === t.sentAt.length), 'clients to converge after the stall', 30_000).then(
      () => true,
      () => false,
    );

    // the stored documents: every sender's every edit (its whole clock) must be there
    const handle = connect(database.url);
    let missingEdits = 0;
    try {
      for (const t of tables) {
        const stored = new Y.Doc();
        for (const u of (await loadDocUpdates(handle.db, t.room)).updates) Y.applyUpdate(stored, u);
        const id = t.sender.doc.clientID;
        const want = Y.decodeStateVector(Y.encodeStateVector(t.sender.doc)).get(id) ?? 0;
        const have = Y.decodeStateVector(Y.encodeStateVector(stored)).get(id) ?? 0;
        // each edit of the 指标值 is two items (delete + insert of a ~10-character stamp): count by stamps
        if (have < want) missingEdits += Math.max(1, t.sentAt.length - 1 - stampOf(stored, tables.indexOf(t)));
      }
    } finally {
      await handle.close();
    }
    const made = tables.reduce((n, t) => n + t.sentAt.length, 0);
    const line = (ok: boolean, what: string) => log(`pause: ${ok ? 'PASS' : 'FAIL'} ${what}`);
    line(relayedDuringStall === 0, `nothing relayed while stalled: ${relayedDuringStall} of ${madeDuringStall} edits made during the ${STALL_MS / 1000} s stall reached another client before it ended`);
    line(
      unsavedShown === tables.length && ackedDuringStall === 0,
      `clients told their edits are not saved: ${unsavedShown} of ${tables.length} editing clients had unacknowledged edits at the end of the stall (未保存), ${ackedDuringStall} got an acknowledgement of an edit made during it; ${closed} got close ${UNSAVED_CLOSE}`,
    );
    line(converged && missingEdits === 0, `every edit stored after release: ${made - missingEdits} of ${made} edits in the stored documents${converged ? '' : ' (clients did NOT converge within 30 s)'}`);
    return {
      'pause.relayedWhileStalled': relayedDuringStall,
      'pause.told': unsavedShown,
      'pause.closed4503': closed,
      'pause.missingEdits': missingEdits,
    };
  } finally {
    for (const c of all) c.destroy();
  }
}

function stampOf(doc: Y.Doc, i: number): number {
  const row = doc.getMap('indicators').get(`row-${i}`);
  const text = row instanceof Y.Map ? row.get('value') : undefined;
  if (!(text instanceof Y.Text)) return -1;
  const s = text.toString();
  return Number(s.slice(s.lastIndexOf('#') + 1));
}
