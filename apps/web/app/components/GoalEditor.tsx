import { TEXT_LIMITS, type TableDoc } from '@jixiao/table';
import type { Marker } from '../lib/findings';
import type { Focus, Peer } from '../lib/use-collab';
import { CommentMark } from './review/ReviewCell';
import { YTextField } from './YTextField';

/** 年度总体绩效目标: long free text that merges concurrent typing character by character. */
export function GoalEditor({
  table,
  initial,
  readOnly,
  peers,
  marker,
  onFocus,
  comments,
}: {
  /** null until the live document has synced: `initial` (the server's copy) shows, read-only */
  table: TableDoc | null;
  initial: string;
  readOnly: boolean;
  peers: Peer[];
  marker?: Marker;
  onFocus(f: Focus | null): void;
  /** the goal's comment mark: open and all threads about it, and what a click does */
  comments?: { open: number; total: number; onOpen(): void };
}) {
  const peer = peers.find((p) => p.focus?.rowId === 'goal');
  return (
    <div
      className={marker ? `cell goal finding-${marker.severity}` : 'cell goal'}
      data-finding-key="goal"
      title={marker?.messages.join('\n')}
      style={peer ? ({ '--peer-color': peer.color } as React.CSSProperties) : undefined}
    >
      <YTextField
        text={table?.goal ?? null}
        initial={initial}
        readOnly={readOnly}
        multiline
        rows={5}
        ariaLabel="年度总体绩效目标"
        maxLength={TEXT_LIMITS.goal}
        testId="goal"
        placeholder="填写年度总体绩效目标"
        onFocus={() => onFocus({ rowId: 'goal', field: 'goal' })}
        onBlur={() => onFocus(null)}
      />
      {peer && (
        <>
          <div className="peer-outline" data-testid="peer-outline" />
          <span className="peer-label">{peer.name}</span>
        </>
      )}
      {comments && <CommentMark open={comments.open} total={comments.total} label="年度总体绩效目标" onClick={comments.onOpen} />}
    </div>
  );
}
