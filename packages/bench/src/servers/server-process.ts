/**
 * A server under test as a child process pinned to core 0: started, waited for until it listens,
 * killed with the generator (no strays), SIGKILLed and restarted for the cold-start measure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { pinnedNode, waitForPort } from '../measure.ts';
import type { Target } from '../clients.ts';

export const SERVER_CORE = 0;

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export class ServerProcess {
  child!: ChildProcess;
  private readonly args: string[];
  private readonly env: Record<string, string | undefined>;
  readonly port: number;
  private readonly listeners: ((message: unknown) => void)[] = [];

  private constructor(args: string[], port: number, env: Record<string, string | undefined>) {
    this.args = args;
    this.port = port;
    this.env = env;
  }

  /** Runs `node <args>` pinned to the server core; resolves once it listens on `port`. */
  static async start(args: string[], port: number, env: Record<string, string | undefined> = {}): Promise<ServerProcess> {
    const p = new ServerProcess(args, port, env);
    await p.spawn();
    return p;
  }

  get pid(): number {
    return this.child.pid!;
  }

  private async spawn(): Promise<void> {
    const { command, args } = pinnedNode(SERVER_CORE, this.args);
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.env };
    // a variable set to undefined is removed (e.g. the stock server's YPERSISTENCE)
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
    this.child = child;
    live.add(child);
    let exited = false;
    child.once('exit', () => {
      exited = true;
      live.delete(child);
    });
    child.on('message', (m) => {
      for (const l of this.listeners) l(m);
    });
    await Promise.race([
      waitForPort(this.port),
      new Promise<never>((_, reject) => child.once('exit', (code, signal) => reject(new Error(`server exited while starting (${code ?? signal})`)))),
    ]);
    if (exited) throw new Error('server exited while starting');
  }

  /** Messages the server child sends over IPC. */
  onMessage(listener: (message: unknown) => void): void {
    this.listeners.push(listener);
  }

  send(message: unknown): void {
    this.child.send(message as object);
  }

  /** kill -9, then start the same command again (same storage); resolves once it listens. */
  async killAndRestart(): Promise<void> {
    await this.kill('SIGKILL');
    await this.spawn();
  }

  kill(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });
  }
}

/** Table names (stock, Hocuspocus) or project ids (jixiao) each workload uses. */
export interface Rooms {
  hot: string;
  rooms: string[];
  idle: string[];
  cold: string;
  pause: string[];
}

export const ROOM_COUNTS = { rooms: 100, idle: 200, pause: 10 } as const;

/** Names for servers where any name is a room. */
export function namedRooms(): Rooms {
  const n = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  return { hot: 'hot', rooms: n('room', ROOM_COUNTS.rooms), idle: n('idle', ROOM_COUNTS.idle), cold: 'cold', pause: n('pause', ROOM_COUNTS.pause) };
}

/** What a workload needs of a running server. */
export interface RunningServer {
  /** column of the report */
  label: string;
  process: ServerProcess;
  target: Target;
  rooms: Rooms;
  /** makes the cold table's 10,000-update history durable; undefined: the server stores nothing */
  prepareCold?(): Promise<void>;
  /** receipt → committed stats since the last call (jixiao) */
  commitStats?(): Promise<{ count: number; p50: number; p99: number; max: number } | null>;
  /** jixiao: its database, for the pause check */
  database?: { kind: 'sqlite' | 'postgres'; url: string };
  stop(): Promise<void>;
}
