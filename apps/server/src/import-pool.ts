/**
 * Runs import parsing in worker threads (import-worker.ts), off the event loop that serves the
 * API and the collaboration sockets. Bounded on every side: a few workers, each with a capped
 * heap (`resourceLimits`) and a deadline after which it is terminated; a short queue, past which
 * requests are answered 503 at once. Workers stay warm between jobs and are unref'd, so an idle
 * pool never keeps the process alive.
 */
import { availableParallelism } from 'node:os';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { Doubt } from '@jixiao/table';
import { type ImportErrorStatus, ImportRequestError } from './import-errors.ts';
import type { ImportSource, PreviewResult } from './import-parse.ts';

/** What the worker posts back for one job. */
export type WorkerReply =
  | { ok: true; result: PreviewResult }
  | { ok: false; refused: { status: ImportErrorStatus; code: string; message: string; doubts: Doubt[] } }
  | { ok: false; failed: string };

export interface ImportPoolOptions {
  /** Jobs parsed at the same time (one worker each). */
  workers: number;
  /** Jobs that may wait for a worker; more are refused with 503. */
  queue: number;
  /** A job still running after this is stopped (its worker terminated). */
  timeoutMs: number;
  resourceLimits: ResourceLimits;
}

export const DEFAULT_IMPORT_POOL: Readonly<ImportPoolOptions> = Object.freeze({
  // leave a core to the event loop
  workers: Math.max(1, Math.min(2, availableParallelism() - 1)),
  queue: 8,
  timeoutMs: 15_000,
  // the reader's own limits keep a workbook far below this; the cap catches what they miss
  resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
});

const WORKER_URL = new URL('./import-worker.ts', import.meta.url);

const busy = () =>
  new ImportRequestError(503, 'IMPORT_BUSY', '服务器正忙：正在处理的导入文件较多，请稍后再试');
const timedOut = (ms: number) =>
  new ImportRequestError(
    422,
    'WORKBOOK_TOO_COMPLEX',
    `文件处理超时（超过 ${Number((ms / 1000).toFixed(1))} 秒），已停止：请删去无关的工作表或内容后再导入`,
  );
const outOfMemory = () =>
  new ImportRequestError(422, 'WORKBOOK_TOO_COMPLEX', '文件过于复杂，处理时占用内存过多，已停止：请删去无关的工作表或内容后再导入');

interface Job {
  source: ImportSource;
  resolve(result: PreviewResult): void;
  reject(error: Error): void;
}

export class ImportPool {
  private readonly options: ImportPoolOptions;
  private readonly idle: Worker[] = [];
  private readonly waiting: Job[] = [];
  private running = 0;
  private closed = false;

  constructor(options: Partial<ImportPoolOptions> = {}) {
    this.options = { ...DEFAULT_IMPORT_POOL, ...options };
  }

  /** The preview of `source`, parsed in a worker; ImportRequestError when refused. */
  run(source: ImportSource): Promise<PreviewResult> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(busy());
      const job = { source, resolve, reject };
      if (this.running < this.options.workers) void this.start(job);
      else if (this.waiting.length < this.options.queue) this.waiting.push(job);
      else reject(busy());
    });
  }

  /** Jobs running and waiting (for tests and diagnostics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.reject(busy());
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }

  private async start(job: Job) {
    this.running++;
    const warm = this.idle.pop();
    const worker = warm ?? this.spawn();
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (keepWorker: boolean, outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (keepWorker && !this.closed) this.idle.push(worker);
      else void worker.terminate();
      this.running--;
      outcome();
      const next = this.waiting.shift();
      if (next) void this.start(next);
    };
    const onMessage = (reply: WorkerReply) =>
      finish(true, () => {
        if (reply.ok) job.resolve(reply.result);
        else if ('refused' in reply) {
          const { status, code, message, doubts } = reply.refused;
          job.reject(new ImportRequestError(status, code, message, doubts));
        } else job.reject(new Error(`import worker failed: ${reply.failed}`));
      });
    const onError = (err: Error) =>
      finish(false, () =>
        job.reject((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory() : err),
      );
    const onExit = (code: number) => finish(false, () => job.reject(new Error(`import worker exited (${code})`)));
    worker.on('error', onError);
    worker.on('exit', onExit);
    // a new worker first loads its modules (about a second); the deadline is for the parse
    if (!warm) await new Promise((resolve) => worker.once('message', resolve).once('exit', resolve));
    if (settled) return;
    worker.on('message', onMessage);
    timer = setTimeout(() => finish(false, () => job.reject(timedOut(this.options.timeoutMs))), this.options.timeoutMs);
    worker.postMessage(job.source);
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_URL, { resourceLimits: this.options.resourceLimits });
    worker.unref();
    // an idle worker that dies is simply dropped
    worker.on('error', () => {});
    worker.once('exit', () => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return worker;
  }
}
