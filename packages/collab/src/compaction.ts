/**
 * When logs are folded into snapshots, so that loading a document reads one snapshot and a
 * short log: a loaded room compacts once its log has `compactAfterUpdates` updates, its oldest
 * un-compacted update is `compactAfterMs` old, or its edits have stopped for `compactWhenQuietMs`
 * (CompactTrigger). The last keeps a table at rest a lone snapshot, which a restarted server
 * answers without building the document (first-sync.ts). After a start, tables a crash
 * left with long logs are compacted in the background, one at a time (sweepLongLogs). Each
 * compaction is one transaction (DocStore), so a kill -9 leaves the old state or the new one.
 */
import type { CollabConfig } from './config.ts';
import type { DocStore } from './doc-store.ts';
import type { Logger } from './room.ts';

type TriggerConfig = Pick<CollabConfig, 'compactAfterUpdates' | 'compactAfterMs' | 'compactAfterLoadMs' | 'compactWhenQuietMs'>;

/** Per loaded room: counts its logged updates and says when to compact. */
export class CompactTrigger {
  private logged = 0;
  private timer: NodeJS.Timeout | null = null;
  /** restarted by every commit: fires once the edits have stopped */
  private quiet: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly compact: () => void;
  private readonly config: TriggerConfig;

  constructor(compact: () => void, config: TriggerConfig) {
    this.compact = compact;
    this.config = config;
  }

  /**
   * The room loaded with `logLength` updates after its snapshot. A long log is compacted soon,
   * not at once: the first clients' sync replies go first.
   */
  loaded(logLength: number): void {
    this.logged = logLength;
    if (logLength >= this.config.compactAfterUpdates) this.arm(this.config.compactAfterLoadMs, true);
    else if (logLength > 0) this.arm(this.config.compactAfterMs);
  }

  /** `n` more updates of the room were committed to the log. */
  committed(n: number): void {
    this.logged += n;
    if (this.logged >= this.config.compactAfterUpdates) this.fire();
    else {
      this.arm(this.config.compactAfterMs);
      this.armQuiet();
    }
  }

  /**
   * A compaction folded `absorbed` logged updates into the snapshot (later ones stay logged).
   * Nothing folded: the log this room counted is gone (another process compacted it), so the
   * count starts again; kept, a long count would compact again at once, and again, forever.
   */
  compacted(absorbed: number): void {
    this.logged = absorbed === 0 ? 0 : Math.max(0, this.logged - absorbed);
    if (this.logged >= this.config.compactAfterUpdates) this.arm(0, true);
    else if (this.logged > 0) {
      this.arm(this.config.compactAfterMs);
      this.armQuiet();
    }
  }

  /** The room is gone: no more compactions from here. */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  /** Start the age timer (kept when already running), or replace it when `sooner`. */
  private arm(ms: number, sooner = false): void {
    if (this.stopped || (this.timer && !sooner)) return;
    this.clear();
    this.timer = setTimeout(() => this.fire(), ms);
    this.timer.unref();
  }

  /** (Re)start the quiet timer; `refresh` keeps it one timer however many commits come. */
  private armQuiet(): void {
    if (this.stopped || this.config.compactWhenQuietMs <= 0) return;
    if (this.quiet) this.quiet.refresh();
    else {
      this.quiet = setTimeout(() => this.fire(), this.config.compactWhenQuietMs);
      this.quiet.unref();
    }
  }

  private fire(): void {
    this.clear();
    if (!this.stopped) this.compact();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.quiet) clearTimeout(this.quiet);
    this.timer = null;
    this.quiet = null;
  }
}

/**
 * Compact every stored document whose log has at least `minUpdates` updates and that no room
 * of this process holds (a room compacts its own), one at a time and yielding between them,
 * until done or `stopped()`. A failure is logged and the sweep goes on with the next table.
 */
export async function sweepLongLogs(
  store: DocStore,
  opts: { minUpdates: number; busy: (projectId: string) => boolean; stopped: () => boolean; log: Logger },
): Promise<number> {
  let compacted = 0;
  for (const projectId of await store.longLogs(opts.minUpdates)) {
    if (opts.stopped()) break;
    if (opts.busy(projectId)) continue;
    try {
      if (await store.compactStored(projectId, opts.stopped)) compacted++;
    } catch (e) {
      opts.log.error(`[collab] compaction of ${projectId} at start failed`, e);
    }
    await new Promise((r) => setImmediate(r));
  }
  return compacted;
}
