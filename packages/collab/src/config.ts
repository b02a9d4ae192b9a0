/** Every default of the collaboration server in one place. */
export interface CollabConfig {
  /** Largest websocket message accepted, in bytes. */
  maxMessageBytes: number;
  /** Interval of keep-alive pings; a socket that missed one pong is dropped. */
  pingIntervalMs: number;
  /** How long a group commit waits to gather more updates. */
  commitDelayMs: number;
  /** Updates in the log after which a document is compacted into its snapshot. */
  compactAfterUpdates: number;
  /** A room with nobody in it is flushed and unloaded after this long. */
  idleUnloadMs: number;
  /** Browser origins allowed to open a socket; a request without Origin (non-browser) passes. */
  allowedOrigins: string[];
}

export const DEFAULT_CONFIG: CollabConfig = {
  maxMessageBytes: 1024 * 1024,
  pingIntervalMs: 30_000,
  commitDelayMs: 2,
  compactAfterUpdates: 1000,
  idleUnloadMs: 30_000,
  allowedOrigins: [],
};
