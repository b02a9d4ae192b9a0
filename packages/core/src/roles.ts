/** Labels of roles, unit kinds and levels. Browser-safe: imported by pages as @jixiao/core/roles. */
import type { Role, UnitKind, UnitLevel } from '@jixiao/db';

export const ROLES: Record<Role, string> = {
  editor: '填报人',
  reviewer: '审核人',
  approver: '审批人',
  admin: '管理员',
};
export const UNIT_KINDS: Record<UnitKind, string> = { department: '部门', finance: '财政部门' };
export const UNIT_LEVELS: Record<UnitLevel, string> = { region: '自治区', city: '市', county: '县（区）' };

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && v in ROLES;
}
