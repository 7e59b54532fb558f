/**
 * Roles and what they may do. A user holds one role in each organisation they are a member of;
 * a `superbeheerder` holds every right in every organisation. Routes ask for a permission, never
 * for a role, so the table below is the one place that says who may do what.
 */
export const ROLES = ['beheerder', 'webcare', 'redacteur', 'analist', 'archivaris', 'lezer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export const PERMISSIONS = [
  /** See the organisation: its pages, its accounts and their sync state. */
  'org.view',
  /** Change the organisation's settings. */
  'org.settings',
  /** Add, pause and resume channel accounts, and start a sync. */
  'channels.manage',
  /** Add members, change their roles, remove them. */
  'members.manage',
  /** Read and export the audit log. */
  'audit.read',
  /** The organisation's messages and their figures: search, dashboards, the yardstick's own page. */
  'messages.read',
  /** Save, change and delete searches (shared ones for everyone) and their alerts. */
  'searches.manage',
  /** Correct the sentiment of a message, for the organisation's figures. */
  'sentiment.correct',
  /** Work the webcare inbox: claim and assign cases, reply, file, hand off, add notes. */
  'cases.work',
  /** The webcare team's figures per agent (response times, SLA, workload): for managers and the team. */
  'webcare.figures',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERY_MEMBER: readonly Permission[] = ['org.view', 'messages.read'];

/**
 * Listening is the work of webcare, redacteur and analist: they save searches and correct
 * sentiment (a redacteur saves searches but leaves sentiment to those who read along all day);
 * an archivaris and a lezer read. The inbox is webcare's: every member may read its cases (they
 * are the organisation's messages), only webcare (and the beheerder) works them.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  beheerder: PERMISSIONS,
  webcare: [...EVERY_MEMBER, 'searches.manage', 'sentiment.correct', 'cases.work', 'webcare.figures'],
  redacteur: [...EVERY_MEMBER, 'searches.manage'],
  analist: [...EVERY_MEMBER, 'searches.manage', 'sentiment.correct', 'webcare.figures'],
  archivaris: EVERY_MEMBER,
  lezer: EVERY_MEMBER,
};

/** Whether a member with `role` (or a superbeheerder, role null) may do `permission`. */
export function allows(role: Role | null, superbeheerder: boolean, permission: Permission): boolean {
  if (superbeheerder) return true;
  return role !== null && ROLE_PERMISSIONS[role].includes(permission);
}
