export * from './auth.ts';
export * from './account-rows.ts';
export * from './session-events.ts';
