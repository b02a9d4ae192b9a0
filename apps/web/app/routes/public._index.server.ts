import { listPublishedTables } from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { services } from '../context.server';

/** 预算公开: every published table, by year and unit — no session needed. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { db } = services(context);
  const params = new URL(request.url).searchParams;
  const year = Number(params.get('year'));
  const unit = params.get('unit')?.trim().slice(0, 100) || undefined;
  const filter = { year: Number.isInteger(year) && year > 0 ? year : undefined, unit };
  const all = await listPublishedTables(db);
  const tables = filter.year || filter.unit ? await listPublishedTables(db, filter) : all;
  return {
    signedIn: !!context.jixiao.user,
    tables,
    years: [...new Set(all.map((t) => t.year))].sort((a, b) => b - a),
    units: [...new Set(all.map((t) => t.unit))].sort((a, b) => a.localeCompare(b, 'zh-CN')),
    filter: { year: filter.year ?? null, unit: filter.unit ?? '' },
  };
}
