/**
 * Demo mode (JIXIAO_DEMO=1): the Ningxia medical-security bureaus, their finance department,
 * one account per role and projects holding the real published tables of the seeds.
 * Idempotent: a second start finds the data and adds nothing.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { type Auth, createAccount, findAccount, revokeSessions, setPassword } from '@jixiao/auth';
import type { Database, Kysely, Role, UnitKind, UnitLevel } from '@jixiao/db';
import { importPublishedText } from '@jixiao/table';
import { nowIso } from '../errors.ts';
import { initialDocUpdate, storeInitialDocument } from '../projects/create-project.ts';

export const DEMO_PASSWORD = 'jixiao-demo-2026';

const UNITS: Array<{ id: string; name: string; kind: UnitKind; level: UnitLevel; parent: string | null }> = [
  { id: 'u_nx_ybj', name: '宁夏回族自治区医疗保障局', kind: 'department', level: 'region', parent: null },
  { id: 'u_gy_ybj', name: '固原市医疗保障局', kind: 'department', level: 'city', parent: 'u_nx_ybj' },
  { id: 'u_pl_ybj', name: '平罗县医疗保障局', kind: 'department', level: 'county', parent: 'u_nx_ybj' },
  { id: 'u_nx_czt', name: '宁夏回族自治区财政厅', kind: 'finance', level: 'region', parent: null },
];
const OVERSIGHT = [{ finance_unit_id: 'u_nx_czt', unit_id: 'u_nx_ybj' }];

export interface DemoAccount {
  email: string;
  name: string;
  unit: string;
  role: Role;
}

const RAW_ACCOUNTS: Array<Omit<DemoAccount, 'unit'> & { unitId: string }> = [
  { email: 'editor@jixiao.demo', name: '张填报', unitId: 'u_nx_ybj', role: 'editor' },
  { email: 'editor2@jixiao.demo', name: '李协同', unitId: 'u_nx_ybj', role: 'editor' },
  { email: 'reviewer@jixiao.demo', name: '王审核', unitId: 'u_nx_ybj', role: 'reviewer' },
  { email: 'finance@jixiao.demo', name: '陈财审', unitId: 'u_nx_czt', role: 'reviewer' },
  { email: 'approver@jixiao.demo', name: '赵批复', unitId: 'u_nx_czt', role: 'approver' },
  { email: 'admin@jixiao.demo', name: '孙管理', unitId: 'u_nx_ybj', role: 'admin' },
  { email: 'guyuan@jixiao.demo', name: '马固原', unitId: 'u_gy_ybj', role: 'editor' },
  { email: 'pingluo@jixiao.demo', name: '杨平罗', unitId: 'u_pl_ybj', role: 'editor' },
];
const ACCOUNTS = RAW_ACCOUNTS.map((a) => ({ ...a, unit: UNITS.find((u) => u.id === a.unitId)!.name }));

/** The demo accounts as listed in the README and by GET /api/demo/accounts. */
export function demoAccounts(): DemoAccount[] {
  return ACCOUNTS.map(({ email, name, unit, role }) => ({ email, name, unit, role }));
}

/** Which seed file's tables belong to which unit, and their year when the text has none. */
const SEED_PROJECTS = [
  { file: '000_547459f560d0e71d.txt', unitId: 'u_nx_ybj', year: 2026 },
  { file: '001_0c2e672837a57fc8.txt', unitId: 'u_nx_ybj', year: 2021 },
  { file: '003_779fbb76cc83e166.txt', unitId: 'u_pl_ybj', year: 2026 },
  { file: '004_c06f50f66a321734.txt', unitId: 'u_gy_ybj', year: 2022 },
];

export const SEED_DIR = new URL('../../../table/fixtures/seeds/', import.meta.url);

/**
 * Demo accounts are marked when made, and get their roles only then: a role an admin revoked
 * stays revoked at the next demo start. Their published password is set again at each demo
 * start (a start without demo mode made it unusable, see refuseDemoAccounts).
 */
async function ensureDemoAccounts(db: Kysely<Database>, auth: Auth): Promise<void> {
  const extraAdmin = { unitId: 'u_nx_czt', role: 'admin' as Role };
  for (const a of ACCOUNTS) {
    const found = await findAccount(auth, a.email);
    if (found) {
      const marked = await db.selectFrom('demo_account').select('user_id').where('user_id', '=', found.id).executeTakeFirst();
      // an account of that email made by an admin is a real account: leave it alone
      if (marked) await setPassword(auth, found.id, DEMO_PASSWORD);
      continue;
    }
    const user = await createAccount(auth, { email: a.email, name: a.name, password: DEMO_PASSWORD });
    const grants = a.role === 'admin' ? [{ unitId: a.unitId, role: a.role }, extraAdmin] : [a];
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('demo_account').values({ user_id: user.id }).execute();
      for (const g of grants) {
        await tx.insertInto('membership').values({ user_id: user.id, unit_id: g.unitId, role: g.role }).execute();
      }
    });
  }
}

/**
 * Without demo mode the demo accounts must not open: their sessions end and their password
 * (published in the README) is replaced by a random one nobody knows.
 */
export async function refuseDemoAccounts(db: Kysely<Database>, auth: Auth): Promise<number> {
  const rows = await db.selectFrom('demo_account').select('user_id').execute();
  for (const { user_id } of rows) {
    await setPassword(auth, user_id, randomBytes(32).toString('base64url'));
    await revokeSessions(auth, user_id);
  }
  return rows.length;
}

export async function loadDemoData(db: Kysely<Database>, auth: Auth): Promise<{ projects: number }> {
  const done = await db.selectFrom('unit').select('id').where('id', '=', UNITS[0]!.id).executeTakeFirst();
  if (!done) {
    await db.transaction().execute(async (tx) => {
      for (const u of UNITS) {
        await tx
          .insertInto('unit')
          .values({ id: u.id, name: u.name, kind: u.kind, level: u.level, parent_id: u.parent, created_at: nowIso() })
          .execute();
      }
      await tx.insertInto('unit_oversight').values(OVERSIGHT).execute();
    });
  }
  await ensureDemoAccounts(db, auth);
  const existing = await db.selectFrom('project').select('id').where('created_by', '=', 'demo').execute();
  if (existing.length) return { projects: existing.length };
  let count = 0;
  for (const seed of SEED_PROJECTS) {
    const text = readFileSync(new URL(seed.file, SEED_DIR), 'utf8');
    for (const [i, imported] of importPublishedText(text).tables.entries()) {
      const table = imported.table;
      const name = table.header.projectName || `${seed.file} 表 ${i + 1}`;
      const year = Number.parseInt(table.header.year ?? '', 10) || seed.year;
      const id = `p_demo_${seed.file.slice(0, 3)}_${i + 1}`;
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('project')
          .values({ id, unit_id: seed.unitId, name, year, kind: 'target', created_by: 'demo', created_at: nowIso() })
          .execute();
        await storeInitialDocument(tx, id, initialDocUpdate(table));
      });
      count++;
    }
  }
  return { projects: count };
}
