/**
 * The live events of one table (GET /api/projects/:id/events, Server-Sent Events): one
 * EventSource per page, shared by every hook through a small hub. Events carry ids only; each
 * hook refetches what an event names. Every (re)connection is announced as a `resync`, since
 * events may have been missed while the stream was down; EventSource reconnects by itself, and
 * a stream the server refused (closed for good) is opened again after a pause.
 *
 * Each event is also dispatched on `window` as `jixiao:project-event`, for the notification bell.
 */
import type { ProjectEvent } from '@jixiao/core';
import { useEffect, useRef, useState } from 'react';

export type ReviewEvent = ProjectEvent;
export type ReviewEventListener = (event: ReviewEvent) => void;

export const WINDOW_EVENT = 'jixiao:project-event';
const REOPEN_MS = 5000;

export interface EventHub {
  subscribe(listener: ReviewEventListener): () => void;
}

export type StreamState = 'connecting' | 'open' | 'closed';

/** Opens the project's event stream while mounted; returns the hub and the stream's state. */
export function useEventStream(projectId: string): { hub: EventHub; state: StreamState } {
  const listeners = useRef(new Set<ReviewEventListener>());
  const [hub] = useState<EventHub>(() => ({
    subscribe(listener) {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  }));
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const emit = (event: ReviewEvent) => {
      for (const l of [...listeners.current]) {
        try {
          l(event);
        } catch (e) {
          console.warn('[events]', e);
        }
      }
      window.dispatchEvent(new CustomEvent(WINDOW_EVENT, { detail: event }));
    };
    const open = () => {
      source = new EventSource(`/api/projects/${encodeURIComponent(projectId)}/events`);
      source.onopen = () => {
        setState('open');
        emit({ type: 'resync', projectId });
      };
      source.onmessage = (m) => {
        let event: ReviewEvent;
        try {
          event = JSON.parse(m.data) as ReviewEvent;
        } catch {
          return;
        }
        if (event && typeof event.type === 'string') emit(event);
      };
      source.onerror = () => {
        if (stopped) return;
        setState(source?.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
        if (source?.readyState === EventSource.CLOSED) {
          source = null;
          timer = setTimeout(open, REOPEN_MS);
        }
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [projectId]);

  return { hub, state };
}

/**
 * Spread over this long, a `table` event's refetches (every viewer's, each of their hooks) reach
 * the server one by one between keystrokes instead of all in the same instant, which held up
 * the typist's next update behind the whole burst (a 200-row table, two viewers: 30-130 ms).
 */
export const TABLE_REFETCH_SPREAD_MS = 400;

/** `run` after a random part of TABLE_REFETCH_SPREAD_MS (for refetches caused by `table` events). */
export function spreadOut(run: () => void): void {
  setTimeout(run, Math.random() * TABLE_REFETCH_SPREAD_MS);
}

/** Calls `listener` for every event of the page's project (the latest listener, no resubscribing). */
export function useProjectEvents(hub: EventHub | null, listener: ReviewEventListener): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => hub?.subscribe((e) => latest.current(e)), [hub]);
}

/**
 * A loader that refetches on demand: calls made while one is in flight collapse into one more
 * run after it; answers apply in order, and never after unmount. An answer equal to the last one
 * applied is not applied again: a refetch after every burst of typing must not re-render the page.
 * Asked for while the browser is offline, it runs once the network is back (a request then could
 * only fail).
 */
export function useRefetch<T>(load: (signal: AbortSignal) => Promise<T>, apply: (value: T) => void, onError?: (e: unknown) => void): () => void {
  const latest = useRef({ load, apply, onError });
  latest.current = { load, apply, onError };
  const state = useRef({ running: false, again: false, alive: true, offline: false, controller: null as AbortController | null, last: '' });
  useEffect(() => {
    const s = state.current;
    s.alive = true;
    return () => {
      s.alive = false;
      s.controller?.abort();
    };
  }, []);
  const [run] = useState(() => {
    const go = async (): Promise<void> => {
      const s = state.current;
      if (navigator.onLine === false) {
        if (!s.offline) {
          s.offline = true;
          window.addEventListener('online', () => {
            s.offline = false;
            if (s.alive) void go();
          }, { once: true });
        }
        return;
      }
      if (s.running) {
        s.again = true;
        return;
      }
      s.running = true;
      s.again = false;
      s.controller = new AbortController();
      try {
        const value = await latest.current.load(s.controller.signal);
        const text = JSON.stringify(value);
        if (s.alive && text !== s.last) {
          s.last = text;
          latest.current.apply(value);
        }
      } catch (e) {
        if (s.alive && (e as Error).name !== 'AbortError') latest.current.onError?.(e);
      } finally {
        s.running = false;
        if (s.again && s.alive) void go();
      }
    };
    return () => void go();
  });
  return run;
}
