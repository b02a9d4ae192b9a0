/**
 * Server rendering, as Remix's default entry, plus a fresh CSP nonce per page: it goes into the
 * Content-Security-Policy header and onto every inline script Remix renders. The styles of the
 * antd components the page uses are rendered into its <head> (antd otherwise inserts them only
 * once its scripts run: the server-rendered page would show unstyled, then jump), and so is
 * the app's own stylesheet.
 */
import { StyleProvider, createCache, extractStyle } from '@ant-design/cssinjs';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import appCss from './app.css?inline';
import { dropNulBytes } from './lib/drop-nul-bytes.server';
import { injectBeforeHeadEnd } from './lib/inject-head.server';
import { NonceContext } from './lib/nonce';
import { htmlSecurityHeaders } from './security-headers.server';

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const nonce = randomBytes(16).toString('base64');
  for (const [name, value] of Object.entries(htmlSecurityHeaders(request, nonce))) {
    responseHeaders.set(name, value);
  }
  // bots get the whole page at once; browsers get the shell first and the rest streamed
  const waitForAll = isbot(request.headers.get('user-agent')) || remixContext.isSpaMode;

  const styles = createCache();
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      const clean = dropNulBytes();
      // the shell is rendered: every antd style it needs is in the cache now; the app's own
      // stylesheet follows (it is small, and inline a first visit need not wait for it)
      clean.pipe(injectBeforeHeadEnd(() => `${extractStyle(styles)}<style data-app-css>${appCss}</style>`)).pipe(body);
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
      resolve(
        new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
      );
      pipe(clean);
    };
    const { pipe, abort } = renderToPipeableStream(
      <StyleProvider cache={styles}>
        <NonceContext.Provider value={nonce}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </NonceContext.Provider>
      </StyleProvider>,
      {
        nonce,
        onShellReady: waitForAll ? undefined : ready,
        onAllReady: waitForAll ? ready : undefined,
        onShellError: reject,
        onError(error: unknown) {
          responseStatusCode = 500;
          // errors before the shell reject and are logged by Remix; later ones only here
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1000);
  });
}
