/**
 * API clients of the interoperability endpoints (issue 6, part 4): machine accounts with scopes and an area.
 *
 * Authentication is a static bearer token, `tpc_<clientId>_<secret>`, printed once when the client is created
 * (`tepat api-clients create`). The secret is 32 random bytes; the server stores only its SHA-256 and compares in
 * constant time. A static token was chosen over an OAuth client-credentials exchange because agency systems call
 * server to server over TLS and a token endpoint would add a second secret to manage without adding a control;
 * revoking the client (`revoked_at`) ends the token at once.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, validationError } from '../../http/errors.ts';
import type { Role } from '../access/access.schema.ts';
import type { Scope } from '../access/access.scope.ts';
import { region } from '../regions/regions.schema.ts';
import { apiClient, apiScopes, type ApiScope } from './interop.schema.ts';

/** The authenticated client of a request. */
export interface ApiPrincipal {
  id: number;
  name: string;
  scopes: ApiScope[];
  regionCode: string;
}

const tokenPattern = /^tpc_(\d{1,9})_([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Creates a client and returns its token; the token is not stored and cannot be shown again. */
export async function createApiClient(
  db: Db,
  input: { name: string; scopes: string[]; regionCode: string },
): Promise<{ client: ApiPrincipal; token: string }> {
  const unknown = input.scopes.filter((s) => !apiScopes.includes(s as ApiScope));
  if (input.scopes.length === 0 || unknown.length > 0)
    throw validationError([
      { path: 'scopes', reason: 'invalid', message: `Scopes must be some of: ${apiScopes.join(', ')}.` },
    ]);
  const [area] = await db.select({ code: region.code }).from(region).where(eq(region.code, input.regionCode));
  if (!area)
    throw validationError([{ path: 'area', reason: 'unknown', message: `No region ${input.regionCode}.` }]);
  const secret = randomBytes(32).toString('base64url');
  const [row] = await db
    .insert(apiClient)
    .values({
      name: input.name,
      secretHash: sha256(secret),
      scopes: input.scopes,
      regionCode: input.regionCode,
    })
    .returning();
  return {
    client: { id: row!.id, name: row!.name, scopes: row!.scopes as ApiScope[], regionCode: row!.regionCode },
    token: `tpc_${row!.id}_${secret}`,
  };
}

/** The client a bearer token belongs to; 401 when the token is missing, malformed, wrong or revoked. */
export async function authenticateApiClient(
  db: Db,
  authorization: string | undefined,
): Promise<ApiPrincipal> {
  const match = tokenPattern.exec(authorization?.replace(/^Bearer\s+/i, '') ?? '');
  const refuse = () =>
    new AppError('UNAUTHENTICATED', 'Send a valid API client token as `Authorization: Bearer`.');
  if (!authorization?.match(/^Bearer\s+/i) || !match) throw refuse();
  const [row] = await db
    .select()
    .from(apiClient)
    .where(eq(apiClient.id, Number(match[1])));
  if (!row || row.revokedAt) throw refuse();
  const given = Buffer.from(sha256(match[2]!), 'hex');
  if (!timingSafeEqual(given, Buffer.from(row.secretHash, 'hex'))) throw refuse();
  return { id: row.id, name: row.name, scopes: row.scopes as ApiScope[], regionCode: row.regionCode };
}

/** Refuses a client without `scope` (403). */
export function requireScope(client: ApiPrincipal, scope: ApiScope): void {
  if (!client.scopes.includes(scope))
    throw new AppError('FORBIDDEN', `This API client lacks the ${scope} scope.`);
}

/** The client's personal-data scope: its area, through the one scoping layer's region condition. */
export function scopeOfClient(client: ApiPrincipal): Scope {
  return { kind: 'region', regionCode: client.regionCode };
}

/**
 * The audit actor of a client: the audit log names it by id with the role `api_client` (user ids and client
 * ids are told apart by that role).
 */
export function auditActorOf(client: ApiPrincipal): { id: number; role: Role } {
  return { id: client.id, role: 'api_client' as Role };
}
