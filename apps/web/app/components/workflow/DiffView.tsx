/**
 * What changed between two versions of a table, as a reviewer reads a redline: header fields
 * and indicator fields old → new (deleted text struck through in red, inserted text underlined
 * in green), rows added and removed, rows moved (from where to where), and the goal text.
 */
import { Empty } from 'antd';
import type { ReactNode } from 'react';
import type { TableDiff } from '../../lib/workflow/history';
import { isEmptyDiff } from '../../lib/workflow/history';
import { redline } from '../../lib/workflow/redline';

export function Redline({ before, after }: { before: string; after: string }) {
  let at = 0;
  const pieces = redline(before, after).map((p) => {
    const key = `${p.kind}${at}`;
    at += p.text.length;
    return { ...p, key };
  });
  return (
    <span data-testid="redline">
      {pieces.map((p) =>
        p.kind === 'same' ? (
          <span key={p.key}>{p.text}</span>
        ) : p.kind === 'del' ? (
          <del key={p.key} className="wf-del">
            {p.text}
          </del>
        ) : (
          <ins key={p.key} className="wf-ins">
            {p.text}
          </ins>
        ),
      )}
    </span>
  );
}

const place = (p: { level1: string; level2: string; position?: number }) => `${p.level1} / ${p.level2}${p.position !== undefined ? ` 第 ${p.position + 1} 项` : ''}`;
const named = (name: string) => name.trim() || '（未命名指标）';

function Section({ title, count, children, testId }: { title: string; count: number; children: ReactNode; testId: string }) {
  if (!count) return null;
  return (
    <div className="wf-diff-section" data-testid={testId} data-count={count}>
      <h4>
        {title}（{count}）
      </h4>
      {children}
    </div>
  );
}

export function DiffView({ diff }: { diff: TableDiff }) {
  if (isEmptyDiff(diff)) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="两个版本的内容相同，没有修改" data-testid="diff-empty" />;
  }
  const parts = [
    diff.changed.length && `修改指标 ${diff.changed.length} 项`,
    diff.added.length && `新增指标 ${diff.added.length} 项`,
    diff.removed.length && `删除指标 ${diff.removed.length} 项`,
    diff.moved.length && `移动指标 ${diff.moved.length} 项`,
    diff.header.length && `基本信息 ${diff.header.length} 处`,
    diff.goal && '绩效目标有修改',
  ].filter(Boolean);
  return (
    <div data-testid="diff-view">
      <div className="wf-diff-summary">共有修改：{parts.join('，')}。</div>
      <Section title="项目基本信息" count={diff.header.length} testId="diff-header">
        <table className="wf-diff-table">
          <thead>
            <tr>
              <th style={{ width: 140 }}>项目</th>
              <th>修改（原 → 新）</th>
            </tr>
          </thead>
          <tbody>
            {diff.header.map((f) => (
              <tr key={f.field} data-testid="diff-header-field" data-field={f.field}>
                <td className="where">{f.label}</td>
                <td>
                  <Redline before={f.before} after={f.after} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="年度总体绩效目标" count={diff.goal ? 1 : 0} testId="diff-goal">
        {diff.goal && (
          <div className="wf-goal">
            <Redline before={diff.goal.before} after={diff.goal.after} />
          </div>
        )}
      </Section>
      <Section title="修改的指标" count={diff.changed.length} testId="diff-changed">
        <table className="wf-diff-table">
          <thead>
            <tr>
              <th style={{ width: 150 }}>位置</th>
              <th style={{ width: 90 }}>字段</th>
              <th>修改（原 → 新）</th>
            </tr>
          </thead>
          <tbody>
            {diff.changed.flatMap((r) =>
              r.fields.map((f, i) => (
                <tr key={`${r.id}:${f.field}`} data-testid="diff-changed-field" data-row-id={r.id} data-field={f.field}>
                  {i === 0 && (
                    <td className="where" rowSpan={r.fields.length}>
                      {r.level2}
                      <div style={{ color: 'rgba(0,0,0,0.88)', whiteSpace: 'normal' }}>{named(r.name)}</div>
                    </td>
                  )}
                  <td className="where">{f.label}</td>
                  <td>
                    <Redline before={f.before} after={f.after} />
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </Section>
      <Section title="新增的指标" count={diff.added.length} testId="diff-added">
        <RowTable rows={diff.added} kind="added" />
      </Section>
      <Section title="删除的指标" count={diff.removed.length} testId="diff-removed">
        <RowTable rows={diff.removed} kind="removed" />
      </Section>
      <Section title="移动的指标" count={diff.moved.length} testId="diff-moved">
        <table className="wf-diff-table">
          <thead>
            <tr>
              <th>指标</th>
              <th>原位置</th>
              <th>新位置</th>
            </tr>
          </thead>
          <tbody>
            {diff.moved.map((r) => (
              <tr key={r.id} data-testid="diff-moved-row" data-row-id={r.id}>
                <td>{named(r.name)}</td>
                <td className="where">
                  <del className="wf-del">{place(r.from)}</del>
                </td>
                <td className="where">
                  <ins className="wf-ins">{place(r.to)}</ins>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}

function RowTable({ rows, kind }: { rows: TableDiff['added']; kind: 'added' | 'removed' }) {
  return (
    <table className="wf-diff-table">
      <thead>
        <tr>
          <th style={{ width: 150 }}>位置</th>
          <th>三级指标</th>
          <th>指标值</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className={`wf-row-${kind}`} data-testid={`diff-${kind}-row`} data-row-id={r.id}>
            <td className="where">{place(r)}</td>
            <td>{named(r.name)}</td>
            <td>{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
