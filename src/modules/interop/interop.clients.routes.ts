import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, SessionUser } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { createRouter, errorResponses, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { requirePermission } from '../access/access.policy.ts';
import { recordAudit, type AuditEntry } from '../audit/audit.service.ts';
import {
  addApiClientKey,
  createApiClient,
  getApiClient,
  listApiClients,
  revokeApiClient,
  revokeApiClientKey,
} from './interop.clients.ts';
import { apiScopes } from './interop.schema.ts';

/**
 * Managing the machine clients of the DCI API and change feed from the web (the secretariat; `tepat api-clients`
 * does the same from the CLI): create a client (its token is shown once), revoke it, add and revoke the Ed25519
 * keys its DCI requests are signed with. Every change is audited.
 */

const tags = ['api-clients'];

const KeySchema = z
  .object({ keyId: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })
  .openapi('ApiClientKey');

const ClientSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    scopes: z.array(z.enum(apiScopes)),
    regionCode: z.string().openapi({ description: 'The area whose households it may read' }),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    keys: z.array(KeySchema),
  })
  .openapi('ApiClient');

const ClientListSchema = z
  .object({ clients: z.array(ClientSchema), scopes: z.array(z.enum(apiScopes)) })
  .openapi('ApiClientList');

const CreateBody = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{1,59}$/, 'use 2–60 lower-case letters, digits, `.`, `_` or `-`')
      .openapi({ example: 'dinsos-jakut' }),
    scopes: z.array(z.enum(apiScopes)).min(1),
    regionCode: z
      .string()
      .regex(/^\d{2}(\.\d{2}){0,2}(\.\d{4})?$/, 'a Kemendagri region code')
      .openapi({ example: '31.72' }),
  })
  .openapi('NewApiClient');

const CreatedSchema = z
  .object({
    client: ClientSchema,
    token: z.string().openapi({ description: 'Shown once: only its hash is kept' }),
  })
  .openapi('CreatedApiClient');

const KeyBody = z
  .object({
    keyId: z.string().min(1).max(64),
    publicKey: z
      .string()
      .min(1)
      .max(4000)
      .openapi({ description: 'Ed25519 public key: PEM, or base64 of its 32 bytes' }),
  })
  .openapi('NewApiClientKey');

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const KeyParam = IdParam.extend({ keyId: z.string().min(1).max(64) });
const jsonBody = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const list = createRoute({
  method: 'get',
  path: '/api-clients',
  tags,
  summary: 'The API clients with their scopes, area and signature keys (secretariat); tokens are never shown',
  responses: { 200: json(ClientListSchema, 'The clients, newest first'), ...errorResponses },
});

const create = createRoute({
  method: 'post',
  path: '/api-clients',
  tags,
  summary: 'Create an API client; the answer holds its bearer token, which cannot be shown again; audited',
  request: { body: jsonBody(CreateBody) },
  responses: { 201: json(CreatedSchema, 'The client and its token'), ...errorResponses },
});

const revoke = createRoute({
  method: 'post',
  path: '/api-clients/{id}/revoke',
  tags,
  summary: 'Revoke an API client: its token is refused from now on; audited',
  request: { params: IdParam },
  responses: { 200: json(ClientSchema, 'The client, revoked'), ...errorResponses },
});

const addKey = createRoute({
  method: 'post',
  path: '/api-clients/{id}/keys',
  tags,
  summary:
    'Register an Ed25519 public key of a client: from then on its DCI requests must be signed with an active key; audited',
  request: { params: IdParam, body: jsonBody(KeyBody) },
  responses: { 201: json(ClientSchema, 'The client with the new key'), ...errorResponses },
});

const revokeKey = createRoute({
  method: 'post',
  path: '/api-clients/{id}/keys/{keyId}/revoke',
  tags,
  summary: 'Revoke a client’s key: signatures made with it are refused from now on; audited',
  request: { params: KeyParam },
  responses: { 200: json(ClientSchema, 'The client'), ...errorResponses },
});

const manager = (c: Context<AppEnv>) => requirePermission(requireUser(c), 'api_clients.manage');
const db = (c: Context<AppEnv>) => c.get('ctx').database.db;

const audit = (
  c: Context<AppEnv>,
  user: SessionUser,
  action: AuditEntry['action'],
  client: { id: number; regionCode: string },
  purpose: string,
  details: Record<string, unknown>,
) =>
  recordAudit(db(c), user, [
    {
      action,
      subjectType: 'api_client',
      subjectId: client.id,
      regionCode: client.regionCode,
      purpose,
      details,
    },
  ]);

/** API client management routes (mounted under /api/v1). */
export function apiClientsRoutes() {
  const router = createRouter();
  router.openapi(list, async (c) => {
    manager(c);
    return c.json({ clients: await listApiClients(db(c)), scopes: [...apiScopes] }, 200);
  });
  router.openapi(create, async (c) => {
    const user = manager(c);
    const body = c.req.valid('json');
    const { client, token } = await createApiClient(db(c), body);
    await audit(c, user, 'create', client, 'API client created', {
      name: client.name,
      scopes: client.scopes,
    });
    return c.json({ client: await getApiClient(db(c), client.id), token }, 201);
  });
  router.openapi(revoke, async (c) => {
    const user = manager(c);
    const { id } = c.req.valid('param');
    if (!(await revokeApiClient(db(c), id)))
      throw new AppError('CONFLICT', `API client ${id} is revoked already.`);
    const client = await getApiClient(db(c), id);
    await audit(c, user, 'update', client, 'API client revoked', { name: client.name, revoked: true });
    return c.json(client, 200);
  });
  router.openapi(addKey, async (c) => {
    const user = manager(c);
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    await addApiClientKey(db(c), id, body);
    const client = await getApiClient(db(c), id);
    await audit(c, user, 'update', client, 'API client signature key added', { keyId: body.keyId });
    return c.json(client, 201);
  });
  router.openapi(revokeKey, async (c) => {
    const user = manager(c);
    const { id, keyId } = c.req.valid('param');
    if (!(await revokeApiClientKey(db(c), id, keyId)))
      throw new AppError('NOT_FOUND', `API client ${id} has no active key ${keyId}.`);
    const client = await getApiClient(db(c), id);
    await audit(c, user, 'update', client, 'API client signature key revoked', { keyId });
    return c.json(client, 200);
  });
  return router;
}
