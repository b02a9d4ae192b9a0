/** The event bus a database calls for: in-process on SQLite, LISTEN/NOTIFY on PostgreSQL. */
import type { Database, DialectName, Kysely } from '@jixiao/db';
import { type EventBus, LocalEventBus } from './event-bus.ts';
import { PgEventBus } from './pg-event-bus.ts';

export async function createEventBus(options: {
  dialect: DialectName;
  db: Kysely<Database>;
  /** the PostgreSQL URL (needed for the listening connection) */
  databaseUrl: string | undefined;
  log?: Pick<Console, 'warn' | 'error'>;
}): Promise<EventBus> {
  if (options.dialect !== 'postgres') return new LocalEventBus(options.log);
  if (!options.databaseUrl) throw new Error('PostgreSQL event bus needs the database URL');
  const bus = new PgEventBus({ connectionString: options.databaseUrl, db: options.db, log: options.log });
  await bus.start();
  return bus;
}
