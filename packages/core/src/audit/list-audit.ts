/**
 * The audit log for admins: every recorded action by people of, or on tables of, the units they
 * administer — filtered, paged, and as CSV (UTF-8 with BOM, so Excel and WPS open it right).
 */
import { type Database, type Kysely, sql } from '@jixiao/db';
import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { parseInput } from '../inputs.ts';
import { administeredUnits } from '../policy.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';

export const AUDIT_ACTIONS: Record<string, string> = {
  'admin.bootstrap': '创建首个管理员',
  'unit.create': '新建单位',
  'user.create': '新建用户',
  'role.grant': '授予角色',
  'role.revoke': '撤销角色',
  'project.create': '新建绩效目标表',
  'project.import': '导入绩效目标表',
  'project.export': '导出 Excel',
  'project.archive': '删除（归档）表',
  'project.restore': '恢复表',
  'thread.create': '发起讨论',
  'thread.resolve': '解决讨论',
  'thread.reopen': '重新打开讨论',
  'comment.add': '回复评论',
  'comment.edit': '修改评论',
  'comment.delete': '删除评论',
  'notification.read': '标记通知已读',
  'signoff.create': '签署',
  'signoff.revoke': '撤销签署',
  'workflow.submit': '提交审核',
  'workflow.approve': '审核通过',
  'workflow.return': '退回',
  'workflow.withdraw': '撤回',
  'workflow.publish': '公开',
  'workflow.define': '新建审批流程',
  'workflow.update': '修改审批流程',
  'workflow.archive': '停用审批流程',
};

/** A calendar day, YYYY-MM-DD, that exists. */
const day = (label: string) =>
  z
    .string()
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).getUTCDate() === Number(v.slice(8, 10)), {
      error: `${label}应为有效日期（YYYY-MM-DD）`,
    });

export const auditQuerySchema = z.object({
  /** an action code, or a prefix ending in `.` (e.g. `workflow.`) */
  action: z.string().max(40, { error: '操作类型无效' }).optional(),
  actorId: z.string().max(64, { error: '操作人无效' }).optional(),
  target: z.string().max(64, { error: '对象无效' }).optional(),
  from: day('开始日期').optional(),
  to: day('结束日期').optional(),
  page: z.coerce.number({ error: '页码无效' }).int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number({ error: '每页条数无效' }).int().min(1).max(200).default(50),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

export interface AuditEntry {
  id: number;
  at: string;
  actor: { id: string; name: string } | null;
  action: string;
  /** the action in words */
  label: string;
  target: string;
  /** what the target id names: the table's, unit's, user's or workflow's name */
  targetName: string | null;
  data: unknown;
  ip: string | null;
  userAgent: string | null;
}

/** Most rows one CSV export holds. */
const CSV_ROWS = 50_000;

async function scoped(db: Kysely<Database>, actor: Actor, raw: AuditQuery) {
  const query = parseInput(auditQuerySchema, raw);
  const units = [...administeredUnits(actor, await loadUnitGraph(db))];
  if (!units.length) throw new AppError('FORBIDDEN', '只有管理员可以查看审计日志');
  let q = db
    .selectFrom('audit')
    .leftJoin('user', 'user.id', 'audit.actor_id')
    // what the target id names, in words (a table, a unit, a user or a workflow)
    .leftJoin('project as tp', 'tp.id', 'audit.target')
    .leftJoin('unit as tu', 'tu.id', 'audit.target')
    .leftJoin('user as tuser', 'tuser.id', 'audit.target')
    .leftJoin('workflow as tw', 'tw.id', 'audit.target')
    .where((eb) =>
      eb.or([
        eb('audit.actor_id', 'in', eb.selectFrom('membership').select('membership.user_id').where('membership.unit_id', 'in', units)),
        eb('audit.target', 'in', eb.selectFrom('project').select('project.id').where('project.unit_id', 'in', units)),
        eb('audit.target', 'in', units),
      ]),
    );
  if (query.action) q = query.action.endsWith('.') ? q.where(sql<boolean>`audit.action like ${`${query.action.replace(/[\\%_]/g, '\\$&')}%`} escape '\\'`) : q.where('audit.action', '=', query.action);
  if (query.actorId) q = q.where('audit.actor_id', '=', query.actorId);
  if (query.target) q = q.where('audit.target', '=', query.target);
  // days are Beijing days (UTC+8, no daylight saving), as the page shows times; stored times are UTC ISO
  if (query.from) q = q.where('audit.at', '>=', beijingMidnight(query.from, 0));
  if (query.to) q = q.where('audit.at', '<', beijingMidnight(query.to, 1));
  return { q, query };
}

/** The UTC ISO time of 00:00 in Beijing on `date` plus `days`. */
function beijingMidnight(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00+08:00`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString();
}

const columns = [
  'audit.id',
  'audit.at',
  'audit.actor_id',
  'user.name as actor_name',
  'audit.action',
  'audit.target',
  'tp.name as target_project',
  'tu.name as target_unit',
  'tuser.name as target_user',
  'tw.name as target_workflow',
  'audit.data',
  'audit.ip',
  'audit.user_agent',
] as const;

type Row = {
  id: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target: string;
  target_project: string | null;
  target_unit: string | null;
  target_user: string | null;
  target_workflow: string | null;
  data: string;
  ip: string | null;
  user_agent: string | null;
};

function toEntry(r: Row): AuditEntry {
  let data: unknown = r.data;
  try {
    data = JSON.parse(r.data);
  } catch {
    // kept as text
  }
  return {
    id: Number(r.id),
    at: r.at,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
    action: r.action,
    label: AUDIT_ACTIONS[r.action] ?? r.action,
    target: r.target,
    targetName: r.target_project ?? r.target_unit ?? r.target_user ?? r.target_workflow ?? null,
    data,
    ip: r.ip,
    userAgent: r.user_agent,
  };
}

export async function listAudit(db: Kysely<Database>, actor: Actor, raw: AuditQuery = {}): Promise<{ items: AuditEntry[]; total: number }> {
  const { q, query } = await scoped(db, actor, raw);
  const { total } = await q.select((e) => e.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .select([...columns])
    .orderBy('audit.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items: rows.map((r) => toEntry(r as Row)), total: Number(total) };
}

/** The filtered log as CSV, newest first. */
export async function auditCsv(db: Kysely<Database>, actor: Actor, raw: AuditQuery = {}): Promise<string> {
  const { q } = await scoped(db, actor, raw);
  const rows = await q.select([...columns]).orderBy('audit.id', 'desc').limit(CSV_ROWS).execute();
  const lines = [['时间', '操作人', '操作', '操作代码', '对象', '对象名称', 'IP', '浏览器', '详情']];
  for (const row of rows) {
    const e = toEntry(row as Row);
    lines.push([e.at, e.actor?.name ?? '系统', e.label, e.action, e.target, e.targetName ?? '', e.ip ?? '', e.userAgent ?? '', typeof e.data === 'string' ? e.data : JSON.stringify(e.data)]);
  }
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Quoted when needed; a cell starting with = + - @ is prefixed so spreadsheets never run it. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
