/**
 * The project list's 签署 column: how far a table's indicators are signed off (signed / stale /
 * missing) as a small bar with the counts, the full wording in a tooltip. Inline styles: the
 * list page does not carry the editor's review stylesheet.
 */
import type { SignoffCounts } from '@jixiao/core';
import { Tooltip } from 'antd';

const GREEN = '#52c41a';
const ORANGE = '#fa8c16';

export function SignoffCountsCell({ counts }: { counts: SignoffCounts }) {
  const total = counts.signed + counts.stale + counts.missing;
  if (!total) return <span style={{ color: 'rgba(0,0,0,0.25)' }}>无指标</span>;
  const pct = (n: number) => `${(n / total) * 100}%`;
  const text = `已签 ${counts.signed} · 已过期 ${counts.stale} · 未签 ${counts.missing}（共 ${total} 个指标）`;
  return (
    <Tooltip title={text}>
      <div data-testid="signoff-counts" data-signed={counts.signed} data-stale={counts.stale} data-missing={counts.missing}>
        <div style={{ display: 'flex', height: 6, borderRadius: 3, overflow: 'hidden', background: '#f0f0f0', marginBottom: 4 }}>
          <span style={{ width: pct(counts.signed), background: GREEN }} />
          <span style={{ width: pct(counts.stale), background: ORANGE }} />
        </div>
        <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)', whiteSpace: 'nowrap' }}>
          <span style={{ color: counts.signed ? '#389e0d' : undefined }}>{counts.signed}</span>
          {' / '}
          <span style={{ color: counts.stale ? '#d46b08' : undefined, fontWeight: counts.stale ? 600 : undefined }}>{counts.stale}</span>
          {' / '}
          {total}
          {counts.stale > 0 && <span style={{ color: '#d46b08', marginLeft: 6 }}>{counts.stale} 项已过期</span>}
        </div>
      </div>
    </Tooltip>
  );
}
