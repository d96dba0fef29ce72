/**
 * The reviewer inbox (issue 4, part 7): a supervisor's pending field visits within their area — how many, how
 * many carry conflicts, which are due soon or overdue — and one page of them, conflicts and oldest first. A visit
 * is due for review within `reviewDays` of its arrival. The list names no person (household id, kelurahan,
 * officer and counts only): the reviewer opens the household, which is audited there.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { householdScopeCondition, requirePersonalDataWrite } from '../access/access.scope.ts';

/** Days a supervisor has to review a field visit (as a change request's default verification deadline). */
export const reviewDays = 14;
/** A visit is "due soon" in the last days before its deadline. */
const dueSoonDays = 3;

export interface InboxItem {
  submissionId: number;
  householdId: number;
  kelurahanCode: string;
  kelurahanName: string;
  officerName: string;
  outcome: string;
  capturedAt: string;
  receivedAt: string;
  dueAt: string;
  clean: number;
  conflicts: number;
}

export interface Inbox {
  counts: { pending: number; withConflicts: number; dueSoon: number; overdue: number };
  items: InboxItem[];
  total: number;
}

export async function readInbox(
  db: Db,
  user: SessionUser,
  page: { page: number; pageSize: number },
): Promise<Inbox> {
  const scope = requirePersonalDataWrite(user);
  const inArea = householdScopeCondition(scope, {
    kelurahanCode: sql`h.kelurahan_code`,
    householdId: sql`h.id`,
  });
  const due = sql`s.received_at + make_interval(days => ${reviewDays})`;
  const pending = sql`
    SELECT s.id, s.household_id, h.kelurahan_code, s.officer_id, s.outcome, s.captured_at, s.received_at,
           ${due} AS due_at,
           (SELECT count(*) FROM field_change c WHERE c.submission_id = s.id AND c.state = 'clean')::int AS clean,
           (SELECT count(*) FROM field_change c WHERE c.submission_id = s.id AND c.state = 'conflict')::int
             AS conflicts
    FROM field_submission s JOIN household h ON h.id = s.household_id
    WHERE s.status = 'pending' AND ${inArea}`;
  const [counts] = await queryRows<Inbox['counts']>(
    db,
    sql`SELECT count(*)::int AS pending, count(*) FILTER (WHERE p.conflicts > 0)::int AS "withConflicts",
               count(*) FILTER (WHERE p.due_at >= now()
                                  AND p.due_at < now() + make_interval(days => ${dueSoonDays}))::int AS "dueSoon",
               count(*) FILTER (WHERE p.due_at < now())::int AS overdue
        FROM (${pending}) p`,
  );
  const items = await queryRows<InboxItem>(
    db,
    sql`SELECT p.id::int AS "submissionId", p.household_id::int AS "householdId",
               p.kelurahan_code AS "kelurahanCode", r.name AS "kelurahanName", u.display_name AS "officerName",
               p.outcome, p.captured_at AS "capturedAt", p.received_at AS "receivedAt", p.due_at AS "dueAt",
               p.clean, p.conflicts
        FROM (${pending}) p
        JOIN region r ON r.code = p.kelurahan_code
        JOIN app_user u ON u.id = p.officer_id
        ORDER BY (p.conflicts > 0) DESC, p.received_at, p.id
        LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`,
  );
  const iso = (v: unknown) => new Date(v as string).toISOString();
  return {
    counts: counts!,
    total: counts!.pending,
    items: items.map((i) => ({
      ...i,
      capturedAt: iso(i.capturedAt),
      receivedAt: iso(i.receivedAt),
      dueAt: iso(i.dueAt),
    })),
  };
}
