/** A Server-Sent Events reader for tests: the parsed `data:` events and the comment lines. */
export interface SseClient {
  status: number;
  headers: Headers;
  events: unknown[];
  comments: string[];
  /** resolves when the server ends the stream */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, cookie?: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { ...(cookie ? { cookie } : {}), ...headers }, signal: abort.signal });
  const events: unknown[] = [];
  const comments: string[] = [];
  let ended: Promise<void> = Promise.resolve();
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    ended = (async () => {
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += value;
          for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            for (const line of block.split('\n')) {
              if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
              else if (line.startsWith(':')) comments.push(line);
            }
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  } else {
    await res.body?.cancel();
  }
  return { status: res.status, headers: res.headers, events, comments, ended, close: () => abort.abort() };
}
