/** A refused import request: HTTP status, stable code, Chinese message (`{"error": {code, message}}`). */
import type { Doubt } from '@jixiao/table';

export type ImportErrorStatus = 400 | 413 | 415 | 422 | 503;

export class ImportRequestError extends Error {
  readonly status: ImportErrorStatus;
  readonly code: string;
  readonly doubts: Doubt[];
  constructor(status: ImportErrorStatus, code: string, message: string, doubts: Doubt[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.doubts = doubts;
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.doubts.length ? { doubts: this.doubts } : {}) } };
  }
}
