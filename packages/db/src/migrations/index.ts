/** Every migration, by dated name. Listed statically so bundles and tests need no file lookup. */
import type { Migration } from 'kysely/migration';
import * as foundation from './2026-11-23T0900-foundation.ts';
import * as integrity from './2026-11-26T1500-integrity.ts';
import * as projectArchive from './2026-11-26T1600-project-archive.ts';
import * as comments from './2026-11-26T1700-comments.ts';
import * as attributionSignoff from './2026-11-26T1800-attribution-signoff.ts';
import * as workflow from './2026-11-26T1900-workflow.ts';

export const migrations: Record<string, Migration> = {
  '2026-11-23T0900-foundation': foundation,
  '2026-11-26T1500-integrity': integrity,
  '2026-11-26T1600-project-archive': projectArchive,
  '2026-11-26T1700-comments': comments,
  '2026-11-26T1800-attribution-signoff': attributionSignoff,
  '2026-11-26T1900-workflow': workflow,
};
