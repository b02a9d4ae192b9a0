/**
 * What a workflow is: ordered stages, each naming who acts (a role at the implementing unit, at
 * its supervising department, or at the overseeing finance bureau), who may edit the table
 * during it (none: locked), whether every indicator must be signed off before it is left, and
 * which earlier stages a return may go to. The checks here are the only rules a definition has.
 */
import type { Role } from '@jixiao/db';
import { z } from 'zod';

/** Where a stage's people sit, seen from the table's implementing unit. */
export const STAGE_UNITS = {
  implementing: '实施单位',
  supervising: '主管部门',
  finance: '财政部门',
} as const;
export type StageUnit = keyof typeof STAGE_UNITS;

export interface StageParty {
  role: Exclude<Role, 'admin'>;
  at: StageUnit;
}

export interface Stage {
  id: string;
  name: string;
  /** who moves the table on from this stage (submits, approves, returns) */
  actor: StageParty;
  /** who may edit the table while it is here; empty: locked */
  editors: StageParty[];
  /** every indicator must carry a current sign-off before the table leaves this stage forward */
  requireSignoff: boolean;
  /** earlier stages a return from here may go to (the first stage is always allowed) */
  returnTo: string[];
}

/** DOMAIN.md: 单位填报 → 主管部门审核 → 财政审核 → 批复, then 公开. */
export const DEFAULT_STAGES: readonly Stage[] = Object.freeze([
  {
    id: 'fill',
    name: '单位填报',
    actor: { role: 'editor', at: 'implementing' },
    editors: [{ role: 'editor', at: 'implementing' }],
    requireSignoff: false,
    returnTo: [],
  },
  {
    id: 'department',
    name: '主管部门审核',
    actor: { role: 'reviewer', at: 'supervising' },
    editors: [],
    requireSignoff: true,
    returnTo: ['fill'],
  },
  {
    id: 'finance',
    name: '财政审核',
    actor: { role: 'reviewer', at: 'finance' },
    editors: [],
    requireSignoff: false,
    returnTo: ['fill', 'department'],
  },
  {
    id: 'approval',
    name: '批复',
    actor: { role: 'approver', at: 'finance' },
    editors: [],
    requireSignoff: false,
    returnTo: ['fill', 'department', 'finance'],
  },
]);

const party = z.object({
  role: z.enum(['editor', 'reviewer', 'approver'], { error: '办理角色必须是填报人、审核人或审批人' }),
  at: z.enum(Object.keys(STAGE_UNITS) as [StageUnit, ...StageUnit[]], { error: '办理单位必须是实施单位、主管部门或财政部门' }),
});

const stageSchema = z.object({
  id: z
    .string({ error: '环节标识必须是文字' })
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, { error: '环节标识只能包含小写字母、数字、- 和 _（最多 32 位）' }),
  name: z.string({ error: '环节名称必须是文字' }).trim().min(1, { error: '请填写环节名称' }).max(30, { error: '环节名称不能超过 30 个字' }),
  actor: party,
  editors: z.array(party).max(9, { error: '可编辑人员最多 9 项' }),
  requireSignoff: z.boolean({ error: '“须全部签署”必须是是或否' }),
  returnTo: z.array(z.string()).max(20),
});

/**
 * A definition's stages: at least two (someone fills, someone approves), unique ids, returns only
 * to earlier stages (so a return can never loop forward), the first stage editable by someone
 * (a table nobody can fill can never be submitted), review stages acted on by reviewers or
 * approvers, and the last one by the finance bureau (no unit can approve its own tables).
 * Whether the named people exist for a unit is checked when a definition is assigned to it
 * (definitions.ts).
 */
export const stagesSchema = z
  .array(stageSchema, { error: '环节必须是列表' })
  .min(2, { error: '流程至少需要两个环节（填报和审批）' })
  .max(12, { error: '流程最多 12 个环节' })
  .superRefine((stages, ctx) => {
    const seen = new Set<string>();
    for (const [i, s] of stages.entries()) {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', message: `环节标识“${s.id}”重复`, path: [i, 'id'] });
      for (const to of s.returnTo) {
        if (!seen.has(to)) {
          ctx.addIssue({ code: 'custom', message: `“${s.name}”只能退回到它之前的环节（“${to}”不在它之前，会形成循环）`, path: [i, 'returnTo'] });
        }
      }
      seen.add(s.id);
    }
    if (stages[0] && !stages[0].editors.length) {
      ctx.addIssue({ code: 'custom', message: `第一个环节“${stages[0].name}”必须有可编辑的人员，否则无人能填报`, path: [0, 'editors'] });
    }
    // separation of duties: who fills a table never reviews it, and the finance bureau has the last word
    for (const [i, s] of stages.entries()) {
      if (i > 0 && s.actor.role === 'editor') {
        ctx.addIssue({ code: 'custom', message: `“${s.name}”是审核环节，办理人必须是审核人或审批人，不能是填报人`, path: [i, 'actor'] });
      }
    }
    const last = stages[stages.length - 1];
    if (last && stages.length > 1 && last.actor.at !== 'finance') {
      ctx.addIssue({ code: 'custom', message: `最后一个环节“${last.name}”必须由财政部门办理（批复）`, path: [stages.length - 1, 'actor'] });
    }
  });

/** The stages a return from `stage` may go to: its list, and always the first stage. */
export function returnTargets(stages: readonly Stage[], stageId: string): Stage[] {
  const index = stages.findIndex((s) => s.id === stageId);
  if (index <= 0) return [];
  const allowed = new Set([stages[0]!.id, ...stages[index]!.returnTo]);
  return stages.slice(0, index).filter((s) => allowed.has(s.id));
}

/** Stored JSON back to stages (checked when written; a row that fails here was edited by hand). */
export function parseStoredStages(json: string): Stage[] {
  return stagesSchema.parse(JSON.parse(json));
}
