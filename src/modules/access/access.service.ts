import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { Db } from '../../db/client.ts';
import { AppError, validationError, type FieldIssue } from '../../http/errors.ts';
import { organisationRoles, roleAreaLevel } from './access.policy.ts';
import {
  findExistingUsernames,
  findHouseholdsInArea,
  findRegion,
  findUserById,
  insertAssignments,
  insertUser,
  listUsersWithRegion,
  type UserRow,
} from './access.repository.ts';
import { roles, type Role } from './access.schema.ts';

/** Lower-case letters, digits, dot, underscore and hyphen; 3–32 characters; starts and ends alphanumeric. */
export const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,30}[a-z0-9]$/;
export const passwordMinLength = 8;
/** Bounds the work an attacker can force per login (argon2 hashes the whole input). */
export const passwordMaxLength = 256;
/** `Algorithm.Argon2id`: the library's enum is an ambient const enum, which isolated modules cannot read. */
const argon2id = 2 as Algorithm;

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  regionCode: string;
  organisation?: string | null;
}

/**
 * argon2id with the library defaults, which are OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1;
 * OWASP Password Storage Cheat Sheet). The PHC string stores the parameters, so they can be raised later.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: argon2id });
}

/** True when the password matches the stored argon2 hash. */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** Canonical form of a typed username: usernames are stored lower-case. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

function checkNewUserFields(user: NewUser): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: string, reason: string, message: string) => issues.push({ path, reason, message });
  if (!usernamePattern.test(user.username))
    add('username', 'invalid_format', 'Use 3–32 lower-case letters, digits, ".", "_" or "-".');
  if (user.displayName.trim().length === 0) add('displayName', 'required', 'A display name is required.');
  if (user.password.length < passwordMinLength || user.password.length > passwordMaxLength)
    add('password', 'invalid_length', `Use ${passwordMinLength}–${passwordMaxLength} characters.`);
  if (!roles.includes(user.role)) add('role', 'invalid_enum', `Role must be one of: ${roles.join(', ')}.`);
  else if (organisationRoles.includes(user.role) && !user.organisation?.trim())
    add('organisation', 'required', `A ${user.role} user must name their organisation.`);
  return issues;
}

/** Checks that the area exists and is at the level the role works at (a kota TKPK works on a kota, …). */
async function checkUserArea(db: Db, role: Role, regionCode: string): Promise<FieldIssue[]> {
  const area = await findRegion(db, regionCode);
  if (!area) return [{ path: 'regionCode', reason: 'unknown_region', message: `No region ${regionCode}.` }];
  const level = roleAreaLevel[role];
  if (area.level !== level)
    return [
      {
        path: 'regionCode',
        reason: 'wrong_level',
        message: `A ${role} works on a ${level}; ${regionCode} (${area.name}) is a ${area.level}.`,
      },
    ];
  return [];
}

/** Creates a user after checking the username, password, role and the fit of the area to the role. */
export async function createUser(db: Db, user: NewUser): Promise<UserRow> {
  const issues = checkNewUserFields(user);
  if (issues.length === 0) issues.push(...(await checkUserArea(db, user.role, user.regionCode)));
  if (issues.length > 0) throw validationError(issues);
  if ((await findExistingUsernames(db, [user.username])).length > 0)
    throw new AppError('CONFLICT', `The username ${user.username} is taken.`);
  return insertUser(db, {
    username: user.username,
    displayName: user.displayName.trim(),
    passwordHash: await hashPassword(user.password),
    role: user.role,
    regionCode: user.regionCode,
    organisation: user.organisation?.trim() || null,
  });
}

/** Every user with their area's name (for administration; no password hashes). */
export function listUsers(db: Db) {
  return listUsersWithRegion(db);
}

/**
 * Assigns households to a field officer, whose whole personal-data scope they become (access.scope.ts).
 * Only households in the officer's own kelurahan can be assigned. Returns how many assignments are new.
 */
export async function assignHouseholdsToOfficer(
  db: Db,
  userId: number,
  householdIds: number[],
): Promise<{ assigned: number }> {
  const officer = await findUserById(db, userId);
  if (!officer) throw new AppError('NOT_FOUND', 'User not found.');
  if (officer.role !== 'field_officer' || !officer.isActive)
    throw new AppError('CONFLICT', 'Households can only be assigned to an active field officer.');
  const wanted = [...new Set(householdIds)];
  if (wanted.length === 0) return { assigned: 0 };
  const found = new Set(await findHouseholdsInArea(db, wanted, officer.regionCode));
  const outside = wanted.filter((id) => !found.has(id));
  if (outside.length > 0)
    throw validationError([
      {
        path: 'householdIds',
        reason: 'outside_area',
        message: `Households not found in the officer's kelurahan ${officer.regionCode}: ${outside.join(', ')}.`,
      },
    ]);
  return { assigned: await insertAssignments(db, userId, wanted) };
}
