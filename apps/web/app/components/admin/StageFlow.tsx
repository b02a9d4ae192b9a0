import type { Stage } from '@jixiao/core';
import { Tooltip } from 'antd';

/** A definition's stages in one line, 单位填报 → 主管部门审核 → …, each with its actor on hover. */
export function StageFlow({ stages, describe }: { stages: readonly Stage[]; describe: (s: Stage) => string }) {
  return (
    <span className="stage-flow" style={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: 4 }}>
      {stages.map((s, i) => (
        <span key={s.id} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          {i > 0 && (
            <span aria-hidden style={{ color: 'rgba(0,0,0,0.35)' }}>
              →
            </span>
          )}
          <Tooltip title={describe(s)}>
            <span
              style={{
                padding: '0 6px',
                lineHeight: '20px',
                border: '1px solid #d9d9d9',
                borderRadius: 2,
                background: '#fafafa',
                fontSize: 12,
                whiteSpace: 'nowrap',
              }}
            >
              {s.name}
            </span>
          </Tooltip>
        </span>
      ))}
    </span>
  );
}
