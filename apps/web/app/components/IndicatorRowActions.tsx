/**
 * The 操作 cell of one indicator row: add below, 上移/下移 within the 二级 group, 移动到… another
 * group, a drag handle, and delete (with who is editing the row, and 撤销 afterwards).
 *
 * Every row has these, so they are light: plain buttons with sprite icons and native titles;
 * the menu and the confirmation (antd Dropdown, Popconfirm) are loaded and mounted on first
 * click only.
 */
import type { TableDoc } from '@jixiao/table';
import { App, Button } from 'antd';
import type { MenuProps } from 'antd';
import { type ReactElement, Suspense, lazy, memo, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { Peer } from '../lib/use-collab';
import { restoreRow, snapshotRow } from './row-snapshot';
import { RowIcon } from './RowIcons';
import { markDeleting } from './use-deleted-row-notice';

export interface GroupRef {
  level1: string;
  level2: string;
}

export interface RowActionsProps {
  /** null until the live document has synced: the buttons show but do nothing yet */
  table: TableDoc | null;
  level1: string;
  level2: string;
  /** null: the placeholder line of an empty group */
  rowId: string | null;
  /** position of the row in its group, and the group's size */
  index: number;
  count: number;
  /** every 二级 group, by 一级, for 移动到… */
  sections: Array<{ level1: string; groups: GroupRef[] }>;
  peers: Peer[];
  awareness?: Awareness;
  onAdded(id: string): void;
  onDragStart(id: string, e: React.DragEvent): void;
  onDragEnd(): void;
}

// not in the editor's first scripts: fetched when someone first opens a row's menu or deletes
const Dropdown = lazy(() => import('antd/es/dropdown'));
const Popconfirm = lazy(() => import('antd/es/popconfirm'));

const groupKey = (g: GroupRef) => `${g.level1}\u0001${g.level2}`;

export const IndicatorRowActions = memo(function IndicatorRowActions(props: RowActionsProps) {
  const { table, level1, level2, rowId, index, count, sections, peers } = props;
  const { message } = App.useApp();

  const add = (
    <button
      type="button"
      className="row-btn"
      title="在下方添加指标"
      aria-label={`在${level2}添加指标`}
      data-testid="add-row"
      onClick={() => table && props.onAdded(table.addIndicator({ level1, level2 }, rowId ?? undefined))}
    >
      <RowIcon name="plus" />
    </button>
  );
  if (!rowId) return <td className="actions">{add}</td>;

  const moveTo = (target: GroupRef) => {
    if (!table) return;
    table.moveToGroup(rowId, target.level1, target.level2, 'last');
    message.success({ content: `已移动到 ${target.level1} · ${target.level2}`, key: `move-${rowId}` });
  };
  const menu = (): MenuProps => ({
    items: sections.map((s) => ({
      type: 'group' as const,
      key: s.level1,
      label: s.level1,
      children: s.groups.map((g) => ({
        key: groupKey(g),
        label: g.level2,
        disabled: groupKey(g) === groupKey({ level1, level2 }),
      })),
    })),
    onClick: ({ key }) => {
      const [l1 = '', l2 = ''] = key.split('\u0001');
      moveTo({ level1: l1, level2: l2 });
    },
  });

  const editing = peers.filter((p) => p.focus?.rowId === rowId).map((p) => p.name);
  const remove = () => {
    if (!table) return;
    const snap = snapshotRow(table, rowId);
    markDeleting(props.awareness, rowId);
    table.deleteIndicator(rowId);
    if (!snap) return;
    const key = `deleted-${rowId}`;
    message.success({
      key,
      duration: 8,
      content: (
        <span data-testid="row-deleted">
          已删除「{snap.texts.name || '未命名指标'}」
          <Button
            type="link"
            size="small"
            data-testid="undo-delete"
            onClick={() => {
              message.destroy(key);
              if (restoreRow(table, snap)) message.success('已恢复');
              else message.info('该指标已存在，无需恢复');
            }}
          >
            撤销
          </Button>
        </span>
      ),
    });
  };

  return (
    <td className="actions">
      {/* mouse only; from the keyboard, 移动到… does the same */}
      <span
        className="drag-handle"
        draggable
        aria-hidden
        title="拖动到其他位置或其他二级指标"
        data-testid="drag-row"
        onDragStart={(e) => props.onDragStart(rowId, e)}
        onDragEnd={props.onDragEnd}
      >
        <RowIcon name="holder" />
      </span>
      {add}
      <button
        type="button"
        className="row-btn"
        aria-label="上移"
        title="上移（Alt+↑）"
        data-testid="move-up"
        disabled={index === 0}
        onClick={() => table?.moveInGroup(rowId, -1)}
      >
        <RowIcon name="arrow-up" />
      </button>
      <button
        type="button"
        className="row-btn"
        aria-label="下移"
        title="下移（Alt+↓）"
        data-testid="move-down"
        disabled={index >= count - 1}
        onClick={() => table?.moveInGroup(rowId, 1)}
      >
        <RowIcon name="arrow-down" />
      </button>
      <OnDemand
        button={
          <button type="button" className="row-btn" aria-label="移动到…" title="移动到…" data-testid="move-to">
            <RowIcon name="swap" />
          </button>
        }
        popup={(button, open, setOpen) => (
          <Dropdown menu={menu()} trigger={['click']} open={open} onOpenChange={setOpen}>
            {button}
          </Dropdown>
        )}
      />
      <OnDemand
        button={
          <button type="button" className="row-btn row-btn-danger" aria-label="删除" data-testid="delete-row">
            <RowIcon name="delete" />
          </button>
        }
        popup={(button, open, setOpen) => (
          <Popconfirm
            title="删除此指标？"
            description={editing.length ? `${editing.join('、')} 正在编辑此指标，删除后其输入将一并删除。` : undefined}
            okText="删除"
            cancelText="取消"
            open={open}
            onOpenChange={setOpen}
            onConfirm={remove}
          >
            {button}
          </Popconfirm>
        )}
      />
    </td>
  );
});

/**
 * A button whose popup (menu, confirmation) is loaded and mounted on its first click and opened
 * at once; until then the button is plain markup with nothing to hydrate.
 */
function OnDemand({
  button,
  popup,
}: {
  button: ReactElement;
  popup(button: ReactElement, open: boolean, setOpen: (open: boolean) => void): ReactElement;
}) {
  const [open, setOpen] = useState<boolean | null>(null);
  if (open === null) return <span onClickCapture={() => setOpen(true)}>{button}</span>;
  return (
    <span>
      <Suspense fallback={button}>{popup(button, open, setOpen)}</Suspense>
    </span>
  );
}
