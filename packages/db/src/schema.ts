/** Table types of the application's own tables (better-auth's tables are its own business). */
import type { ColumnType, Generated } from 'kysely';

export type Role = 'editor' | 'reviewer' | 'approver' | 'admin';
export type UnitKind = 'department' | 'finance';
export type UnitLevel = 'region' | 'city' | 'county';

export interface UnitTable {
  id: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  parent_id: string | null;
  created_at: ColumnType<string, string, never>;
}

/** A finance bureau oversees a unit and everything below it. */
export interface UnitOversightTable {
  finance_unit_id: string;
  unit_id: string;
}

export interface MembershipTable {
  user_id: string;
  unit_id: string;
  role: Role;
}

export interface ProjectTable {
  id: string;
  unit_id: string;
  name: string;
  year: number;
  kind: 'target' | 'self_eval';
  created_by: string | null;
  created_at: ColumnType<string, string, never>;
  /** set when deleted (archived); an admin can restore it */
  archived_at: ColumnType<string | null, string | null | undefined, string | null>;
  archived_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Append-only log of Yjs updates, compacted into doc_snapshot. */
export interface DocUpdateTable {
  id: Generated<number>;
  project_id: string;
  data: Uint8Array;
  /** who sent it (null: stored before attribution, or made by the server) */
  user_id: ColumnType<string | null, string | null | undefined, never>;
  received_at: ColumnType<string | null, string | null | undefined, never>;
}

export interface DocSnapshotTable {
  project_id: string;
  data: Uint8Array;
  /** id of the last doc_update merged into data */
  upto: number;
  updated_at: string;
}

export interface AuditTable {
  id: Generated<number>;
  actor_id: string | null;
  action: string;
  target: string;
  data: string;
  at: string;
  /** where the action came from, when it came over HTTP */
  ip: ColumnType<string | null, string | null | undefined, never>;
  user_agent: ColumnType<string | null, string | null | undefined, never>;
}

/** better-auth's user table (created and written by better-auth; read here for listings). */
export interface AuthUserTable {
  id: string;
  email: string;
  name: string;
}

/** Accounts made by demo mode, refused when the server runs without it. */
export interface DemoAccountTable {
  user_id: string;
}

export type AnchorKind = 'indicator' | 'header' | 'goal';
export type ThreadStatus = 'open' | 'resolved';

/** A conversation anchored to one part of a table. */
export interface ThreadTable {
  id: string;
  project_id: string;
  anchor_kind: AnchorKind;
  indicator_id: string | null;
  header_field: string | null;
  /** JSON {start, end}: Yjs relative positions (base64) in the goal text */
  goal_range: string | null;
  status: ThreadStatus;
  created_by: string;
  created_at: ColumnType<string, string, never>;
  resolved_by: string | null;
  resolved_at: string | null;
}

export interface CommentTable {
  id: string;
  thread_id: string;
  author_id: string;
  /** plain text; emptied when deleted (the audit keeps what it said) */
  body: string;
  created_at: ColumnType<string, string, never>;
  edited_at: string | null;
  deleted_at: string | null;
}

export interface MentionTable {
  comment_id: string;
  user_id: string;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: 'mention' | 'workflow';
  project_id: string;
  thread_id: string | null;
  comment_id: string | null;
  created_at: ColumnType<string, string, never>;
  read_at: string | null;
  /** JSON details of a workflow notice (null for mentions) */
  data: ColumnType<string | null, string | null | undefined, never>;
}

/** A part of a table: `indicator:<id>`, `section:basic|money|goal`; sign-offs may also name `table`. */
export type PartKey = string;

/** Who changed each part of a table last, kept by the collaboration server. */
export interface PartChangeTable {
  project_id: string;
  part: PartKey;
  user_id: string;
  changed_at: string;
}

export type SignoffTargetKind = 'indicator' | 'section' | 'table';

export interface SignoffTable {
  id: string;
  project_id: string;
  target_kind: SignoffTargetKind;
  target: PartKey;
  user_id: string;
  role: string;
  unit_id: string;
  content_hash: string;
  /** canonical JSON of what was signed */
  content: string;
  created_at: ColumnType<string, string, never>;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** An approval workflow assigned to a unit subtree (all units when null), a year and a kind. */
export interface WorkflowTable {
  id: string;
  name: string;
  unit_id: string | null;
  year: number | null;
  kind: 'target' | 'self_eval' | null;
  created_by: string | null;
  created_at: ColumnType<string, string, never>;
  archived_at: string | null;
}

/** One immutable version of a workflow's stages (JSON). */
export interface WorkflowVersionTable {
  id: string;
  workflow_id: string;
  version: number;
  stages: string;
  created_by: string | null;
  created_at: ColumnType<string, string, never>;
}

export type WorkflowStatus = 'draft' | 'review' | 'approved' | 'published';

/** A table's place in its workflow; changed only against the `version` the actor saw. */
export interface ProjectWorkflowTable {
  project_id: string;
  workflow_version_id: string;
  stage_id: string | null;
  status: WorkflowStatus;
  version: number;
  submitted_by: string | null;
  acted_since_submit: number;
  last_action: string | null;
  return_reason: string | null;
  updated_at: string;
}

/** The table as it was at a workflow transition. */
export interface TableVersionTable {
  id: string;
  project_id: string;
  seq: number;
  action: string;
  stage_id: string | null;
  stage_name: string | null;
  by_user: string | null;
  reason: string | null;
  content: string;
  state: Uint8Array;
  created_at: ColumnType<string, string, never>;
}

export interface Database {
  user: AuthUserTable;
  unit: UnitTable;
  unit_oversight: UnitOversightTable;
  membership: MembershipTable;
  project: ProjectTable;
  doc_update: DocUpdateTable;
  doc_snapshot: DocSnapshotTable;
  audit: AuditTable;
  demo_account: DemoAccountTable;
  thread: ThreadTable;
  comment: CommentTable;
  mention: MentionTable;
  notification: NotificationTable;
  part_change: PartChangeTable;
  signoff: SignoffTable;
  workflow: WorkflowTable;
  workflow_version: WorkflowVersionTable;
  project_workflow: ProjectWorkflowTable;
  table_version: TableVersionTable;
}
