/** Access to the server's services from loaders and actions, and the guards they use. */
import { type Actor, AppError, type RequestContext, loadActor } from '@jixiao/core';
import { redirect } from '@remix-run/node';

declare module '@remix-run/node' {
  interface AppLoadContext {
    jixiao: RequestContext;
  }
}

export function services(context: { jixiao: RequestContext }) {
  return context.jixiao.services;
}

/** The signed-in actor, or a redirect to the sign-in page. */
export async function requireActor(context: { jixiao: RequestContext }, request: Request): Promise<Actor> {
  const { user, services } = context.jixiao;
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return loadActor(services.db, user);
}

/** Turn a core AppError into an HTTP response with its Chinese message. */
export function httpError(e: unknown): never {
  if (e instanceof AppError) {
    throw new Response(e.message, { status: e.status, statusText: e.code });
  }
  throw e;
}
