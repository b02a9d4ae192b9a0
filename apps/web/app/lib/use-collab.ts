/**
 * The live document of a project: a Y.Doc synced by the stock y-websocket client over
 * /collab/:projectId, its connection state and the presence of everyone in it.
 */
import { MESSAGE_SAVED, SAVED_ACK_PARAM, TableDoc, ownClock, savedClock } from '@jixiao/table';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createUndoManager } from './undo';

/** `stopped`: the server closed the socket for good (e.g. an invalid update); a reload is needed. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'stopped';

export interface Focus {
  rowId: string;
  field: string;
}

export interface Peer {
  clientId: number;
  name: string;
  color: string;
  focus: Focus | null;
}

export interface Collab {
  table: TableDoc;
  provider: WebsocketProvider;
  state: ConnectionState;
  synced: boolean;
  /** the document has synced at least once: it is the one to show and edit from now on, offline too */
  loaded: boolean;
  /** a reason the server gave for closing or refusing us */
  notice: string | null;
  peers: Peer[];
  /**
   * Whether every edit made here is committed by the server (its acknowledgement, not the socket
   * state). A store of its own: it flips twice per keystroke, and only the saved tag shows it.
   */
  saved: SavedStore;
  /** undo/redo of this user's own edits */
  undo: Y.UndoManager;
  canUndo: boolean;
  canRedo: boolean;
  setFocus(focus: Focus | null): void;
}

export interface SavedStore {
  get(): boolean;
  subscribe(listener: () => void): () => void;
}

function savedStore(): SavedStore & { set(saved: boolean): void } {
  let saved = true;
  const listeners = new Set<() => void>();
  return {
    get: () => saved,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      if (next === saved) return;
      saved = next;
      for (const l of listeners) l();
    },
  };
}

/** The saved flag of a live document; true (nothing to save) until there is one. */
export function useSaved(store: SavedStore | null): boolean {
  return useSyncExternalStore(store?.subscribe ?? noSubscribe, store?.get ?? alwaysSaved, alwaysSaved);
}
const noSubscribe = () => () => {};
const alwaysSaved = () => true;

const COLORS = ['#e8590c', '#1c7ed6', '#2f9e44', '#9c36b5', '#c2255c', '#0c8599', '#5f3dc4', '#e67700'];
export function colorFor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length]!;
}

const focusKey = (f: Focus | null) => (f ? `${f.rowId}\u0001${f.field}` : '');
function samePeers(a: Peer[], b: Peer[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i]!;
      return p.clientId === q.clientId && p.name === q.name && p.color === q.color && focusKey(p.focus) === focusKey(q.focus);
    })
  );
}

export function useCollab(projectId: string, me: { id: string; name: string }): Collab | null {
  const [collab, setCollab] = useState<Collab | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    const table = new TableDoc(doc);
    const proto = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const provider = new WebsocketProvider(`${proto}://${window.location.host}/collab`, projectId, doc, {
      disableBc: true,
      maxBackoffTime: 5000,
      params: { [SAVED_ACK_PARAM]: '1' },
    });
    const awareness = provider.awareness;
    awareness.setLocalStateField('user', { id: me.id, name: me.name, color: colorFor(me.id) });

    const undo = createUndoManager(table);
    const saved = savedStore();
    let current: Omit<Collab, 'table' | 'provider' | 'setFocus' | 'undo' | 'saved'> = {
      state: 'connecting',
      synced: false,
      loaded: false,
      notice: null,
      peers: [],
      canUndo: false,
      canRedo: false,
    };
    const onUndoStack = () => publish({ canUndo: undo.canUndo(), canRedo: undo.canRedo() });
    undo.on('stack-item-added', onUndoStack);
    undo.on('stack-item-popped', onUndoStack);
    undo.on('stack-cleared', onUndoStack);
    // the highest clock of our own edits the server has committed
    let savedUpTo = 0;
    provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      savedUpTo = Math.max(savedUpTo, savedClock(decoder, doc.clientID));
      saved.set(ownClock(doc) <= savedUpTo);
    };
    let everConnected = false;
    let frame = -1;
    const setFocus = (focus: Focus | null) => awareness.setLocalStateField('focus', focus);
    // the page re-renders only when something it shows changed (not on every document update:
    // the fields observe their own Y.Text, the grid its rows)
    const publish = (patch: Partial<typeof current>) => {
      const next = { ...current, ...patch };
      const changed = (Object.keys(next) as Array<keyof typeof current>).some((k) => next[k] !== current[k]);
      current = next;
      if (!changed && frame !== -1) return;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setCollab({ ...current, table, provider, undo, saved, setFocus }));
    };
    // connected means synced too: until then the fields show the server-rendered copy, read-only
    const connectionState = (status: string): ConnectionState => {
      if (!provider.shouldConnect) return 'stopped';
      if (!navigator.onLine) return 'offline';
      if (status === 'connected' && provider.synced) return 'connected';
      return everConnected ? 'reconnecting' : 'connecting';
    };

    provider.on('status', ({ status }: { status: string }) => {
      publish({ state: connectionState(status), notice: status === 'connected' ? null : current.notice });
    });
    provider.on('sync', (synced: boolean) => {
      if (synced) everConnected = true;
      publish({ synced, loaded: current.loaded || synced, state: connectionState(provider.wsconnected ? 'connected' : 'disconnected') });
    });
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (event?.reason) publish({ notice: event.reason });
    });
    provider.on('closed', ({ reason }: { code: number; reason: string }) => {
      publish({ state: 'stopped', notice: reason || null });
    });
    const onNetwork = () => publish({ state: connectionState(provider.wsconnected ? 'connected' : 'disconnected') });
    window.addEventListener('online', onNetwork);
    window.addEventListener('offline', onNetwork);
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== provider) saved.set(ownClock(doc) <= savedUpTo);
    });
    const onAwareness = () => {
      const peers: Peer[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const user = state.user as { name?: string; color?: string } | undefined;
        if (clientId === doc.clientID || !user?.name) return;
        peers.push({ clientId, name: user.name, color: user.color ?? '#888', focus: (state.focus as Focus) ?? null });
      });
      publish({ peers: samePeers(current.peers, peers) ? current.peers : peers });
    };
    awareness.on('change', onAwareness);
    publish({});

    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('online', onNetwork);
      window.removeEventListener('offline', onNetwork);
      awareness.off('change', onAwareness);
      undo.destroy();
      provider.destroy();
      doc.destroy();
    };
  }, [projectId, me.id, me.name]);

  return collab;
}
