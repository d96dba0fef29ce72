import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { region } from '../regions/regions.schema.ts';
import { household } from '../registry/registry.schema.ts';
import { appUser, householdAssignment, loginAttempt, session } from './access.schema.ts';
import { householdScopeCondition } from './access.scope.ts';

export type UserRow = typeof appUser.$inferSelect;
export type NewUserRow = typeof appUser.$inferInsert;

const sessionUserColumns = {
  id: appUser.id,
  username: appUser.username,
  displayName: appUser.displayName,
  role: appUser.role,
  regionCode: appUser.regionCode,
  organisation: appUser.organisation,
};

/** A region's level and name, or undefined when the code is unknown. */
export async function findRegion(db: Db, code: string) {
  const [row] = await db
    .select({ code: region.code, level: region.level, name: region.name })
    .from(region)
    .where(eq(region.code, code));
  return row;
}

export async function insertUser(db: Db, user: NewUserRow): Promise<UserRow> {
  const [row] = await db.insert(appUser).values(user).returning();
  return row!;
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(appUser).where(eq(appUser.username, username));
  return row;
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  const [row] = await db.select().from(appUser).where(eq(appUser.id, id));
  return row;
}

/** Usernames among `usernames` that already exist. */
export async function findExistingUsernames(db: Db, usernames: string[]): Promise<string[]> {
  const rows = await db
    .select({ username: appUser.username })
    .from(appUser)
    .where(inArray(appUser.username, usernames));
  return rows.map((r) => r.username);
}

/** Every user with the name of their area, by username. */
export function listUsersWithRegion(db: Db) {
  return db
    .select({ ...sessionUserColumns, regionName: region.name, isActive: appUser.isActive })
    .from(appUser)
    .innerJoin(region, eq(region.code, appUser.regionCode))
    .orderBy(asc(appUser.username));
}

export async function insertSession(
  db: Db,
  row: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db.insert(session).values(row);
}

function prepareSessionUserQuery(db: Db) {
  return db
    .select({ ...sessionUserColumns, csrfToken: session.csrfToken })
    .from(session)
    .innerJoin(appUser, eq(appUser.id, session.userId))
    .where(
      and(
        eq(session.tokenHash, sql.placeholder('tokenHash')),
        gt(session.expiresAt, sql`now()`),
        eq(appUser.isActive, true),
      ),
    )
    .prepare('find_session_user');
}

/** The session lookup runs on every request: built once per database handle, prepared once per connection. */
const sessionUserQueries = new WeakMap<Db, ReturnType<typeof prepareSessionUserQuery>>();

/** The active user of an unexpired session, with the session's CSRF token. */
export async function findSessionUser(db: Db, tokenHash: string): Promise<SessionUser | undefined> {
  let query = sessionUserQueries.get(db);
  if (!query) sessionUserQueries.set(db, (query = prepareSessionUserQuery(db)));
  const [row] = await query.execute({ tokenHash });
  return row;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(session).where(eq(session.tokenHash, tokenHash));
}

/** Removes a user's expired sessions (housekeeping at each sign-in). */
export async function deleteExpiredSessions(db: Db, userId: number): Promise<void> {
  await db.delete(session).where(and(eq(session.userId, userId), sql`${session.expiresAt} <= now()`));
}

export async function insertLoginAttempt(
  db: Db,
  row: { username: string; clientAddress: string; succeeded: boolean },
): Promise<void> {
  await db.insert(loginAttempt).values(row);
}

/** Forgets login attempts older than a day: the rate limit only looks back minutes. */
export async function deleteOldLoginAttempts(db: Db): Promise<void> {
  await db.delete(loginAttempt).where(sql`${loginAttempt.at} < now() - interval '1 day'`);
}

/**
 * Seconds until the caller may try again, or null when not blocked. Blocked when the last `windowMinutes`
 * hold `maxPerUsername` failures for the username (since its last success) or `maxPerClient` failures from
 * the client address; the wait ends when the failure that completed the count leaves the window.
 */
export async function findLoginRetryAfter(
  db: Db,
  attempt: { username: string; clientAddress: string },
  limits: { windowMinutes: number; maxPerUsername: number; maxPerClient: number },
): Promise<number | null> {
  const window = sql`make_interval(mins => ${limits.windowMinutes})`;
  const [row] = await queryRows<{ retry_after: number | null }>(
    db,
    sql`
      WITH username_block AS (
        SELECT at FROM login_attempt
        WHERE username = ${attempt.username} AND NOT succeeded AND at > now() - ${window}
          AND at > coalesce((SELECT max(at) FROM login_attempt
                             WHERE username = ${attempt.username} AND succeeded), '-infinity')
        ORDER BY at DESC OFFSET ${limits.maxPerUsername - 1} LIMIT 1
      ), client_block AS (
        SELECT at FROM login_attempt
        WHERE client_address = ${attempt.clientAddress} AND NOT succeeded AND at > now() - ${window}
        ORDER BY at DESC OFFSET ${limits.maxPerClient - 1} LIMIT 1
      )
      SELECT ceil(extract(epoch FROM
               greatest((SELECT at FROM username_block), (SELECT at FROM client_block)) + ${window} - now()))::int
             AS retry_after`,
  );
  const seconds = row?.retry_after;
  return seconds == null ? null : Math.max(1, seconds);
}

/** Ids among `householdIds` that exist and lie inside the area (via the scoping layer). */
export async function findHouseholdsInArea(db: Db, householdIds: number[], areaCode: string) {
  const inArea = householdScopeCondition(
    { kind: 'region', regionCode: areaCode },
    { kelurahanCode: household.kelurahanCode, householdId: household.id },
  );
  const rows = await db
    .select({ id: household.id })
    .from(household)
    .where(and(inArray(household.id, householdIds), inArea));
  return rows.map((r) => r.id);
}

/** Adds assignments; already assigned households stay as they are. Returns how many were new. */
export async function insertAssignments(db: Db, userId: number, householdIds: number[]): Promise<number> {
  const rows = await db
    .insert(householdAssignment)
    .values(householdIds.map((householdId) => ({ userId, householdId })))
    .onConflictDoNothing()
    .returning({ householdId: householdAssignment.householdId });
  return rows.length;
}
