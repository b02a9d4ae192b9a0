/**
 * Who changed each part of the table last (GET /api/projects/:id/changes), refetched when the
 * table's content changes (a `table` event) or after a resync. Only what is shown counts as a
 * change: while someone types, the part's time moves every event but its text (who, to the
 * minute) mostly does not, and then the map keeps its identity and nothing re-renders.
 */
import type { PartChangeView } from '@jixiao/core';
import { useEffect, useState } from 'react';
import { api } from './api';
import { lastChangeText } from './row-reviews';
import { type EventHub, spreadOut, useProjectEvents, useRefetch } from './use-project-events';

export type { PartChangeView };

/** The last change by part (`indicator:<id>`, `section:basic|money|goal`). */
export function useChanges(projectId: string, hub: EventHub): Map<string, PartChangeView> {
  const [byPart, setByPart] = useState(() => new Map<string, PartChangeView>());
  const refresh = useRefetch(
    (signal) => api<PartChangeView[]>(`/api/projects/${encodeURIComponent(projectId)}/changes`, { signal }),
    (list) => setByPart((prev) => sameShown(prev, list) ? prev : new Map(list.map((c) => [c.part, c]))),
  );
  useEffect(() => refresh(), [refresh]);
  useProjectEvents(hub, (e) => {
    if (e.type === 'table') spreadOut(refresh);
    else if (e.type === 'resync') refresh();
  });
  return byPart;
}

function sameShown(prev: Map<string, PartChangeView>, list: PartChangeView[]): boolean {
  return prev.size === list.length && list.every((c) => lastChangeText(prev.get(c.part)) === lastChangeText(c));
}
