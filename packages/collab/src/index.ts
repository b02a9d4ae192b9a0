export * from './collab-server.ts';
export * from './config.ts';
export * from './doc-store.ts';
export * from './close-codes.ts';
export { headersOf, type ResolveSession, type SocketSession } from './authorize.ts';
export type { CommitStatsSummary } from './commit-stats.ts';
