export * from './fields.ts';
export * from './order-key.ts';
export * from './skeleton.ts';
export * from './table-doc.ts';
export * from './structure-check.ts';
export * from './structure-problems.ts';
export * from './saved-ack.ts';
export * from './import/index.ts';
export * from './value/index.ts';
export * from './rules/index.ts';
export {
  GOAL_LABEL,
  HEADER_BLOCK,
  type HeaderBlockRow,
  INDICATOR_HEADS,
  indicatorSpans,
  LOCAL_SECTION,
  parseYearLine,
  TABLE_TITLE,
  TRANSFER_SECTION,
  yearLine,
} from './xlsx/layout.ts';
