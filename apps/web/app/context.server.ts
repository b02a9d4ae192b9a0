/** Access to the server's services from loaders and actions, and the guards they use. */
import { type Actor, AppError, type RequestContext, loadActor } from '@jixiao/core';
import { type ActionFunctionArgs, redirect } from '@remix-run/node';

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

/**
 * Every Remix action is defined through this: its body must be a form, read once here, and an
 * unreadable one (JSON, broken multipart) is a 400, never a 500. Foreign-origin posts (CSRF) are
 * refused before Remix runs, in apps/server mountWeb, since Remix's own check answers them 500.
 */
export function formAction<T>(handle: (args: ActionFunctionArgs, form: FormData) => Promise<T>) {
  return async (args: ActionFunctionArgs): Promise<T> => {
    const form = await args.request.formData().catch(() => {
      throw new Response('无法读取提交的表单，请刷新页面后重试', { status: 400, statusText: 'BAD_REQUEST' });
    });
    return handle(args, form);
  };
}

/** A text field of a posted form; a missing field or a file reads as ''. */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
