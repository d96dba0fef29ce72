/**
 * API clients of the interoperability endpoints (issue 6, part 4): machine accounts with scopes and an area.
 *
 * Authentication is a static bearer token, `tpc_<clientId>_<secret>`, shown once when the client is created (the
 * Klien API page, interop.clients.routes.ts, or `tepat api-clients create`). The secret is 32 random bytes; the server stores only its SHA-256 and compares in
 * constant time. A static token was chosen over an OAuth client-credentials exchange because agency systems call
 * server to server over TLS and a token endpoint would add a second secret to manage without adding a control;
 * revoking the client (`revoked_at`) ends the token at once.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, validationError } from '../../http/errors.ts';
import type { Role } from '../access/access.schema.ts';
import type { Scope } from '../access/access.scope.ts';
import { region } from '../regions/regions.schema.ts';
import { parsePublicKey, type ClientKey } from './dci.signature.ts';
import { apiClient, apiClientKey, apiScopes, type ApiScope } from './interop.schema.ts';

/** The authenticated client of a request. */
export interface ApiPrincipal {
  id: number;
  name: string;
  scopes: ApiScope[];
  regionCode: string;
}

const tokenPattern = /^tpc_(\d{1,9})_([A-Za-z0-9_-]{43})$/;

/** A refused field, its message also the error's own (what the web page shows). */
const refuse = (path: string, reason: string, message: string) =>
  validationError([{ path, reason, message }], message);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Creates a client and returns its token; the token is not stored and cannot be shown again. */
export async function createApiClient(
  db: Db,
  input: { name: string; scopes: string[]; regionCode: string },
): Promise<{ client: ApiPrincipal; token: string }> {
  const unknown = input.scopes.filter((s) => !apiScopes.includes(s as ApiScope));
  if (input.scopes.length === 0 || unknown.length > 0)
    throw refuse('scopes', 'invalid', `Scopes must be some of: ${apiScopes.join(', ')}.`);
  const [area] = await db.select({ code: region.code }).from(region).where(eq(region.code, input.regionCode));
  if (!area) throw refuse('area', 'unknown', `No region ${input.regionCode}.`);
  const [taken] = await db.select({ id: apiClient.id }).from(apiClient).where(eq(apiClient.name, input.name));
  if (taken) throw refuse('name', 'taken', `An API client is named ${input.name} already.`);
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
  const unauthenticated = () =>
    new AppError('UNAUTHENTICATED', 'Send a valid API client token as `Authorization: Bearer`.');
  if (!authorization?.match(/^Bearer\s+/i) || !match) throw unauthenticated();
  const [row] = await db
    .select()
    .from(apiClient)
    .where(eq(apiClient.id, Number(match[1])));
  if (!row || row.revokedAt) throw unauthenticated();
  const given = Buffer.from(sha256(match[2]!), 'hex');
  if (!timingSafeEqual(given, Buffer.from(row.secretHash, 'hex'))) throw unauthenticated();
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

const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Registers a client's Ed25519 public key (PEM, or base64 of its 32 bytes) under `keyId`. From then on the client
 * must sign its DCI requests. A key id is never reused for another key, even after revoking.
 */
export async function addApiClientKey(
  db: Db,
  clientId: number,
  input: { keyId: string; publicKey: string },
): Promise<{ keyId: string }> {
  if (!keyIdPattern.test(input.keyId))
    throw refuse('keyId', 'invalid', 'A key id is 1–64 letters, digits, dots, dashes or underscores.');
  let pem: string;
  try {
    pem = parsePublicKey(input.publicKey).export({ format: 'pem', type: 'spki' }).toString();
  } catch (error) {
    throw refuse('publicKey', 'invalid', (error as Error).message);
  }
  const [client] = await db.select({ id: apiClient.id }).from(apiClient).where(eq(apiClient.id, clientId));
  if (!client) throw new AppError('NOT_FOUND', `No API client ${clientId}.`);
  const inserted = await db
    .insert(apiClientKey)
    .values({ clientId, keyId: input.keyId, publicKey: pem })
    .onConflictDoNothing()
    .returning({ keyId: apiClientKey.keyId });
  if (inserted.length === 0)
    throw refuse('keyId', 'taken', `Client ${clientId} already has a key ${input.keyId}.`);
  return { keyId: input.keyId };
}

/** Revokes a client's key: signatures made with it are refused from now on. False when there was no such key. */
export async function revokeApiClientKey(db: Db, clientId: number, keyId: string): Promise<boolean> {
  const revoked = await db
    .update(apiClientKey)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(apiClientKey.clientId, clientId), eq(apiClientKey.keyId, keyId), isNull(apiClientKey.revokedAt)),
    )
    .returning({ id: apiClientKey.id });
  return revoked.length > 0;
}

/** The client's keys that are not revoked. */
export async function activeKeysOf(db: Db, clientId: number): Promise<ClientKey[]> {
  const rows = await db
    .select({ keyId: apiClientKey.keyId, publicKey: apiClientKey.publicKey })
    .from(apiClientKey)
    .where(and(eq(apiClientKey.clientId, clientId), isNull(apiClientKey.revokedAt)));
  return rows.map((r) => ({ keyId: r.keyId, publicKey: parsePublicKey(r.publicKey) }));
}

/** A client as its managers see it: never its token (only its hash is kept), with its signature keys. */
export interface ApiClientView extends ApiPrincipal {
  createdAt: string;
  revokedAt: string | null;
  keys: { keyId: string; createdAt: string; revokedAt: string | null }[];
}

const isoOrNull = (at: Date | null) => (at === null ? null : at.toISOString());

/** All clients (or the one with `id`), newest first, each with its keys in the order they were added. */
export async function listApiClients(db: Db, id?: number): Promise<ApiClientView[]> {
  const clients = await db
    .select()
    .from(apiClient)
    .where(id === undefined ? undefined : eq(apiClient.id, id))
    .orderBy(desc(apiClient.id));
  const keys = await db
    .select()
    .from(apiClientKey)
    .where(id === undefined ? undefined : eq(apiClientKey.clientId, id))
    .orderBy(asc(apiClientKey.id));
  return clients.map((c) => ({
    id: c.id,
    name: c.name,
    scopes: c.scopes as ApiScope[],
    regionCode: c.regionCode,
    createdAt: c.createdAt.toISOString(),
    revokedAt: isoOrNull(c.revokedAt),
    keys: keys
      .filter((k) => k.clientId === c.id)
      .map((k) => ({
        keyId: k.keyId,
        createdAt: k.createdAt.toISOString(),
        revokedAt: isoOrNull(k.revokedAt),
      })),
  }));
}

/** One client as listApiClients shows it; 404 when there is none. */
export async function getApiClient(db: Db, id: number): Promise<ApiClientView> {
  const [client] = await listApiClients(db, id);
  if (!client) throw new AppError('NOT_FOUND', `No API client ${id}.`);
  return client;
}

/** Revokes a client: its token is refused from now on. False when it was revoked already (404 when none). */
export async function revokeApiClient(db: Db, id: number): Promise<boolean> {
  await getApiClient(db, id);
  const revoked = await db
    .update(apiClient)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiClient.id, id), isNull(apiClient.revokedAt)))
    .returning({ id: apiClient.id });
  return revoked.length > 0;
}
