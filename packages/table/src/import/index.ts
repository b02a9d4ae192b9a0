export { importPublishedText } from './import-published-text.ts';
export type { Doubt, ImportedTable, ImportResult } from './types.ts';
export type {
  ImportedSelfEvaluation,
  SelfEvalFundingLine,
  SelfEvalHeaderField,
  SelfEvalIndicator,
  SelfEvalManagementRow,
} from './types.ts';
export { SELF_EVAL_HEADER_FIELDS } from './types.ts';
