export * from './connect.ts';
export * from './migrate.ts';
export type * from './schema.ts';
export { sql } from 'kysely';
export type { Kysely, Transaction } from 'kysely';
