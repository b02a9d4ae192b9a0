import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrations } from './migrations/index.ts';

/** Bring the schema up to date. The Migrator's lock makes concurrent start-ups safe. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<void> {
  // migrations are frozen in time and see the database untyped
  const migrator = new Migrator({ db: db as Kysely<unknown>, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`数据库迁移失败 (migration failed): ${failed?.migrationName ?? ''} ${String(error)}`);
  }
}
