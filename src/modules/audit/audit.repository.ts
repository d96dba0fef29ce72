import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { appUser } from '../access/access.schema.ts';
import { auditLog } from './audit.schema.ts';

/** Filters of the audit trail; all optional, combined with AND. `to` is exclusive. */
export interface AuditFilter {
  subjectType?: string;
  subjectId?: string;
  actorId?: number;
  action?: string;
  from?: Date;
  to?: Date;
}

function whereOf(filter: AuditFilter): SQL | undefined {
  return and(
    filter.subjectType === undefined ? undefined : eq(auditLog.subjectType, filter.subjectType),
    filter.subjectId === undefined ? undefined : eq(auditLog.subjectId, filter.subjectId),
    filter.actorId === undefined ? undefined : eq(auditLog.actorId, filter.actorId),
    filter.action === undefined ? undefined : eq(auditLog.action, filter.action),
    filter.from === undefined ? undefined : gte(auditLog.at, filter.from),
    filter.to === undefined ? undefined : lt(auditLog.at, filter.to),
  );
}

/** One page of audit entries, newest first, with the acting user's name. */
export function findAuditEntries(db: Db, filter: AuditFilter, page: { limit: number; offset: number }) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorRole: auditLog.actorRole,
      actorUsername: appUser.username,
      actorDisplayName: appUser.displayName,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      regionCode: auditLog.regionCode,
      purpose: auditLog.purpose,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(appUser, eq(appUser.id, auditLog.actorId))
    .where(whereOf(filter))
    .orderBy(desc(auditLog.id))
    .limit(page.limit)
    .offset(page.offset);
}

/** How many audit entries match the filter. */
export async function countAuditEntries(db: Db, filter: AuditFilter): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditLog).where(whereOf(filter));
  return row?.n ?? 0;
}

/** A page of the audit trail and the number of matching entries. */
export async function listAuditTrail(db: Db, filter: AuditFilter, page: { page: number; pageSize: number }) {
  const [items, total] = await Promise.all([
    findAuditEntries(db, filter, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize }),
    countAuditEntries(db, filter),
  ]);
  return { items, total };
}
