import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  deleteExpiredSessions,
  deleteOldLoginAttempts,
  deleteSession,
  findLoginRetryAfter,
  findRegion,
  findSessionUser,
  findUserByUsername,
  insertLoginAttempt,
  insertSession,
} from './access.repository.ts';
import { hashPassword, normalizeUsername, verifyPassword } from './access.service.ts';

/** Name of the session cookie; it carries a random token, never anything about the user. */
export const sessionCookieName = 'tepat_session';

/**
 * Login throttling (OWASP Authentication Cheat Sheet): at most 5 failures per username (counted since its last
 * success) and 20 per client address in 15 minutes; the next attempt is refused before the password is checked.
 */
export const loginLimits = { windowMinutes: 15, maxPerUsername: 5, maxPerClient: 20 } as const;

/** One message for every failure, so a caller cannot tell a wrong username from a wrong password. */
const genericFailure = 'Wrong username or password.';

/** SHA-256 of a session token: only this is stored, so a leaked session table cannot be replayed. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

let dummyHash: Promise<string> | undefined;
/** A hash to verify against when the username is unknown, so both failures take the same time. */
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

export interface SignInRequest {
  username: string;
  password: string;
  clientAddress: string;
  /** The session token the client already holds, if any: signing in again ends that session. */
  previousToken?: string;
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: SessionUser;
}

/** Checks the rate limit, then the password; opens a session (token returned once) and audits the outcome. */
export async function signIn(db: Db, request: SignInRequest, ttlHours: number): Promise<SignedIn> {
  const username = normalizeUsername(request.username);
  const attempt = { username, clientAddress: request.clientAddress };
  const retryAfter = await findLoginRetryAfter(db, attempt, loginLimits);
  if (retryAfter !== null) {
    await auditFailure(db, username, null, 'rate_limited');
    throw new AppError('RATE_LIMITED', 'Too many failed sign-in attempts. Try again later.', {
      retryAfterSeconds: retryAfter,
    });
  }
  const user = await findUserByUsername(db, username);
  const matches = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), request.password);
  if (!user || !matches || !user.isActive) {
    await insertLoginAttempt(db, { ...attempt, succeeded: false });
    await auditFailure(
      db,
      username,
      user?.id ?? null,
      user ? (matches ? 'inactive' : 'wrong_password') : 'unknown_user',
    );
    throw new AppError('UNAUTHENTICATED', genericFailure);
  }
  await insertLoginAttempt(db, { ...attempt, succeeded: true });
  await deleteOldLoginAttempts(db);
  await deleteExpiredSessions(db, user.id);
  if (request.previousToken) {
    forgetSession(db, hashSessionToken(request.previousToken));
    await deleteSession(db, hashSessionToken(request.previousToken));
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await insertSession(db, { tokenHash: hashSessionToken(token), userId: user.id, csrfToken, expiresAt });
  const sessionUser: SessionUser = {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionCode: user.regionCode,
    organisation: user.organisation,
    csrfToken,
  };
  await recordAudit(db, sessionUser, [
    {
      action: 'login',
      subjectType: 'session',
      subjectId: user.id,
      regionCode: user.regionCode,
      purpose: 'sign-in',
    },
  ]);
  return { token, expiresAt, user: sessionUser };
}

function auditFailure(db: Db, username: string, userId: number | null, reason: string) {
  return recordAudit(db, null, [
    {
      action: 'login_failed',
      subjectType: 'user',
      subjectId: userId,
      purpose: 'sign-in',
      details: { username, reason },
    },
  ]);
}

/** Ends the session of the token and audits it. */
export async function signOut(db: Db, token: string, user: SessionUser): Promise<void> {
  forgetSession(db, hashSessionToken(token));
  await deleteSession(db, hashSessionToken(token));
  await recordAudit(db, user, [
    {
      action: 'logout',
      subjectType: 'session',
      subjectId: user.id,
      regionCode: user.regionCode,
      purpose: 'sign-out',
    },
  ]);
}

/**
 * Sessions found in the last second, per database handle: a phone syncing its queue or a dashboard loading its
 * panels sends several requests a second, and each would otherwise cost a round trip before any work. Only found
 * sessions are kept (an unknown token always asks the database), signing out or in again drops the entry at once,
 * and anything changed behind this process's back (a session deleted by another server, a user deactivated) takes
 * effect within `sessionCache.ttlMs`.
 */
export const sessionCache = { ttlMs: 1_000, maxEntries: 10_000 };
const cachedSessions = new WeakMap<Db, Map<string, { user: SessionUser; until: number }>>();

function sessionsOf(db: Db) {
  let sessions = cachedSessions.get(db);
  if (!sessions) cachedSessions.set(db, (sessions = new Map<string, { user: SessionUser; until: number }>()));
  return sessions;
}

/** Forgets a session token's cached user (sign-out, or signing in again over it). */
function forgetSession(db: Db, tokenHash: string) {
  cachedSessions.get(db)?.delete(tokenHash);
}

/** The signed-in user of a session token, or null (unknown or expired session, inactive user). */
export async function findUserOfSession(db: Db, token: string): Promise<SessionUser | null> {
  const tokenHash = hashSessionToken(token);
  const sessions = sessionsOf(db);
  const now = Date.now();
  const cached = sessions.get(tokenHash);
  if (cached && cached.until > now) return cached.user;
  const user = (await findSessionUser(db, tokenHash)) ?? null;
  if (!user) sessions.delete(tokenHash);
  else if (sessionCache.ttlMs > 0) {
    if (sessions.size >= sessionCache.maxEntries) sessions.clear();
    sessions.set(tokenHash, { user, until: now + sessionCache.ttlMs });
  }
  return user;
}

/** True when the token sent with a request equals the session's CSRF token (constant-time comparison). */
export function isCsrfTokenValid(user: SessionUser, sent: string | undefined): boolean {
  if (!sent) return false;
  const expected = Buffer.from(user.csrfToken);
  const actual = Buffer.from(sent);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** What the web app needs about the signed-in user: the user with their area, and the CSRF token. */
export async function describeSession(db: Db, user: SessionUser) {
  const area = await findRegion(db, user.regionCode);
  return { user, area: area ?? { code: user.regionCode, level: null, name: user.regionCode } };
}
