import { AppError, publishedTable } from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { services } from '../context.server';

/** One published table as it was approved and published; anything else is a Chinese 404. */
export async function loader({ context, params }: LoaderFunctionArgs) {
  try {
    const published = await publishedTable(services(context).db, params.id ?? '');
    return { signedIn: !!context.jixiao.user, published };
  } catch (e) {
    if (e instanceof AppError && (e.status === 404 || e.code === 'NOT_FOUND')) {
      throw new Response('未找到该绩效目标表：它可能尚未公开，或地址有误。', { status: 404, statusText: 'NOT_FOUND' });
    }
    throw e;
  }
}
