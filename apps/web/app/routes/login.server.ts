import { ROLES, demoAccounts } from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { safeNext } from '../lib/safe-next';

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.jixiao.user) throw redirect(safeNext(new URL(request.url).searchParams.get('next')));
  const demo = context.jixiao.services.demo;
  return {
    demo,
    accounts: demo ? demoAccounts().map((a) => ({ ...a, roleLabel: ROLES[a.role] })) : [],
  };
}
