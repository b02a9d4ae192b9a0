/**
 * Test helper: the databases a suite runs against. SQLite always (a temp file); PostgreSQL when
 * JIXIAO_TEST_PG_URL names an admin connection, each `create()` making a fresh database that
 * `drop()` removes, so test files running in parallel never share state. With CI=true a missing
 * JIXIAO_TEST_PG_URL is an error rather than a silently smaller suite.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

export const PG_ENV = 'JIXIAO_TEST_PG_URL';

export function testDatabases(env: NodeJS.ProcessEnv = process.env): TestDatabase[] {
  const out: TestDatabase[] = [{ name: 'sqlite', create: createSqlite }];
  const admin = env[PG_ENV];
  if (admin) out.push({ name: 'postgres', create: () => createPostgres(admin) });
  else if (env.CI === 'true' || env.CI === '1') {
    throw new Error(`${PG_ENV} is not set: CI runs the PostgreSQL variants of every database test`);
  }
  return out;
}

async function createSqlite(): Promise<{ url: string; drop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'jx-test-'));
  return {
    url: join(dir, 'jixiao.db'),
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

async function createPostgres(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `jx_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Our migrations follow better-auth's, whose "user" table they reference. Tests of packages that
 * run without better-auth get a minimal stand-in (the columns AuthUserTable reads), then ours.
 */
export async function migrateWithoutAuth(db: Kysely<Database>): Promise<void> {
  await db.schema
    .createTable('user')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await migrateToLatest(db);
}
