/**
 * The sign-offs of one target (an indicator, a section, the whole table): who signed, in which
 * role and when, which ones went stale and what changed since (old → new); 撤销 on one's own,
 * 签署 (or 重新签署 over one's stale one) for those who may sign. The server's refusal (403 not a
 * signer, 409 four-eyes or duplicate) is shown as it says it.
 *
 * Loaded on first use (React.lazy).
 */
import { ROLES } from '@jixiao/core/roles';
import { App, Button, Empty, Modal, Popconfirm, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../lib/review/api';
import type { Signoffs, SignoffTarget } from '../../lib/review/use-signoffs';
import { targetKey } from '../../lib/review/use-signoffs';

const ROLE_LABEL = ROLES as Record<string, string>;

export interface SignoffDialogProps {
  target: SignoffTarget | null;
  label: string;
  signoffs: Signoffs;
  meId: string;
  canSign: boolean;
  onClose(): void;
}

export default function SignoffDialog({ target, label, signoffs, meId, canSign, onClose }: SignoffDialogProps) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const list = target ? (signoffs.byTarget.get(targetKey(target)) ?? []) : [];
  const mine = list.find((s) => s.user.id === meId);

  const sign = async () => {
    if (!target) return;
    setBusy(true);
    try {
      if (mine) await signoffs.revoke(mine.id);
      await signoffs.sign(target);
      message.success('已签署');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: string) => {
    try {
      await signoffs.revoke(id);
      message.success('已撤销签署');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Modal
      open={!!target}
      title={`签署情况 · ${label}`}
      onCancel={onClose}
      width={560}
      footer={[
        <Button key="close" onClick={onClose}>
          关闭
        </Button>,
        canSign && (!mine || mine.stale) ? (
          <Button key="sign" type="primary" loading={busy} onClick={() => void sign()} data-testid="signoff-dialog-sign">
            {mine ? '重新签署' : '签署'}
          </Button>
        ) : null,
      ]}
    >
      {list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无人签署" />
      ) : (
        <ul className="signoff-list" data-testid="signoff-list">
          {list.map((s) => (
            <li key={s.id} className="signoff-item">
              <div className="signoff-item-head">
                <Tag color={s.stale ? 'orange' : 'green'}>{s.stale ? '已过期' : '已签'}</Tag>
                <span className="signoff-who">{s.user.name}</span>
                <span className="signoff-role">
                  {s.unit.name} · {ROLE_LABEL[s.role] ?? s.role}
                </span>
                <span className="signoff-when">{dayjs(s.createdAt).format('YYYY-MM-DD HH:mm')}</span>
                {s.user.id === meId && (
                  <Popconfirm title="撤销此签署？" okText="撤销" cancelText="取消" onConfirm={() => revoke(s.id)}>
                    <Button size="small" type="link" danger data-testid="revoke-signoff">
                      撤销
                    </Button>
                  </Popconfirm>
                )}
              </div>
              {s.targetDeleted && <div className="signoff-note">该指标已从表中删除</div>}
              {s.stale && s.changes.length > 0 && (
                <table className="signoff-changes">
                  <thead>
                    <tr>
                      <th>内容</th>
                      <th>签署时</th>
                      <th>现在</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.changes.map((c) => (
                      <tr key={c.field}>
                        <td>{c.label}</td>
                        <td className="before">{c.before || '（空）'}</td>
                        <td className="after">{c.after || '（空）'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
