export * from './fields.ts';
export * from './order-key.ts';
export * from './skeleton.ts';
export * from './table-doc.ts';
export * from './import/index.ts';
