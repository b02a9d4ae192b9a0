export { importPublishedText } from './import-published-text.ts';
export type { Doubt, ImportedTable, ImportResult } from './types.ts';
