/**
 * The rule findings of the table and the cell markers derived from them: from the server's copy
 * until the live document has synced, then recomputed CHECK_DELAY ms after the document stops
 * changing (never in the path of a keystroke). Unchanged findings and markers keep
 * their identity, so the checklist and the grid's rows re-render only where something changed.
 */
import { type Finding, type TableDoc, type TableJSON, checkTable } from '@jixiao/table';
import { useEffect, useMemo, useState } from 'react';
import { type Marker, markersOf } from './findings';

export interface Checked {
  json: TableJSON;
  findings: Finding[];
  markers: Map<string, Marker>;
}

export const CHECK_DELAY = 300;

function check(json: TableJSON): Checked {
  const findings = checkTable(json);
  return { json, findings, markers: markersOf(findings, json) };
}

const sameMarker = (a: Marker | undefined, b: Marker) =>
  !!a && a.severity === b.severity && a.messages.length === b.messages.length && a.messages.every((m, i) => m === b.messages[i]);

/** `next` with every part that equals `prev` replaced by prev's (same object, same identity). */
export function keepIdentity(prev: Checked, next: Checked): Checked {
  const markers = new Map<string, Marker>();
  let markersSame = prev.markers.size === next.markers.size;
  for (const [key, m] of next.markers) {
    const old = prev.markers.get(key);
    if (sameMarker(old, m)) markers.set(key, old!);
    else {
      markers.set(key, m);
      markersSame = false;
    }
  }
  const findingsSame = JSON.stringify(prev.findings) === JSON.stringify(next.findings);
  if (findingsSame && markersSame) return prev;
  return {
    json: findingsSame ? prev.json : next.json,
    findings: findingsSame ? prev.findings : next.findings,
    markers: markersSame ? prev.markers : markers,
  };
}

export function useChecked(table: TableDoc | null, snapshot: TableJSON): Checked {
  const initial = useMemo(() => check(snapshot), [snapshot]);
  const [live, setLive] = useState<Checked | null>(null);
  useEffect(() => {
    if (!table) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      timer = undefined;
      const next = check(table.toJSON());
      setLive((prev) => keepIdentity(prev ?? initial, next));
    };
    run();
    // debounced: while someone types (here or elsewhere) the rules wait, so that no check ever
    // runs between a keystroke arriving and its being shown
    const onUpdate = () => {
      clearTimeout(timer);
      timer = setTimeout(run, CHECK_DELAY);
    };
    table.doc.on('update', onUpdate);
    return () => {
      clearTimeout(timer);
      table.doc.off('update', onUpdate);
    };
  }, [table, initial]);
  return live ?? initial;
}
