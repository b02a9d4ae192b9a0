/** Every default of the collaboration server in one place. */
export interface CollabConfig {
  /** Largest websocket message accepted, in bytes. */
  maxMessageBytes: number;
  /** Interval of keep-alive pings; a socket that missed one pong is dropped. */
  pingIntervalMs: number;
  /** How long a group commit waits to gather more updates. */
  commitDelayMs: number;
  /**
   * Under load, group commits are at least this far apart, so each holds more updates: fewer
   * transactions, and a room relays the updates of one commit as one message per socket.
   */
  commitGapMs: number;
  /** Updates in the log after which a document is compacted into its snapshot. */
  compactAfterUpdates: number;
  /** A loaded document's oldest un-compacted update is compacted within this long. */
  compactAfterMs: number;
  /** A loaded document whose edits stopped this long is compacted (0: not on quiet). */
  compactWhenQuietMs: number;
  /** A room loaded with a long log compacts it this long after the load (first syncs go first). */
  compactAfterLoadMs: number;
  /** After a start, stored documents with this many logged updates are compacted in the background… */
  compactSweepMinUpdates: number;
  /** …starting this long after the start (0: no sweep). */
  compactSweepDelayMs: number;
  /** A room with nobody in it is flushed and unloaded after this long. */
  idleUnloadMs: number;
  /** Browser origins allowed to open a socket; a request without Origin (non-browser) passes. */
  allowedOrigins: string[];

  /** Bytes queued for one socket that does not read; past this the socket is closed. */
  maxBufferedBytes: number;
  /**
   * Bytes of updates a document may hold waiting for content it never got (Yjs keeps them pending,
   * in memory only, and every later update is checked merged with them: 256 KiB of them cost a
   * one-character edit 12–17 ms of CPU): past this they are dropped.
   */
  maxPendingBytes: number;
  /**
   * Frames kept per socket while they wait (its room loads, or they queue behind a sync reply
   * waiting for commits): their count and total bytes.
   */
  maxEarlyMessages: number;
  maxEarlyBytes: number;
  /** Awareness clients one socket may own (a browser tab has one). */
  maxAwarenessClientsPerSocket: number;
  /** Largest awareness state (JSON) relayed; larger states are dropped. */
  maxAwarenessStateBytes: number;
  /** Open sockets per user and per document; further upgrades get HTTP 429. */
  maxConnectionsPerUser: number;
  maxConnectionsPerRoom: number;

  /**
   * How long an upgrade's session and access look-ups are kept (dropped at once on sign-out and
   * on any access change; a session ended in another process is trusted this long). 0: never.
   */
  accessCacheMs: number;
  /** How often open sockets' sessions are checked again (expired or deleted → closed). */
  sessionCheckIntervalMs: number;
  /** Updates failing to commit for this long close the room's sockets ("not saved"). */
  unsavedNoticeMs: number;
  /** Upper bound of close() (SIGTERM): what is not committed by then is logged, not awaited. */
  closeTimeoutMs: number;
  /** After edits settle this long, the document's 项目名称 is copied to the project list. */
  nameSyncDelayMs: number;
  /** At most one live `table` event per table in this window (changes within are merged). */
  tableEventIntervalMs: number;
}

export const DEFAULT_CONFIG: CollabConfig = {
  maxMessageBytes: 1024 * 1024,
  pingIntervalMs: 30_000,
  commitDelayMs: 2,
  commitGapMs: 12,
  compactAfterUpdates: 1000,
  compactAfterMs: 30_000,
  compactWhenQuietMs: 3_000,
  compactAfterLoadMs: 1000,
  compactSweepMinUpdates: 100,
  compactSweepDelayMs: 2000,
  idleUnloadMs: 30_000,
  allowedOrigins: [],

  maxBufferedBytes: 8 * 1024 * 1024,
  maxPendingBytes: 256 * 1024,
  maxEarlyMessages: 256,
  maxEarlyBytes: 4 * 1024 * 1024,
  maxAwarenessClientsPerSocket: 4,
  maxAwarenessStateBytes: 4 * 1024,
  maxConnectionsPerUser: 20,
  maxConnectionsPerRoom: 200,

  accessCacheMs: 3_000,
  sessionCheckIntervalMs: 60_000,
  unsavedNoticeMs: 5_000,
  closeTimeoutMs: 10_000,
  nameSyncDelayMs: 1000,
  tableEventIntervalMs: 1000,
};
