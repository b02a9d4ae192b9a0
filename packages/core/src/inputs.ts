/**
 * The shape and limits of every input a service action takes, as zod schemas: one place for
 * "what may come in". Services parse their input first, so the JSON API and the Remix actions
 * get the same checks and the same Chinese messages. Enums are checked against own keys, so
 * `__proto__` or `toString` are never a role or a kind.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { AppError } from './errors.ts';
import { HEADER_FIELDS, MONEY_FIELDS } from '@jixiao/table';
import { ROLES, UNIT_KINDS, UNIT_LEVELS } from './roles.ts';
import { stagesSchema } from './workflow/definition.ts';

export const LIMITS = {
  projectName: 200,
  unitName: 100,
  userName: 50,
  email: 254,
  /** better-auth refuses longer passwords at sign-in: never accept one that can't sign in */
  passwordMin: 8,
  passwordMax: 128,
  id: 64,
  oversees: 200,
  importTables: 100,
  /** a comment, in characters (code points) after trimming */
  commentBody: 2000,
  mentions: 20,
  /** a Yjs relative position of the goal text, base64 */
  relativePosition: 512,
  notificationsPage: 100,
  /** live event streams (one per open table page) a user may hold on one server process */
  eventStreamsPerUser: 20,
  /** a return's reason, in characters */
  workflowReason: 1000,
  /** JSON bodies of the API (imports of whole tables included) */
  jsonBodyBytes: 4 * 1024 * 1024,
  /** bodies of /api/auth (better-auth reads them whole, before any session): a sign-in is ~100 bytes */
  authBodyBytes: 64 * 1024,
  /** form posts of the pages (Remix actions read them whole): users, units, workflows */
  pageBodyBytes: 1024 * 1024,
} as const;

const keysOf = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}必须是文字` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .refine((s) => ![...s].some(isControl), { error: `${label}不能包含控制字符` });

/** C0 controls and DEL: invisible, and they break exports and CSV */
const isControl = (ch: string) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f;

/** Whether an id from the URL can be looked up: PostgreSQL refuses a NUL in text. */
export const isStorableId = (id: string): boolean => !id.includes('\u0000');

// no control characters: no id has one, and PostgreSQL refuses a NUL in text (a 500, not a 404)
const id = (label: string) =>
  z
    .string({ error: `${label}无效` })
    .min(1, { error: `${label}无效` })
    .max(LIMITS.id, { error: `${label}无效` })
    .refine((s) => ![...s].some(isControl), { error: `${label}无效` });

export const roleSchema = z.enum(keysOf(ROLES), { error: '角色无效' });
const unitKind = z.enum(keysOf(UNIT_KINDS), { error: '单位类型无效' });
const unitLevel = z.enum(keysOf(UNIT_LEVELS), { error: '行政级别无效' });
const year = z
  .number({ error: '年度必须是数字' })
  .int({ error: '年度无效' })
  .min(2000, { error: '年度无效' })
  .max(2100, { error: '年度无效' });
/** Whether `n` is a year a table can have (a filter by any other year matches nothing). */
export const isTableYear = (n: unknown): boolean => year.safeParse(n).success;

export const createUnitSchema = z.object({
  name: text('单位名称', LIMITS.unitName),
  kind: unitKind,
  level: unitLevel,
  parentId: id('上级单位').nullable().default(null),
  oversees: z.array(id('被监管单位'), { error: '被监管单位必须是列表' }).max(LIMITS.oversees).optional(),
});

export const createUserSchema = z.object({
  email: z
    .string({ error: '邮箱必须是文字' })
    .trim()
    .toLowerCase()
    .max(LIMITS.email, { error: '邮箱太长' })
    .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: '邮箱格式不正确' }),
  name: text('姓名', LIMITS.userName),
  password: z
    .string({ error: '密码必须是文字' })
    .max(LIMITS.passwordMax, { error: `密码不能超过 ${LIMITS.passwordMax} 位` })
    .refine((p) => p.trim().length >= LIMITS.passwordMin, { error: `密码至少 ${LIMITS.passwordMin} 位（不计首尾空格）` }),
  unitId: id('单位'),
  role: roleSchema,
});

export const setRoleSchema = z.object({
  userId: id('用户'),
  unitId: id('单位'),
  role: roleSchema,
  granted: z.boolean({ error: 'granted 必须是 true 或 false' }).default(true),
});

/** A project's name, however it arrives: created, imported, or typed into the table's 项目名称. */
export const projectNameSchema = text('项目名称', LIMITS.projectName);

export const createProjectSchema = z.object({
  unitId: id('单位'),
  name: projectNameSchema,
  // Remix forms send text; the API sends numbers
  year: z.preprocess((v) => (typeof v === 'string' && /^\d{4}$/.test(v.trim()) ? Number(v) : v), year),
});

export const importProjectsSchema = z.object({
  unitId: id('单位'),
  year: year.optional(),
  tables: z
    .array(z.unknown(), { error: '请至少选择一个表格' })
    .min(1, { error: '请至少选择一个表格' })
    .max(LIMITS.importTables, { error: `一次最多导入 ${LIMITS.importTables} 个表格` }),
});

/** Zero-width and other format characters that show nothing. */
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD]/g;
/** Bidirectional overrides and isolates: they make text read differently from what it is ("abc\u202Egpj.exe"). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * A comment: plain text, trimmed, 1–2000 characters; line breaks and tabs are kept, other
 * control characters and direction overrides refused. Stored and returned verbatim (markup is the UI's to escape).
 */
const commentBody = z
  .string({ error: '评论内容必须是文字' })
  .trim()
  .refine((s) => s.length > 0, { error: '请填写评论内容' })
  // zero-width and other invisible characters alone make a comment that looks empty
  .refine((s) => s.replace(INVISIBLE, '').trim().length > 0, { error: '请填写评论内容' })
  .refine((s) => !BIDI_CONTROL.test(s), { error: '评论不能包含文字方向控制字符' })
  .refine((s) => [...s].length <= LIMITS.commentBody, { error: `评论不能超过 ${LIMITS.commentBody} 个字` })
  .refine((s) => ![...s].some((ch) => ch !== '\n' && ch !== '\t' && isControl(ch)), { error: '评论不能包含控制字符' });

/** Users a comment @mentions, by id; each must be able to see the table (checked by the service). */
const mentionList = z
  .array(id('被提及的用户'), { error: '被提及的用户必须是列表' })
  .max(LIMITS.mentions, { error: `一条评论最多提及 ${LIMITS.mentions} 人` })
  .transform((ids) => [...new Set(ids)]);
const mentions = mentionList.default([]);

const relativePosition = z
  .string({ error: '目标文字位置无效' })
  .max(LIMITS.relativePosition, { error: '目标文字位置无效' })
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: '目标文字位置无效' })
  // a position every client can resolve: garbage that merely looks like base64 is refused
  .refine(isRelativePosition, { error: '目标文字位置无效' });

function isRelativePosition(b64: string): boolean {
  try {
    const pos = Y.decodeRelativePosition(new Uint8Array(Buffer.from(b64, 'base64')));
    return pos.item !== null || pos.type !== null || pos.tname !== null;
  } catch {
    return false;
  }
}

const headerFields = [...Object.keys(HEADER_FIELDS), ...Object.keys(MONEY_FIELDS)] as [string, ...string[]];

/** What a thread is about: an indicator (stable id), a header field, or the goal text (optionally a range). */
export const anchorSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('indicator'), indicatorId: id('指标') }),
    z.object({ kind: z.literal('header'), field: z.enum(headerFields, { error: '表头字段无效' }) }),
    z.object({ kind: z.literal('goal'), start: relativePosition.optional(), end: relativePosition.optional() }).refine(
      (a) => (a.start === undefined) === (a.end === undefined),
      { error: '目标文字范围需要起点和终点' },
    ),
  ],
  { error: '讨论位置无效（指标、表头或绩效目标）' },
);

export const createThreadSchema = z.object({
  projectId: id('项目'),
  anchor: anchorSchema,
  body: commentBody,
  mentions,
});

export const addCommentSchema = z.object({ threadId: id('讨论'), body: commentBody, mentions });
/** `mentions` absent: the comment keeps whom it mentioned; present: the full list after the edit. */
export const editCommentSchema = z.object({ commentId: id('评论'), body: commentBody, mentions: mentionList.optional() });
export const markReadSchema = z.object({
  /** absent: every notification of the user */
  ids: z.array(id('通知'), { error: '通知必须是列表' }).max(LIMITS.notificationsPage, { error: '一次最多标记 100 条' }).optional(),
});

/** What a sign-off covers: an indicator (stable id), a header section, or the whole table. */
export const signoffTargetSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('indicator'), indicatorId: id('指标') }),
    z.object({ kind: z.literal('section'), section: z.enum(['basic', 'money', 'goal'], { error: '表头部分无效（basic、money 或 goal）' }) }),
    z.object({ kind: z.literal('table') }),
  ],
  { error: '签署对象无效（指标、表头部分或整表）' },
);

export const createSignoffSchema = z.object({ projectId: id('项目'), target: signoffTargetSchema });

export type CreateSignoffInput = z.input<typeof createSignoffSchema>;
export type AnchorInput = z.input<typeof anchorSchema>;
export type CreateThreadInput = z.input<typeof createThreadSchema>;
export type AddCommentInput = z.input<typeof addCommentSchema>;
export type EditCommentInput = z.input<typeof editCommentSchema>;
export type MarkReadInput = z.input<typeof markReadSchema>;
export type CreateUnitInput = z.input<typeof createUnitSchema>;
export type CreateUserInput = z.input<typeof createUserSchema>;
export type SetRoleInput = z.input<typeof setRoleSchema>;
export type CreateProjectInput = z.input<typeof createProjectSchema>;
export type ImportProjectsInput = z.input<typeof importProjectsSchema>;

/** The parsed input, or INVALID_INPUT (400) with the first problem in Chinese. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const message = issue?.code === 'invalid_type' && issue.path.length === 0 ? '请求体必须是 JSON 对象' : issue?.message;
  throw new AppError('INVALID_INPUT', message || '输入内容有误');
}

/** A workflow action names the state version it saw; a return says why. */
export const workflowActionSchema = z.object({
  expectedVersion: z.number({ error: '缺少流程版本号（expectedVersion）' }).int({ error: '流程版本号无效' }).min(0, { error: '流程版本号无效' }),
  reason: text('原因', LIMITS.workflowReason).optional(),
  toStage: z.string({ error: '退回环节无效' }).max(LIMITS.id, { error: '退回环节无效' }).optional(),
});
export type WorkflowActionInput = z.output<typeof workflowActionSchema>;

/** A workflow definition as an admin saves it (the stages' own rules are in workflow/definition.ts). */
export const saveWorkflowSchema = z.object({
  name: text('流程名称', LIMITS.unitName),
  unitId: id('适用单位'),
  year: year.nullable().optional(),
  kind: z.enum(['target', 'self_eval'], { error: '表类型无效' }).nullable().optional(),
  stages: stagesSchema,
});
export type SaveWorkflowInput = z.input<typeof saveWorkflowSchema>;
