/** Test helper: the 21 target tables of the seeds, as the importer reads them. */
import { importPublishedText } from '../import/index.ts';
import { readSeed } from '../import/seed-fixtures.ts';
import type { TableJSON } from '../table-doc.ts';

export interface SeedTable {
  /** e.g. '000#2' = seed 000, third table. */
  key: string;
  table: TableJSON;
}

let cache: SeedTable[] | undefined;

export function seedTables(): SeedTable[] {
  cache ??= (['000', '001', '003', '004'] as const).flatMap((seed) =>
    importPublishedText(readSeed(seed)).tables.map((t, i) => ({ key: `${seed}#${i}`, table: t.table })),
  );
  return cache;
}
