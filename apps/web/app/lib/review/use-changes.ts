/**
 * Who changed each part of the table last (GET /api/projects/:id/changes), refetched when the
 * table's content changes (a `table` event) or after a resync.
 */
import type { PartChangeView } from '@jixiao/core';
import { useEffect, useMemo, useState } from 'react';
import { api } from './api';
import { type EventHub, useProjectEvents, useRefetch } from './use-project-events';

export type { PartChangeView };

/** The last change by part (`indicator:<id>`, `section:basic|money|goal`). */
export function useChanges(projectId: string, hub: EventHub): Map<string, PartChangeView> {
  const [list, setList] = useState<PartChangeView[]>([]);
  const refresh = useRefetch((signal) => api<PartChangeView[]>(`/api/projects/${encodeURIComponent(projectId)}/changes`, { signal }), setList);
  useEffect(() => refresh(), [refresh]);
  useProjectEvents(hub, (e) => {
    if (e.type === 'table' || e.type === 'resync') refresh();
  });
  return useMemo(() => new Map(list.map((c) => [c.part, c])), [list]);
}
