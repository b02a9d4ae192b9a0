/**
 * 签署情况, in the editor's side column: signed / stale / missing over the table's indicators,
 * in total (a bar) and per 二级; the whole table's sign-off with 签署整表.
 */
import type { SignoffCounts, SignoffSummary } from '@jixiao/core';
import { memo } from 'react';
import type { SignoffMark } from './ReviewCell';
import { SignoffBadge } from './ReviewCell';
import { Panel } from '../Panel';

export const SignoffSummaryPanel = memo(function SignoffSummaryPanel({
  summary,
  tableMark,
  canSignTable,
  onTable,
  onSignTable,
}: {
  summary: SignoffSummary | null;
  tableMark: SignoffMark | null;
  canSignTable: boolean;
  onTable(): void;
  onSignTable(): void;
}) {
  return (
    <Panel
      testId="signoff-summary"
      title={
        <span className="summary-title">
          签署情况
          <span className="summary-table-mark">
            {tableMark && <SignoffBadge mark={tableMark} onClick={onTable} />}
            {canSignTable && (
              <button type="button" className="review-link" onClick={onSignTable} data-testid="sign-table">
                签署整表
              </button>
            )}
            {!tableMark && !canSignTable && (
              <button type="button" className="review-link muted" onClick={onTable}>
                整表未签
              </button>
            )}
          </span>
        </span>
      }
    >
      {!summary ? (
        <div className="findings-empty">正在加载…</div>
      ) : (
        <>
          <Counts counts={summary.table} testId="summary-table" />
          <Bar counts={summary.table} />
          <table className="summary-table">
            <thead>
              <tr>
                <th>二级指标</th>
                <th title="已签">已签</th>
                <th title="已过期">过期</th>
                <th title="未签">未签</th>
              </tr>
            </thead>
            <tbody>
              {summary.byLevel2.map((g) => (
                <tr key={g.level2} data-testid="summary-level2">
                  <td>{g.level2}</td>
                  <td className={g.counts.signed ? 'n signed' : 'n'}>{g.counts.signed}</td>
                  <td className={g.counts.stale ? 'n stale' : 'n'}>{g.counts.stale}</td>
                  <td className={g.counts.missing ? 'n missing' : 'n'}>{g.counts.missing}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
});

function Counts({ counts, testId }: { counts: SignoffCounts; testId?: string }) {
  return (
    <div className="summary-counts" data-testid={testId} data-signed={counts.signed} data-stale={counts.stale} data-missing={counts.missing}>
      <span className="dot signed" />
      已签 <b>{counts.signed}</b>
      <span className="dot stale" />
      已过期 <b>{counts.stale}</b>
      <span className="dot missing" />
      未签 <b>{counts.missing}</b>
    </div>
  );
}

/** signed / stale / missing as one bar */
export function Bar({ counts }: { counts: SignoffCounts }) {
  const total = counts.signed + counts.stale + counts.missing;
  if (!total) return null;
  const pct = (n: number) => `${(n / total) * 100}%`;
  return (
    <div className="summary-bar" aria-hidden>
      <span className="signed" style={{ width: pct(counts.signed) }} />
      <span className="stale" style={{ width: pct(counts.stale) }} />
    </div>
  );
}
